/**
 * The fan-out topology as typed data: defined once, read by the local runtime and checked
 * against every app's Serverless config. Field names follow the AWS resources they become.
 */
export interface OutflowTopology {
  readonly bus: BusDefinition;
  readonly sources: readonly SourceDefinition[];
  readonly subscriptions: readonly SubscriptionDefinition[];
}

interface BusDefinition {
  /** The custom bus's name suffix: deployed as `<backbone service>-<stage>-<name>`. */
  readonly name: string;
  readonly archive: { readonly retentionDays: number };
}

/** A source table and the ONE Pipe that reads its stream (never a second reader). */
export interface SourceDefinition {
  readonly name: string;
  /** The app that owns the table and its Pipe. */
  readonly app: string;
  /** The aggregate type the table holds; bus events get `source = outflow.<aggregateType>`. */
  readonly aggregateType: string;
  readonly pipe: PipeDefinition;
}

export interface PipeDefinition {
  /** EventBridge pattern over the stream record: only records carrying an outbox event pass. */
  readonly filterPattern: Readonly<Record<string, unknown>>;
  /** Pipes input template producing the bus event's `detail` (a BusEventDetail). */
  readonly inputTemplate: string;
  /** Dynamic path for the bus event's `detail-type`, resolved against the untransformed record. */
  readonly detailTypePath: string;
  /** The bus event's `source`. */
  readonly eventSource: string;
  readonly batchSize: number;
  readonly maximumBatchingWindowInSeconds: number;
  /** Finite: 0–10000 (never -1, which retries until the record expires and blocks the shard). */
  readonly maximumRetryAttempts: number;
  /** Finite: 60–604800 s (never -1). */
  readonly maximumRecordAgeInSeconds: number;
  readonly onPartialBatchItemFailure: 'AUTOMATIC_BISECT';
  readonly startingPosition: 'TRIM_HORIZON' | 'LATEST';
}

/**
 * How a subscription's changes travel from the bus to its consumer (docs/architecture.md,
 * "Delivery modes"). Correctness never comes from order (version guard, tombstones, markers); a
 * mode decides how much one aggregate's changes are serialized, the blast radius of a poison
 * change, throughput and cost.
 *
 * - `per-aggregate`: rule → standard buffer queue (+ DLQ by its redrive policy) → an EventBridge
 *   Pipe that re-keys each message (`MessageGroupId` = `$.body.<groupKeyField>`,
 *   `MessageDeduplicationId` = `$.body.<deduplicationIdField>`, `InputTemplate`
 *   `{"detail": <$.body>}`) → SQS FIFO queue in high-throughput mode (+ DLQ) → Lambda. One
 *   aggregate's changes are applied one batch at a time; a poison change holds back only its
 *   own aggregate; Lambda scales with active message groups up to `maximumConcurrency`.
 * - `unordered`: rule → standard queue (+ DLQ) → Lambda: cheapest and most parallel.
 *
 * A fixed message group (an EventBridge rule target's `SqsParameters.MessageGroupId` is a fixed
 * string) is not a mode: it serializes the whole downstream and lets one poison message stall it.
 */
export type DeliveryDefinition = PerAggregateDelivery | UnorderedDelivery;

export interface PerAggregateDelivery {
  readonly mode: 'per-aggregate';
  /**
   * The field of the bus event's detail whose value becomes the FIFO `MessageGroupId` (a Pipes
   * target parameter is ONE JSON path, it cannot concatenate). `aggregateKey` is
   * `<aggregateType>#<aggregateId>`; it must fit SQS's 128 characters for every aggregate type.
   */
  readonly groupKeyField: 'aggregateKey';
  /** The detail field that becomes the FIFO `MessageDeduplicationId` (≤ 128 characters). */
  readonly deduplicationIdField: 'eventId';
  /** The standard buffer queue the rule sends to; its redrive policy is the Pipe's DLQ path. */
  readonly buffer: QueueDefinition;
  /** The re-keying Pipe (source: the buffer queue; target: the FIFO queue). */
  readonly pipe: {
    /** SQS source → SQS target: 1–10. */
    readonly batchSize: number;
    /** 0–300 s. */
    readonly maximumBatchingWindowInSeconds: number;
  };
}

/** @public Part of the topology types apps and generators write. */
export interface UnorderedDelivery {
  readonly mode: 'unordered';
}

export type DeliveryMode = DeliveryDefinition['mode'];

/** An SQS queue's settings (its DLQ is derived: same retention, FIFO when the queue is). */
export interface QueueDefinition {
  /** 0–43200 s; a consumer's queue needs at least 6 × the function timeout (AWS). */
  readonly visibilityTimeoutSeconds: number;
  /** 60–1209600 s. */
  readonly messageRetentionSeconds: number;
  /** Receives before a message moves to the DLQ (finite; AWS recommends ≥ 5 for Lambda). */
  readonly maxReceiveCount: number;
}

/** One downstream: its bus rule, queue(s) with DLQs, consumer and alarms. */
export interface SubscriptionDefinition {
  readonly name: string;
  /** The app that owns the rule, queues, DLQs, consumer and alarms. */
  readonly app: string;
  /** The downstream in a few words, for resource and alarm descriptions (e.g. "the legacy relational database"). */
  readonly description?: string;
  readonly delivery: DeliveryDefinition;
  readonly rule: {
    readonly eventPattern: Readonly<Record<string, unknown>>;
    /** What the queue receives: the bus event's detail. */
    readonly inputPath: '$.detail';
    /** Rule target retry policy (finite) before the target DLQ. */
    readonly maximumRetryAttempts: number;
    readonly maximumEventAgeInSeconds: number;
  };
  /** The queue the consumer reads: FIFO in `per-aggregate` mode, standard in `unordered` mode. */
  readonly queue: QueueDefinition;
  /** The Lambda consumer and its SQS event source mapping. */
  readonly consumer: {
    /** 1–10 (FIFO event sources take at most 10; Outflow keeps 10 for standard queues too). */
    readonly batchSize: number;
    readonly timeoutSeconds: number;
    readonly memorySize: number;
    /**
     * `ScalingConfig.MaximumConcurrency` of the event source mapping: 2–1000 concurrent batches
     * (on FIFO at most one per active message group). Never above `reservedConcurrency`.
     */
    readonly maximumConcurrency: number;
    /** The function's reserved concurrency, if set (caps every invocation of the function). */
    readonly reservedConcurrency?: number;
  };
  readonly alarms: {
    /** Alarm when the oldest message of any of the subscription's queues is older than this. */
    readonly oldestMessageAgeSeconds: number;
    /** Alarm when a DLQ holds more than this many messages (0: any). */
    readonly dlqDepthAbove: number;
  };
}
