import {
  OUTBOX_ATTRIBUTES,
  outboxEventSource,
  VISIBILITY_TIMEOUT_PER_FUNCTION_TIMEOUT,
} from '@outflow/core-domain';
import type { OutflowTopology, PipeDefinition, SubscriptionDefinition } from './topology.types';

const image = (attribute: string, type: 'S' | 'N') => `$.dynamodb.NewImage.${attribute}.${type}`;

/**
 * The Pipe's input template: a BusEventDetail built from the item's scalar outbox attributes
 * (a template cannot unmarshall nested DynamoDB JSON, so the event travels as one JSON string).
 */
export const OUTBOX_INPUT_TEMPLATE =
  `{"eventId": <${image(OUTBOX_ATTRIBUTES.eventId, 'S')}>, ` +
  `"eventType": <${image(OUTBOX_ATTRIBUTES.eventType, 'S')}>, ` +
  `"aggregateType": <${image(OUTBOX_ATTRIBUTES.aggregateType, 'S')}>, ` +
  `"aggregateId": <${image(OUTBOX_ATTRIBUTES.aggregateId, 'S')}>, ` +
  `"aggregateVersion": <${image(OUTBOX_ATTRIBUTES.aggregateVersion, 'N')}>, ` +
  `"event": <${image(OUTBOX_ATTRIBUTES.event, 'S')}>}`;

/** Only INSERT/MODIFY records whose new image carries an outbox event reach the bus. */
export const OUTBOX_FILTER_PATTERN = {
  eventName: ['INSERT', 'MODIFY'],
  dynamodb: { NewImage: { [OUTBOX_ATTRIBUTES.event]: { S: [{ exists: true }] } } },
} as const;

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

/** A downstream subscribed to some aggregate types' events, with Outflow's defaults. */
export const subscription = (
  name: string,
  app: string,
  aggregateTypes: readonly string[],
  overrides: {
    description?: string;
    consumer?: Partial<SubscriptionDefinition['consumer']>;
    queue?: Partial<SubscriptionDefinition['queue']>;
  } = {},
): SubscriptionDefinition => {
  const consumer = { batchSize: 10, timeoutSeconds: 30, memorySize: 512, ...overrides.consumer };
  return {
    name,
    app,
    ...(overrides.description ? { description: overrides.description } : {}),
    rule: {
      eventPattern: { source: aggregateTypes.map((type) => `outflow.${type}`) },
      inputPath: '$.detail',
      messageGroupId: name,
      maximumRetryAttempts: 185,
      maximumEventAgeInSeconds: 86_400,
    },
    queue: {
      contentBasedDeduplication: true,
      // AWS: at least 6× the function timeout.
      visibilityTimeoutSeconds: consumer.timeoutSeconds * VISIBILITY_TIMEOUT_PER_FUNCTION_TIMEOUT,
      messageRetentionSeconds: 1_209_600,
      maxReceiveCount: 5,
      ...overrides.queue,
    },
    consumer,
    alarms: { oldestMessageAgeSeconds: 300, dlqDepthAbove: 0 },
  };
};

/** Outflow's reference slice: the orders table → the bus → the legacy relational database. */
export const outflowTopology: OutflowTopology = {
  bus: { name: 'bus', archive: { retentionDays: 30 } },
  sources: [{ name: 'orders', app: 'orders-service', aggregateType: 'order', pipe: outboxPipe('order') }],
  subscriptions: [
    subscription('legacy-rdb', 'legacy-rdb-sync', ['order'], {
      description: 'the legacy relational database',
    }),
  ],
};
