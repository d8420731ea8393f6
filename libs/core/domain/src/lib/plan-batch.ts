import { aggregateKeyOf, type AggregateKey, type OutboxEvent } from './outbox-event';
import { duplicate, failed, type ChangeOutcome } from './outcome';

/** One parsed message of a batch, in arrival order. */
export interface BatchEntry {
  readonly messageId: string;
  readonly event: OutboxEvent;
}

/**
 * A change the store may apply for its aggregate, and the other messages of the batch at the
 * same version (`covers`: the same event delivered again, or another event of the same committed
 * change), which take its outcome.
 */
export interface Candidate extends BatchEntry {
  readonly covers: readonly BatchEntry[];
}

/** What a batch holds for one aggregate: one candidate per version, NEWEST FIRST. */
export interface PlannedAggregate {
  readonly key: AggregateKey;
  readonly candidates: readonly Candidate[];
}

/**
 * Plans a batch per aggregate, by version only (docs/architecture.md, rule 3): one candidate per
 * version, newest first; at equal versions the first message to arrive is the candidate and the
 * others are covered by it. Event ids play no part: an id reused at a newer version, or by
 * another aggregate, is planned like any other change.
 *
 * Every candidate goes to the store, not only the newest: each event carries the full state, so
 * the store applies the newest, and tries the next older one only when the store refuses the
 * newer one's data (rule 5: a poison newer change must not take a valid older one down).
 * Result: aggregates in order of first arrival.
 */
export function planBatch(entries: readonly BatchEntry[]): PlannedAggregate[] {
  const byAggregate = new Map<AggregateKey, Map<number, { entry: BatchEntry; covers: BatchEntry[] }>>();
  for (const entry of entries) {
    const key = aggregateKeyOf(entry.event);
    const versions = byAggregate.get(key) ?? new Map<number, { entry: BatchEntry; covers: BatchEntry[] }>();
    byAggregate.set(key, versions);
    const atVersion = versions.get(entry.event.aggregateVersion);
    if (atVersion) atVersion.covers.push(entry);
    else versions.set(entry.event.aggregateVersion, { entry, covers: [] });
  }
  return [...byAggregate].map(([key, versions]) => ({
    key,
    candidates: [...versions.values()]
      .sort((a, b) => b.entry.event.aggregateVersion - a.entry.event.aggregateVersion)
      .map(({ entry, covers }) => ({ ...entry, covers })),
  }));
}

/**
 * The outcome of a message covered by a candidate (same aggregate, same version), given the
 * candidate's outcome: if the candidate failed, the covered message failed too, naming the
 * candidate (it carries the same committed change, so it must come back); if the candidate was
 * applied, the covered message is a duplicate; otherwise it shares the candidate's outcome.
 */
export function coveredOutcome(carrier: BatchEntry, carrierOutcome: ChangeOutcome): ChangeOutcome {
  if (carrierOutcome.kind === 'failed') {
    return failed(
      `carried by event ${carrier.event.eventId} in the same batch, which failed: ${carrierOutcome.reason}`,
    );
  }
  return carrierOutcome.kind === 'applied' ? duplicate : carrierOutcome;
}
