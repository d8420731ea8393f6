/**
 * The AWS limits Outflow validates against, written once: `validateTopology` checks the topology
 * with them and `@outflow/deploy-checks` checks every packaged template with them. Each range is
 * inclusive, in the unit its name says, with the AWS source it comes from.
 */

/** An inclusive integer range. */
export interface IntRange {
  readonly min: number;
  readonly max: number;
}

/** True when `value` is an integer within `range`. */
export const inRange = (value: unknown, range: IntRange): value is number =>
  Number.isInteger(value) && (value as number) >= range.min && (value as number) <= range.max;

/**
 * EventBridge Pipes with a DynamoDB stream source: API model `pipes` `PipeSourceDynamoDBStreamParameters`
 * (https://docs.aws.amazon.com/eventbridge/latest/pipes-reference/API_PipeSourceDynamoDBStreamParameters.html).
 * Retries and record age also accept -1 (infinite); Outflow refuses it, so the finite ranges are given.
 */
export const PIPE_STREAM_LIMITS = {
  batchSize: { min: 1, max: 10_000 },
  maximumBatchingWindowInSeconds: { min: 0, max: 300 },
  /** Finite part of -1..10000 (-1 retries until the record expires and blocks the shard). */
  maximumRetryAttempts: { min: 0, max: 10_000 },
  /** Finite part of -1..604800 (-1 keeps a record until the stream drops it). */
  maximumRecordAgeInSeconds: { min: 60, max: 604_800 },
} as const satisfies Record<string, IntRange>;

/**
 * Pipes → event bus target: `PipeTargetEventBridgeEventBusParameters.Source` is 1–256 characters
 * (https://docs.aws.amazon.com/eventbridge/latest/pipes-reference/API_PipeTargetEventBridgeEventBusParameters.html).
 */
export const PIPE_EVENT_SOURCE_LENGTH: IntRange = { min: 1, max: 256 };

/**
 * EventBridge rule target `RetryPolicy`: 0–185 attempts, 60–86400 s event age
 * (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_RetryPolicy.html).
 */
export const RULE_RETRY_LIMITS = {
  maximumRetryAttempts: { min: 0, max: 185 },
  maximumEventAgeInSeconds: { min: 60, max: 86_400 },
} as const satisfies Record<string, IntRange>;

/**
 * SQS FIFO ids: `MessageGroupId` and `MessageDeduplicationId` are each at most 128 characters of
 * alphanumerics and punctuation
 * (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessage.html).
 * The characters are checked on every event by `parseOutboxEvent` (`SQS_ID_CHARACTERS`).
 */
export const SQS_FIFO_ID_MAX_LENGTH = 128;

/**
 * EventBridge Pipes with an SQS source (`PipeSourceSqsQueueParameters`,
 * https://docs.aws.amazon.com/eventbridge/latest/pipes-reference/API_PipeSourceSqsQueueParameters.html):
 * batch size 1–10000, but at most 10 when the target is an SQS queue (one SendMessageBatch);
 * batching window 0–300 s. An SQS-source Pipe has no DLQ or retry setting of its own: it inherits
 * the source queue's redrive policy (eb-pipes-sqs).
 */
export const PIPE_SQS_LIMITS = {
  batchSizeToSqs: { min: 1, max: 10 },
  maximumBatchingWindowInSeconds: { min: 0, max: 300 },
} as const satisfies Record<string, IntRange>;

/**
 * SQS queue attributes (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SetQueueAttributes.html):
 * visibility timeout 0–43200 s (12 h), retention 60–1209600 s (14 days); `maxReceiveCount` of a
 * RedrivePolicy 1–1000 (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html).
 */
export const SQS_LIMITS = {
  visibilityTimeoutSeconds: { min: 0, max: 43_200 },
  messageRetentionSeconds: { min: 60, max: 1_209_600 },
  maxReceiveCount: { min: 1, max: 1000 },
} as const satisfies Record<string, IntRange>;

/** The longest retention SQS allows (14 days): every DLQ keeps its messages that long. */
export const SQS_MAX_RETENTION_SECONDS = SQS_LIMITS.messageRetentionSeconds.max;

/**
 * Lambda: an SQS FIFO event source mapping takes batches of 1–10 (API model `lambda`
 * `CreateEventSourceMapping`, https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-parameters.html);
 * a function timeout is 1–900 s (https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html).
 */
export const LAMBDA_LIMITS = {
  fifoBatchSize: { min: 1, max: 10 },
  /**
   * `ScalingConfig.MaximumConcurrency` of an SQS event source mapping: 2–1000, never above the
   * function's reserved concurrency (https://docs.aws.amazon.com/lambda/latest/api/API_ScalingConfig.html).
   */
  maximumConcurrency: { min: 2, max: 1000 },
  /**
   * Reserved concurrency Outflow accepts: 0 would throttle every invocation; the account quota
   * (1000 by default, can be raised) bounds it on AWS.
   */
  reservedConcurrency: { min: 1, max: 10_000 },
  timeoutSeconds: { min: 1, max: 900 },
  /** A stream event source mapping: the same finite ranges as a stream Pipe. */
  streamMaximumRetryAttempts: PIPE_STREAM_LIMITS.maximumRetryAttempts,
  streamMaximumRecordAgeInSeconds: PIPE_STREAM_LIMITS.maximumRecordAgeInSeconds,
} as const satisfies Record<string, IntRange>;

/**
 * Lambda with SQS: set the queue's visibility timeout to at least 6 × the function timeout
 * (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html).
 */
export const VISIBILITY_TIMEOUT_PER_FUNCTION_TIMEOUT = 6;

/**
 * EventBridge archive retention in days; AWS takes any non-negative integer (0 = indefinitely,
 * https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_CreateArchive.html). Outflow wants
 * a finite retention of at most 10 years.
 */
export const ARCHIVE_RETENTION_DAYS: IntRange = { min: 1, max: 3650 };

/**
 * CloudWatch alarm thresholds Outflow accepts: an oldest-message age within SQS retention, a DLQ
 * depth of 0 (alarm on any message) up to 1,000,000.
 */
export const ALARM_LIMITS = {
  oldestMessageAgeSeconds: { min: 60, max: SQS_MAX_RETENTION_SECONDS },
  dlqDepthAbove: { min: 0, max: 1_000_000 },
} as const satisfies Record<string, IntRange>;

/**
 * Payload sizes on Outflow's path (issue 12, item 11), in bytes, each inclusive ("at most"):
 * a change is one DynamoDB item (state and event), its stream record goes through the Pipe,
 * whose input template renders the bus entry (the event text escaped again inside the detail),
 * the bus delivers the detail to each downstream's SQS queue, and Lambda reads it from there.
 */
export const PAYLOAD_LIMITS = {
  /**
   * A DynamoDB item: 400 KB, counting the UTF-8 bytes of every attribute name and value (numbers
   * about 1 byte per 2 significant digits + 1, binary raw bytes, 3 bytes per List/Map and 1 per
   * element; https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html#limits-items,
   * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html).
   */
  dynamoDbItem: 400 * 1024,
  /**
   * An EventBridge PutEvents entry: 1 MB since 2026-01-29 (was 256 KB; AWS Compute Blog, "More
   * room to build: serverless services now support payloads up to 1 MB",
   * https://aws.amazon.com/blogs/compute/more-room-to-build-serverless-services-now-support-payloads-up-to-1-mb).
   * Size = Time (14 bytes, if set) + UTF-8 bytes of Source, DetailType, Detail and each Resource
   * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-putevent-size.html).
   */
  eventBridgeEntry: 1024 * 1024,
  /** An SQS message: 1 MiB (API model `SendMessage`; the same blog post). */
  sqsMessage: 1024 * 1024,
  /**
   * An event a Pipe sends to its target. UNCERTAIN: the 1 MB blog post names Lambda, SQS and
   * EventBridge buses but not Pipes, and the Pipes quotas
   * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-quota.html#eb-pipes-limits) state
   * no larger payload, so Outflow treats the Pipe as the former 256 KB until AWS documents otherwise.
   */
  pipeEvent: 256 * 1024,
} as const;

/**
 * The largest bus entry (PutEvents size) the outbox may produce: the lowest limit on its path,
 * today the Pipe's 256 KB.
 */
export const OUTBOX_BUS_ENTRY_MAX_BYTES = Math.min(
  PAYLOAD_LIMITS.pipeEvent,
  PAYLOAD_LIMITS.eventBridgeEntry,
  PAYLOAD_LIMITS.sqsMessage,
);
