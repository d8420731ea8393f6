import type { RuntimeStats, SubscriptionStats } from '@outflow/runtime-local';
import type { SubscriptionDefinition } from '@outflow/topology';

/** How a subscription's changes travel, for the banner. */
export function subscriptionRoute(sub: SubscriptionDefinition): string {
  const concurrency = `≤ ${sub.consumer.maximumConcurrency} batches at once`;
  return sub.delivery.mode === 'per-aggregate'
    ? `per-aggregate: bus → ${sub.name}-buffer → re-keying Pipe → ${sub.name}.fifo (a group per aggregate) → ${sub.app} handler, ${concurrency}`
    : `unordered: bus → ${sub.name} (standard) → ${sub.app} handler, ${concurrency}`;
}

/** One subscription's queues: `<name> per-aggregate buffer 0 · queue 3 · batches 1/2 · DLQ 0`. */
function formatSubscription(name: string, s: SubscriptionStats): string {
  const buffer = s.bufferDepth === undefined ? '' : ` buffer ${s.bufferDepth} ·`;
  return `${name} ${s.mode}${buffer} queue ${s.depth} · batches ${s.inFlightBatches}/${s.maximumConcurrency} · DLQ ${s.deadLettered}`;
}

/** The status line's text: what the local runtime has done so far. */
export function formatStatus(stats: RuntimeStats): string {
  const source = Object.values(stats.sources).reduce(
    (sum, s) => ({ read: sum.read + s.read, sent: sum.sent + s.sent }),
    { read: 0, sent: 0 },
  );
  const subs = Object.values(stats.subscriptions);
  const total = (key: 'applied' | 'stale' | 'duplicate' | 'failed') => subs.reduce((n, s) => n + s[key], 0);
  const lagMs = Math.max(0, ...subs.map((s) => s.oldestAgeMs));
  const perSubscription = Object.entries(stats.subscriptions).map(([name, s]) => formatSubscription(name, s));
  return [
    `changes read ${source.read} · to bus ${source.sent} · applied ${total('applied')} · stale ${total('stale')} · duplicate ${total('duplicate')} · failed tries ${total('failed')} · in DLQ ${stats.deadLetters} · lag ${(lagMs / 1000).toFixed(1)} s`,
    ...perSubscription,
  ].join(' | ');
}
