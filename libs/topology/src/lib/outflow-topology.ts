import {
  OUTBOX_ATTRIBUTES,
  outboxEventSource,
  VISIBILITY_TIMEOUT_PER_FUNCTION_TIMEOUT,
} from '@outflow/core-domain';
import type {
  DeliveryDefinition,
  DeliveryMode,
  OutflowTopology,
  PipeDefinition,
  QueueDefinition,
  SubscriptionDefinition,
} from './topology.types';

const image = (attribute: string, type: 'S' | 'N') => `$.dynamodb.NewImage.${attribute}.${type}`;

/**
 * The Pipe's input template: a BusEventDetail built from the item's scalar outbox attributes
 * (a template cannot unmarshall nested DynamoDB JSON, so the event travels as one JSON string),
 * plus the stream record's `ApproximateCreationDateTime` (epoch seconds, a JSON number) so consumers
 * can measure how far behind they are (`BusEventDetail.approximateCreationDateTime`).
 */
const OUTBOX_INPUT_TEMPLATE =
  `{"eventId": <${image(OUTBOX_ATTRIBUTES.eventId, 'S')}>, ` +
  `"aggregateKey": <$.dynamodb.Keys.pk.S>, ` +
  `"eventType": <${image(OUTBOX_ATTRIBUTES.eventType, 'S')}>, ` +
  `"aggregateType": <${image(OUTBOX_ATTRIBUTES.aggregateType, 'S')}>, ` +
  `"aggregateId": <${image(OUTBOX_ATTRIBUTES.aggregateId, 'S')}>, ` +
  `"aggregateVersion": <${image(OUTBOX_ATTRIBUTES.aggregateVersion, 'N')}>, ` +
  `"approximateCreationDateTime": <$.dynamodb.ApproximateCreationDateTime>, ` +
  `"event": <${image(OUTBOX_ATTRIBUTES.event, 'S')}>}`;

/**
 * Only INSERT/MODIFY records whose new image carries an outbox event reach the bus.
 *
 * @internal Used by `outboxPipe`; exported for specs that run the filter on shaped stream records.
 */
export const OUTBOX_FILTER_PATTERN = {
  eventName: ['INSERT', 'MODIFY'],
  dynamodb: { NewImage: { [OUTBOX_ATTRIBUTES.event]: { S: [{ exists: true }] } } },
} as const;

/**
 * The outbox Pipe of a source of `aggregateType`, with Outflow's defaults (`overrides` replace fields).
 *
 * @internal Builds the topology entries below; exported for specs that build a variant Pipe.
 */
export const outboxPipe = (
  aggregateType: string,
  overrides: Partial<PipeDefinition> = {},
): PipeDefinition => ({
  filterPattern: OUTBOX_FILTER_PATTERN,
  inputTemplate: OUTBOX_INPUT_TEMPLATE,
  detailTypePath: image(OUTBOX_ATTRIBUTES.eventType, 'S'),
  eventSource: outboxEventSource(aggregateType),
  batchSize: 10,
  maximumBatchingWindowInSeconds: 1,
  maximumRetryAttempts: 5,
  maximumRecordAgeInSeconds: 3600,
  onPartialBatchItemFailure: 'AUTOMATIC_BISECT',
  startingPosition: 'TRIM_HORIZON',
  ...overrides,
});

/**
 * Overrides for {@link subscription}.
 *
 * @public Part of the topology types apps and generators write.
 */
export interface SubscriptionOverrides {
  readonly description?: string;
  /** @default 'per-aggregate' */
  readonly delivery?: DeliveryMode;
  readonly consumer?: Partial<SubscriptionDefinition['consumer']>;
  readonly queue?: Partial<QueueDefinition>;
}

/**
 * A downstream subscribed to some aggregate types' events, with Outflow's defaults: delivery
 * `per-aggregate`, batches of 10, 30 s function timeout, maximum concurrency 2, 5 receives
 * before a DLQ, 14 days of retention.
 *
 * Builds the topology entries below, tests' throwaway subscriptions and `monthlyCost`'s
 * delivery-mode comparison.
 */
export const subscription = (
  name: string,
  app: string,
  aggregateTypes: readonly string[],
  overrides: SubscriptionOverrides = {},
): SubscriptionDefinition => {
  const consumer = {
    batchSize: 10,
    timeoutSeconds: 30,
    memorySize: 512,
    maximumConcurrency: 2,
    ...overrides.consumer,
  };
  const queue: QueueDefinition = {
    // AWS: at least 6× the function timeout.
    visibilityTimeoutSeconds: consumer.timeoutSeconds * VISIBILITY_TIMEOUT_PER_FUNCTION_TIMEOUT,
    messageRetentionSeconds: 1_209_600,
    maxReceiveCount: 5,
    ...overrides.queue,
  };
  const delivery: DeliveryDefinition =
    (overrides.delivery ?? 'per-aggregate') === 'per-aggregate'
      ? {
          mode: 'per-aggregate',
          groupKeyField: 'aggregateKey',
          deduplicationIdField: 'eventId',
          // The re-keying Pipe only forwards: a short visibility timeout retries it soon.
          buffer: { visibilityTimeoutSeconds: 60, messageRetentionSeconds: 1_209_600, maxReceiveCount: 5 },
          pipe: { batchSize: 10, maximumBatchingWindowInSeconds: 0 },
        }
      : { mode: 'unordered' };
  return {
    name,
    app,
    ...(overrides.description ? { description: overrides.description } : {}),
    delivery,
    rule: {
      eventPattern: { source: aggregateTypes.map((type) => `outflow.${type}`) },
      inputPath: '$.detail',
      maximumRetryAttempts: 185,
      maximumEventAgeInSeconds: 86_400,
    },
    queue,
    consumer,
    alarms: { oldestMessageAgeSeconds: 300, dlqDepthAbove: 0 },
  };
};

/** Outflow's reference slice: the orders table → the bus → the legacy relational database, order search and order views. */
export const outflowTopology: OutflowTopology = {
  bus: { name: 'bus', archive: { retentionDays: 30 } },
  sources: [{ name: 'orders', app: 'orders-service', aggregateType: 'order', pipe: outboxPipe('order') }],
  subscriptions: [
    subscription('legacy-rdb', 'legacy-rdb-sync', ['order'], {
      description: 'the legacy relational database',
    }),
    subscription('search', 'search-sync', ['order'], {
      delivery: 'unordered',
      description: 'order search (OpenSearch)',
    }),
    subscription('views', 'views-sync', ['order'], {
      delivery: 'unordered',
      description: 'order views (DynamoDB: per-customer summaries, counts by status)',
    }),
  ],
};
