import type { RuntimeStats, SubscriptionStats } from '@outflow/runtime-local';
import { outflowTopology, subscription } from '@outflow/topology';
import { formatStatus, subscriptionRoute } from './status-line';

const consumer = {
  batches: 4,
  received: 40,
  acked: 38,
  failed: 2,
  applied: 30,
  stale: 5,
  duplicate: 3,
  handlerErrors: 0,
  crashesInjected: 0,
  inFlightBatches: 1,
};

describe('Function: subscriptionRoute', () => {
  it('names the mode, the queues and the maximum concurrency', () => {
    expect(subscriptionRoute(outflowTopology.subscriptions[0]!)).toBe(
      'per-aggregate: bus → legacy-rdb-buffer → re-keying Pipe → legacy-rdb.fifo (a group per aggregate) → legacy-rdb-sync handler, ≤ 2 batches at once',
    );
    expect(
      subscriptionRoute(subscription('search', 'search-sync', ['order'], { delivery: 'unordered' })),
    ).toBe('unordered: bus → search (standard) → search-sync handler, ≤ 2 batches at once');
  });
});

describe('Function: formatStatus', () => {
  it('shows the totals, then each subscription with its mode, queue depths, batches in flight and DLQ count', () => {
    const perAggregate: SubscriptionStats = {
      ...consumer,
      mode: 'per-aggregate',
      maximumConcurrency: 2,
      depth: 3,
      bufferDepth: 7,
      groupsInFlight: 1,
      oldestAgeMs: 2_500,
      deadLettered: 1,
      deadLetteredBy: { 'queue:legacy-rdb.fifo': 1 },
    };
    const unordered: SubscriptionStats = {
      ...consumer,
      mode: 'unordered',
      maximumConcurrency: 4,
      depth: 0,
      oldestAgeMs: 0,
      deadLettered: 0,
      deadLetteredBy: {},
    };
    const stats: RuntimeStats = {
      timeScale: 0.1,
      sources: { orders: { read: 80, sent: 80, filteredOut: 0, retries: 0, deadLettered: 0 } },
      bus: {
        events: 80,
        deliveries: 160,
        duplicatesInjected: 0,
        holdsInjected: 0,
        retries: 0,
        deadLettered: 0,
      },
      subscriptions: { 'legacy-rdb': perAggregate, search: unordered },
      deadLetters: 1,
      deadLetterQueues: [],
    };
    expect(formatStatus(stats)).toBe(
      'changes read 80 · to bus 80 · applied 60 · stale 10 · duplicate 6 · failed tries 4 · in DLQ 1 · lag 2.5 s' +
        ' | legacy-rdb per-aggregate buffer 7 · queue 3 · batches 1/2 · DLQ 1' +
        ' | search unordered queue 0 · batches 1/4 · DLQ 0',
    );
  });
});
