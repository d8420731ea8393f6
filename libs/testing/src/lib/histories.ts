import type { RawMessage } from '@outflow/core-application';
import { toBusEventDetail, type AggregateState, type OutboxEvent } from '@outflow/core-domain';
import fc from 'fast-check';

/** Builds the states a store under test accepts. Successive versions must give different states. */
export type StateFactory = (aggregateId: string, version: number) => AggregateState;

/** An outbox event for tests: deterministic ids, an upsert with `state` or a deletion. */
export function makeEvent(
  aggregateType: string,
  aggregateId: string,
  aggregateVersion: number,
  change: { state: AggregateState } | { deleted: true },
  eventId = `${aggregateType}-${aggregateId}-v${aggregateVersion}`,
): OutboxEvent {
  const envelope = {
    eventId,
    eventType: 'deleted' in change ? `${aggregateType}.deleted` : `${aggregateType}.changed`,
    aggregateType,
    aggregateId,
    aggregateVersion,
    occurredAt: new Date(Date.UTC(2026, 0, 1, 0, 0, aggregateVersion)).toISOString(),
    schemaVersion: 1,
  };
  return 'deleted' in change ? { ...envelope, deleted: true } : { ...envelope, state: change.state };
}

/**
 * One aggregate's history: `shape[i]` true means change i+1 is a deletion. A deletion may be
 * followed by a re-creation, which continues the version sequence.
 */
export function buildHistory(
  aggregateType: string,
  aggregateId: string,
  shape: readonly boolean[],
  stateFor: StateFactory,
): OutboxEvent[] {
  return shape.map((isDelete, index) =>
    makeEvent(
      aggregateType,
      aggregateId,
      index + 1,
      isDelete ? { deleted: true } : { state: stateFor(aggregateId, index + 1) },
    ),
  );
}

/** The last event of each aggregate: what an in-order application ends with. */
export function finalEvents(events: readonly OutboxEvent[]): Map<string, OutboxEvent> {
  const last = new Map<string, OutboxEvent>();
  for (const event of events) {
    const seen = last.get(event.aggregateId);
    if (!seen || seen.aggregateVersion < event.aggregateVersion) last.set(event.aggregateId, event);
  }
  return last;
}

/** Wraps events as queue messages (bus event detail bodies, FIFO group = aggregate id). */
export function toMessages(events: readonly OutboxEvent[], idPrefix = 'm'): RawMessage[] {
  return events.map((event, index) => ({
    messageId: `${idPrefix}-${index}`,
    groupId: event.aggregateId,
    body: JSON.stringify(toBusEventDetail(event)),
  }));
}

export interface Delivery {
  /** Every event of every history, in order. */
  readonly events: readonly OutboxEvent[];
  /** The deliveries: every event at least once, some twice, in a random order, split into batches. */
  readonly batches: readonly (readonly OutboxEvent[])[];
}

export interface DeliveryArbitraryOptions {
  readonly aggregateType: string;
  readonly stateFor: StateFactory;
  readonly idPrefix: string;
  /** @default 8 */
  readonly maxAggregates?: number;
  /** @default 6 */
  readonly maxVersions?: number;
  /** @default 10 (the SQS FIFO maximum) */
  readonly maxBatchSize?: number;
}

/**
 * Random change histories over many aggregates, delivered at least once, duplicated, reordered
 * and split into random batches — what a consumer sees behind EventBridge.
 */
export function deliveryArbitrary(options: DeliveryArbitraryOptions): fc.Arbitrary<Delivery> {
  const {
    aggregateType,
    stateFor,
    idPrefix,
    maxAggregates = 8,
    maxVersions = 6,
    maxBatchSize = 10,
  } = options;
  const shapes = fc.array(fc.array(fc.boolean(), { minLength: 1, maxLength: maxVersions }), {
    minLength: 1,
    maxLength: maxAggregates,
  });
  return shapes.chain((perAggregate) => {
    const events = perAggregate.flatMap((shape, i) =>
      buildHistory(aggregateType, `${idPrefix}-${i}`, shape, stateFor),
    );
    return fc
      .record({
        duplicates: fc.array(fc.nat(events.length - 1), { maxLength: events.length }),
        sortKeys: fc.array(fc.double({ noNaN: true }), {
          minLength: events.length * 2,
          maxLength: events.length * 2,
        }),
        batchSizes: fc.array(fc.integer({ min: 1, max: maxBatchSize }), { minLength: 1, maxLength: 20 }),
      })
      .map(({ duplicates, sortKeys, batchSizes }) => {
        const all = [...events, ...duplicates.map((i) => events[i] as OutboxEvent)];
        const shuffled = all
          .map((event, i) => ({ event, key: sortKeys[i] ?? 0, i }))
          .sort((a, b) => a.key - b.key || a.i - b.i)
          .map((x) => x.event);
        const batches: OutboxEvent[][] = [];
        for (let start = 0, b = 0; start < shuffled.length; b += 1) {
          const size = batchSizes[b % batchSizes.length] as number;
          batches.push(shuffled.slice(start, start + size));
          start += size;
        }
        return { events, batches };
      });
  });
}

/**
 * The same delivery for fresh aggregate ids (`<prefix>.<old id>`), states rebuilt for the new ids:
 * lets a property run many cases against one long-lived store without cases seeing each other.
 */
export function rekeyDelivery(delivery: Delivery, prefix: string, stateFor: StateFactory): Delivery {
  const renamed = new Map<OutboxEvent, OutboxEvent>();
  const rekey = (event: OutboxEvent): OutboxEvent => {
    let copy = renamed.get(event);
    if (!copy) {
      const aggregateId = `${prefix}.${event.aggregateId}`;
      copy = makeEvent(
        event.aggregateType,
        aggregateId,
        event.aggregateVersion,
        event.deleted ? { deleted: true } : { state: stateFor(aggregateId, event.aggregateVersion) },
        `${prefix}.${event.eventId}`,
      );
      renamed.set(event, copy);
    }
    return copy;
  };
  return { events: delivery.events.map(rekey), batches: delivery.batches.map((batch) => batch.map(rekey)) };
}
