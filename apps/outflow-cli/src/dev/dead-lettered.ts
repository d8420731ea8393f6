import { isRecord, parseExactJson } from '@outflow/core-domain';
import { ORDER_AGGREGATE_TYPE } from '@outflow/orders';
import type { DeadLetterEntry } from '@outflow/runtime-local';

/** The newest change of an order that a subscription's dead-letter queue holds. */
export interface DeadLetteredChange {
  /** The order's version that change carries. */
  readonly version: number;
  /** Why it could not be delivered (`DeadLetterEntry.reason`). */
  readonly reason: string;
  /** Where it was moved from: `queue:<name>`, `rule:<name>` or `pipe:<name>`. */
  readonly from: string;
  /** ISO-8601 instant it was moved. */
  readonly movedAt: string;
}

const MAX_DEPTH = 8;

/** A payload's JSON text (a queue message body) as a value, or the text itself when it is not JSON. */
const decoded = (text: string): unknown => {
  if (!/^\s*[{[]/.test(text)) return text;
  try {
    return parseExactJson(text);
  } catch {
    return text;
  }
};

/** The order's own version in one object: a bus event detail, or a stream record's outbox attributes. */
function ownVersion(value: Record<string, unknown>, orderId: string): number | undefined {
  if (value['aggregateType'] === ORDER_AGGREGATE_TYPE && value['aggregateId'] === orderId)
    return Number(value['aggregateVersion']);
  const attribute = (name: string, type: 'S' | 'N') => {
    const held = value[name];
    return isRecord(held) ? held[type] : undefined;
  };
  if (
    attribute('outboxAggregateType', 'S') === ORDER_AGGREGATE_TYPE &&
    attribute('outboxAggregateId', 'S') === orderId
  )
    return Number(attribute('outboxAggregateVersion', 'N'));
  return undefined;
}

/**
 * The highest version of `orderId` a dead letter's payload carries, whatever moved it: a queue
 * message (its body is the bus event detail, maybe wrapped as `{"detail": …}`), a rule's bus event,
 * or a Pipe's stream record.
 */
function versionIn(payload: unknown, orderId: string, depth = 0): number | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const value = typeof payload === 'string' ? decoded(payload) : payload;
  if (typeof value === 'string') return undefined;
  const children = Array.isArray(value) ? value : isRecord(value) ? Object.values(value) : [];
  const own = isRecord(value) ? ownVersion(value, orderId) : undefined;
  const found = [own, ...children.map((child) => versionIn(child, orderId, depth + 1))].filter(
    (v): v is number => v !== undefined && Number.isFinite(v),
  );
  return found.length > 0 ? Math.max(...found) : undefined;
}

/**
 * The subscription a dead letter belongs to (its queues are `<name>`, `<name>.fifo` and
 * `<name>-buffer`, its rule `<name>`), or undefined for a Pipe of the source: a record that never
 * reached the bus is missing from every downstream.
 */
function subscriptionOf(from: string): string | undefined {
  const [kind, name = ''] = from.split(/:(.*)/s);
  if (kind === 'pipe') return undefined;
  return name.replace(/(\.fifo|-buffer)$/, '');
}

/**
 * Per subscription, the newest change of `orderId` in its dead-letter queues (and, for every
 * subscription, the source Pipe's): what `outflow show` names instead of "not there".
 */
export function deadLetteredChanges(
  entries: readonly DeadLetterEntry[],
  orderId: string,
  subscriptions: readonly string[],
): Record<string, DeadLetteredChange> {
  const newest: Record<string, DeadLetteredChange> = {};
  for (const entry of entries) {
    const version = versionIn(entry.payload, orderId);
    if (version === undefined) continue;
    const owner = subscriptionOf(entry.from);
    for (const name of owner === undefined ? subscriptions : subscriptions.filter((s) => s === owner)) {
      const held = newest[name];
      if (!held || version >= held.version)
        newest[name] = { version, reason: entry.reason, from: entry.from, movedAt: entry.movedAt };
    }
  }
  return newest;
}
