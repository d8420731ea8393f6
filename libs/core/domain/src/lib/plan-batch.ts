import { aggregateKeyOf, type OutboxEvent } from './outbox-event';
import { duplicate, failed, stale, type ChangeOutcome } from './outcome';

/** One parsed message of a batch, in arrival order. */
export interface BatchEntry {
  readonly messageId: string;
  readonly event: OutboxEvent;
}

/** A message whose change is carried by another message of the same batch. */
export interface CoveredMessage {
  readonly messageId: string;
  readonly event: OutboxEvent;
  /** `duplicate-event`: same event id; `superseded`: same aggregate, not newer. */
  readonly why: 'duplicate-event' | 'superseded';
}

/** The change to apply for one aggregate, and the messages it answers for. */
export interface PlannedChange {
  readonly messageId: string;
  readonly event: OutboxEvent;
  readonly covers: readonly CoveredMessage[];
}

/**
 * Plans a batch: drops repeated event ids and keeps only the newest version per aggregate —
 * each event carries the full state, so an older one in the same batch adds nothing.
 * At equal versions (several events of one committed change) the first to arrive is kept.
 * Result: at most one change per aggregate, in order of first arrival.
 */
export function planBatch(entries: readonly BatchEntry[]): PlannedChange[] {
  const byAggregate = new Map<string, { messageId: string; event: OutboxEvent; covers: CoveredMessage[] }>();
  const seenEvents = new Set<string>();
  for (const entry of entries) {
    const key = aggregateKeyOf(entry.event);
    const current = byAggregate.get(key);
    // Event ids are unique per event; scoping them by aggregate means a (corrupt) id reused by
    // another aggregate is still planned, never silently dropped.
    const eventKey = `${key}\u0000${entry.event.eventId}`;
    if (current && seenEvents.has(eventKey)) {
      current.covers.push({ ...entry, why: 'duplicate-event' });
      continue;
    }
    seenEvents.add(eventKey);
    if (!current) {
      byAggregate.set(key, { messageId: entry.messageId, event: entry.event, covers: [] });
    } else if (entry.event.aggregateVersion > current.event.aggregateVersion) {
      byAggregate.set(key, {
        messageId: entry.messageId,
        event: entry.event,
        covers: [
          ...current.covers,
          { messageId: current.messageId, event: current.event, why: 'superseded' },
        ],
      });
    } else {
      current.covers.push({ ...entry, why: 'superseded' });
    }
  }
  return [...byAggregate.values()];
}

/**
 * The outcome of a message covered by a planned change, given that change's outcome.
 * If the carrying change failed, the covered message failed too (it was never applied and must
 * be delivered again); otherwise it is a duplicate (same event or version) or stale (older).
 */
export function coveredOutcome(
  covered: CoveredMessage,
  carrier: PlannedChange,
  carrierOutcome: ChangeOutcome,
): ChangeOutcome {
  if (carrierOutcome.kind === 'failed') {
    return failed(
      `carried by event ${carrier.event.eventId} in the same batch, which failed: ${carrierOutcome.reason}`,
    );
  }
  if (
    covered.why === 'duplicate-event' ||
    covered.event.aggregateVersion === carrier.event.aggregateVersion
  ) {
    return duplicate;
  }
  const held = carrierOutcome.kind === 'stale' ? carrierOutcome.heldVersion : carrier.event.aggregateVersion;
  return stale(held);
}
