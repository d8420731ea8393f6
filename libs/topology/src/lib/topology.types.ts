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

/** One downstream: its bus rule, FIFO queue with DLQ, consumer and alarms. */
export interface SubscriptionDefinition {
  readonly name: string;
  /** The app that owns the rule, queue, DLQ, consumer and alarms. */
  readonly app: string;
  /** The downstream in a few words, for resource and alarm descriptions (e.g. "the legacy relational database"). */
  readonly description?: string;
  readonly rule: {
    readonly eventPattern: Readonly<Record<string, unknown>>;
    /** What the queue receives: the bus event's detail. */
    readonly inputPath: '$.detail';
    /**
     * The FIFO MessageGroupId of every message this rule sends. An EventBridge rule target takes a
     * fixed string (`SqsParameters.MessageGroupId`; only Pipes targets accept a JSON path), so all
     * of a subscription's messages share one group: they are delivered in arrival order, one batch
     * in flight. Version guards make the result independent of that order anyway.
     */
    readonly messageGroupId: string;
    /** Rule target retry policy (finite) before the target DLQ. */
    readonly maximumRetryAttempts: number;
    readonly maximumEventAgeInSeconds: number;
  };
  readonly queue: {
    /** Content-based deduplication: the body carries the event id, so a re-sent copy within 5 minutes is dropped. */
    readonly contentBasedDeduplication: true;
    readonly visibilityTimeoutSeconds: number;
    readonly messageRetentionSeconds: number;
    /** Receives before a message moves to the DLQ (with its failure reason, locally). */
    readonly maxReceiveCount: number;
  };
  /**
   * The Lambda consumer. No batching window: Lambda does not support one on FIFO queues (AWS,
   * "Lambda parameters for Amazon SQS event source mappings"); batches form from what is visible.
   */
  readonly consumer: {
    /** SQS FIFO event source: 1–10. */
    readonly batchSize: number;
    readonly timeoutSeconds: number;
    readonly memorySize: number;
  };
  readonly alarms: {
    /** Alarm when the oldest message is older than this. */
    readonly oldestMessageAgeSeconds: number;
    /** Alarm when the DLQ holds more than this many messages (0: any). */
    readonly dlqDepthAbove: number;
  };
}
