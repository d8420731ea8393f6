import { EVENT_LIMITS } from '@outflow/core-domain';
import { outboxPipe, outflowTopology, subscription, type SubscriptionOverrides } from './outflow-topology';
import type { OutflowTopology, PerAggregateDelivery, SubscriptionDefinition } from './topology.types';
import { validateTopology } from './validate-topology';

/** The reference topology with its one subscription replaced. */
const withSubscription = (sub: SubscriptionDefinition, topology: OutflowTopology = outflowTopology) => ({
  ...topology,
  subscriptions: [sub],
});
const legacy = (overrides: SubscriptionOverrides = {}) =>
  subscription('legacy-rdb', 'legacy-rdb-sync', ['order'], overrides);
const perAggregate = (sub: SubscriptionDefinition) => sub.delivery as PerAggregateDelivery;
/** The issues validateTopology reports, one `path: message` per entry ([] when valid). */
const issuesOf = (topology: OutflowTopology): string[] => {
  try {
    validateTopology(topology);
    return [];
  } catch (error) {
    return (error as { issues: { path: string; message: string }[] }).issues.map(
      (i) => `${i.path}: ${i.message}`,
    );
  }
};

describe('validateTopology: delivery modes', () => {
  it('accepts both modes for the reference subscription', () => {
    expect(issuesOf(withSubscription(legacy()))).toEqual([]);
    expect(issuesOf(withSubscription(legacy({ delivery: 'unordered' })))).toEqual([]);
  });

  it('refuses a fixed message group as a mode, saying what it costs and what to use', () => {
    for (const mode of ['fixed-group', 'fifo']) {
      const sub = { ...legacy(), delivery: { mode } } as unknown as SubscriptionDefinition;
      expect(issuesOf(withSubscription(sub))).toEqual([
        `subscriptions[0].delivery.mode: a fixed message group is not a delivery mode: one message group serializes the whole downstream (one batch in flight, ever), and a failed message stalls every other change for the visibility timeout × maxReceiveCount (180 s × 5 here); use 'per-aggregate' (one group per aggregate: a poison change holds back only its own aggregate) or 'unordered'`,
      ]);
    }
  });

  it('refuses an unknown mode, naming the two there are', () => {
    const sub = { ...legacy(), delivery: { mode: 'fast' } } as unknown as SubscriptionDefinition;
    expect(issuesOf(withSubscription(sub))).toEqual([
      `subscriptions[0].delivery.mode: expected 'per-aggregate' or 'unordered', got "fast"`,
    ]);
  });

  it('refuses a rule with a fixed messageGroupId, explaining why', () => {
    const sub = legacy({ delivery: 'unordered' });
    const withGroup = { ...sub, rule: { ...sub.rule, messageGroupId: 'legacy-rdb' } };
    expect(issuesOf(withSubscription(withGroup))).toEqual([
      expect.stringMatching(
        /^subscriptions\[0\]\.rule\.messageGroupId: remove it: a rule target can only give a FIFO queue a fixed MessageGroupId, and one message group serializes the whole downstream .* use delivery 'per-aggregate'/,
      ),
    ]);
  });

  it('takes the group key and deduplication id from aggregateKey and eventId only', () => {
    const sub = legacy();
    const delivery = {
      ...perAggregate(sub),
      groupKeyField: 'aggregateId',
      deduplicationIdField: 'eventType',
    };
    expect(issuesOf(withSubscription({ ...sub, delivery } as unknown as SubscriptionDefinition))).toEqual([
      `subscriptions[0].delivery.groupKeyField: expected 'aggregateKey' (the detail field holding "<aggregateType>#<aggregateId>"; a Pipes target parameter is one JSON path and cannot concatenate fields), got "aggregateId"`,
      `subscriptions[0].delivery.deduplicationIdField: expected 'eventId' (what identifies a duplicate), got "eventType"`,
    ]);
  });
});

describe('validateTopology: per-aggregate message group ids', () => {
  /** A topology with one more source producing `type`, and a subscription to `types`. */
  const topologyFor = (type: string, types: string[], mode: 'per-aggregate' | 'unordered') => ({
    ...outflowTopology,
    sources: [
      ...outflowTopology.sources,
      { name: 'extra', app: 'extra-service', aggregateType: type, pipe: outboxPipe(type) },
    ],
    subscriptions: [subscription('sub', 'sub-sync', types, { delivery: mode })],
  });
  const fits = 128 - 1 - EVENT_LIMITS.aggregateId;

  it(`accepts an aggregate type whose "<type>#" + ${EVENT_LIMITS.aggregateId}-character id fits SQS's 128 characters`, () => {
    expect(issuesOf(topologyFor('t'.repeat(fits), ['order', 't'.repeat(fits)], 'per-aggregate'))).toEqual([]);
  });

  it('refuses a longer type for per-aggregate delivery, naming the type and the longest it may be; unordered takes it', () => {
    const long = 't'.repeat(fits + 1);
    expect(issuesOf(topologyFor(long, ['order', long], 'per-aggregate'))).toEqual([
      `subscriptions[0].rule.eventPattern.source: aggregate type "${long}" makes message group ids "${long}#<aggregateId>" of up to 129 characters (aggregate ids take up to 100, EVENT_LIMITS.aggregateId); SQS takes at most 128: use a type of at most ${fits} characters, or delivery 'unordered'`,
    ]);
    expect(issuesOf(topologyFor(long, ['order', long], 'unordered'))).toEqual([]);
  });

  it('checks every source’s type when the pattern names no sources', () => {
    const long = 't'.repeat(fits + 1);
    const topology = topologyFor(long, [], 'per-aggregate');
    const sub = topology.subscriptions[0]!;
    const anyType = { ...sub, rule: { ...sub.rule, eventPattern: { 'detail-type': ['order.created'] } } };
    expect(issuesOf({ ...topology, subscriptions: [anyType] })).toEqual([
      expect.stringContaining(`aggregate type "${long}" makes message group ids`),
    ]);
  });

  it('refuses a pattern naming an aggregate type no source produces', () => {
    expect(issuesOf(withSubscription(subscription('s', 'a', ['order', 'customer'])))).toEqual([
      'subscriptions[0].rule.eventPattern.source: names outflow.customer, but no source produces aggregate type "customer": add its source or remove it from the pattern',
    ]);
  });

  it('refuses a source aggregate type parseOutboxEvent would refuse', () => {
    const source = { ...outflowTopology.sources[0]!, aggregateType: 'my order' };
    expect(issuesOf({ ...outflowTopology, sources: [source] })).toContain(
      'sources[0].aggregateType: expected at most 64 characters: a letter, then letters, digits, "_", "." or "-" (what parseOutboxEvent accepts), got "my order"',
    );
  });
});

describe('validateTopology: buffer queue and re-keying Pipe limits', () => {
  const withDelivery = (patch: Partial<PerAggregateDelivery>) => {
    const sub = legacy();
    return withSubscription({ ...sub, delivery: { ...perAggregate(sub), ...patch } });
  };
  const buffer = perAggregate(legacy()).buffer;

  it('checks the buffer queue against SQS’s limits', () => {
    expect(
      issuesOf(withDelivery({ buffer: { ...buffer, visibilityTimeoutSeconds: 43_201, maxReceiveCount: 0 } })),
    ).toEqual([
      'subscriptions[0].delivery.buffer.visibilityTimeoutSeconds: expected an integer from 0 to 43200, got 43201',
      'subscriptions[0].delivery.buffer.maxReceiveCount: expected an integer from 1 to 1000 (finite, so a poison message reaches the DLQ), got 0',
    ]);
    expect(issuesOf(withDelivery({ buffer: { ...buffer, messageRetentionSeconds: 59 } }))).toEqual([
      'subscriptions[0].delivery.buffer.messageRetentionSeconds: expected an integer from 60 to 1209600, got 59',
    ]);
  });

  it.each([
    [
      { batchSize: 0, maximumBatchingWindowInSeconds: 0 },
      'batchSize: expected an integer from 1 to 10 (a Pipe to an SQS queue), got 0',
    ],
    [
      { batchSize: 11, maximumBatchingWindowInSeconds: 0 },
      'batchSize: expected an integer from 1 to 10 (a Pipe to an SQS queue), got 11',
    ],
    [
      { batchSize: 10, maximumBatchingWindowInSeconds: 301 },
      'maximumBatchingWindowInSeconds: expected an integer from 0 to 300, got 301',
    ],
  ])('refuses the Pipe settings %j', (pipe, message) => {
    expect(issuesOf(withDelivery({ pipe }))).toEqual([`subscriptions[0].delivery.pipe.${message}`]);
  });

  it('accepts the Pipe settings at both ends of their ranges', () => {
    expect(issuesOf(withDelivery({ pipe: { batchSize: 1, maximumBatchingWindowInSeconds: 300 } }))).toEqual(
      [],
    );
  });
});

describe('validateTopology: consumer concurrency and batch size', () => {
  it.each([2, 1000])('accepts maximumConcurrency %d', (maximumConcurrency) => {
    expect(issuesOf(withSubscription(legacy({ consumer: { maximumConcurrency } })))).toEqual([]);
  });

  it.each([1, 1001, 2.5])('refuses maximumConcurrency %d', (maximumConcurrency) => {
    expect(issuesOf(withSubscription(legacy({ consumer: { maximumConcurrency } })))).toEqual([
      `subscriptions[0].consumer.maximumConcurrency: expected an integer from 2 to 1000 (ScalingConfig.MaximumConcurrency of the event source mapping), got ${maximumConcurrency}`,
    ]);
  });

  it('refuses a maximum concurrency above the function’s reserved concurrency, and a reserved concurrency of 0', () => {
    expect(
      issuesOf(withSubscription(legacy({ consumer: { maximumConcurrency: 4, reservedConcurrency: 4 } }))),
    ).toEqual([]);
    expect(
      issuesOf(withSubscription(legacy({ consumer: { maximumConcurrency: 5, reservedConcurrency: 4 } }))),
    ).toEqual([
      'subscriptions[0].consumer.maximumConcurrency: must not exceed reservedConcurrency (4), got 5: Lambda would throttle the batches the event source mapping starts above it; lower maximumConcurrency or raise reservedConcurrency',
    ]);
    expect(issuesOf(withSubscription(legacy({ consumer: { reservedConcurrency: 0 } })))).toContain(
      'subscriptions[0].consumer.reservedConcurrency: expected an integer from 1 to 10000, got 0',
    );
  });

  it.each([0, 11])('refuses consumer.batchSize %d in either mode', (batchSize) => {
    for (const delivery of ['per-aggregate', 'unordered'] as const)
      expect(issuesOf(withSubscription(legacy({ delivery, consumer: { batchSize } })))).toEqual([
        `subscriptions[0].consumer.batchSize: expected an integer from 1 to 10 (SQS FIFO event sources take at most 10), got ${batchSize}`,
      ]);
  });
});
