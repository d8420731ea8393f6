import {
  MAX_LIST_LIMIT,
  type OutboxStore,
  type ProjectionEntry,
  type ProjectionStore,
} from '@outflow/core-application';
import { decodeBusMessage } from '@outflow/core-domain';
import { ORDER_AGGREGATE_TYPE } from '@outflow/orders';
import type { DeadLetterEntry } from '@outflow/runtime-local';
import type { SubscriptionDefinition } from '@outflow/topology';
import type { WrittenOrder } from './source-writer';

/** One thing the seed found wrong; the run fails on any. */
interface Finding {
  readonly subscription: string;
  readonly aggregateId?: string;
  readonly problem: string;
}

/** An aggregate whose newest change is dead-lettered, as reconcile lists it. */
interface DeadLetteredAggregate {
  readonly subscription: string;
  readonly aggregateId: string;
  readonly version: number;
  readonly messageId: string;
}

/** A poison change a subscription did not dead-letter because a newer change of its order superseded it. */
interface SupersededPoison {
  readonly subscription: string;
  readonly aggregateId: string;
  readonly version: number;
  /** The version the downstream holds (newer). */
  readonly heldVersion: number;
}

export interface Verdict {
  readonly findings: Finding[];
  readonly deadLettered: DeadLetteredAggregate[];
  readonly superseded: SupersededPoison[];
  /** Aggregates compared per subscription (source side). */
  readonly compared: number;
  readonly dlqEntries: number;
}

async function listAll(store: ProjectionStore): Promise<Map<string, ProjectionEntry>> {
  const entries = new Map<string, ProjectionEntry>();
  let cursor: string | undefined;
  do {
    const page = await store.list({
      aggregateType: ORDER_AGGREGATE_TYPE,
      limit: MAX_LIST_LIMIT,
      ...(cursor ? { cursor } : {}),
    });
    for (const item of page.items) entries.set(item.aggregateId, item);
    cursor = page.nextCursor;
  } while (cursor);
  return entries;
}

/** The DLQ entries of one subscription (its rule's DLQ and its queues' DLQs). */
const lettersOf = (subscription: SubscriptionDefinition, letters: readonly DeadLetterEntry[]) => {
  const names = new Set([
    `rule:${subscription.name}`,
    `queue:${subscription.name}`,
    `queue:${subscription.name}-buffer`,
    `queue:${subscription.name}.fifo`,
  ]);
  return letters.filter((entry) => names.has(entry.from));
};

interface PoisonChange {
  readonly eventId: string;
  readonly field: string;
  readonly version: number;
  readonly orderId: string;
}

interface Letter {
  readonly messageId: string;
  readonly eventId?: string;
  readonly aggregateId?: string;
  readonly version?: number;
  readonly reason: string;
}

function readLetter(entry: DeadLetterEntry): Letter {
  const payload = entry.payload as { messageId?: string; body?: string };
  const decoded = typeof payload.body === 'string' ? decodeBusMessage(payload.body) : undefined;
  const event = decoded?.ok ? decoded.value : undefined;
  return {
    messageId: payload.messageId ?? '(no message id)',
    reason: entry.reason,
    ...(event
      ? { eventId: event.eventId, aggregateId: event.aggregateId, version: event.aggregateVersion }
      : {}),
  };
}

/**
 * The DLQs must hold exactly the poison changes, each with its own reason (rule 5: an invalid
 * change fails on its own whatever the batching, so every copy delivered ends in a DLQ; nothing
 * valid may). A change is known by its order and version, so the same poison state carried by
 * another event (a backfill's) counts as that change. Returns the letters by `<order>@<version>`.
 */
function checkDeadLetters(
  subscription: SubscriptionDefinition,
  orders: readonly WrittenOrder[],
  letters: readonly Letter[],
  held: ReadonlyMap<string, ProjectionEntry>,
  verdict: Pick<Verdict, 'findings' | 'superseded'>,
): Map<string, Letter> {
  const findings = verdict.findings;
  const poison = new Map(
    orders.flatMap((o) =>
      [...o.poison].map(([version, p]): [string, PoisonChange] => [
        `${o.orderId}@${version}`,
        { ...p, version, orderId: o.orderId },
      ]),
    ),
  );
  const byChange = new Map<string, Letter>();
  for (const letter of letters) {
    const key = `${letter.aggregateId}@${letter.version}`;
    const expected = letter.aggregateId ? poison.get(key) : undefined;
    if (!expected)
      findings.push({
        subscription: subscription.name,
        ...(letter.aggregateId ? { aggregateId: letter.aggregateId } : {}),
        problem: `a change that is not poison is in a DLQ: ${letter.eventId ?? letter.messageId} (version ${letter.version ?? '?'}): ${letter.reason}`,
      });
    else if (!letter.reason.includes(expected.field))
      findings.push({
        subscription: subscription.name,
        aggregateId: expected.orderId,
        problem: `poison change ${letter.eventId} is dead-lettered with another reason than its own (${expected.field}): ${letter.reason}`,
      });
    if (expected) byChange.set(key, letter);
  }
  for (const [key, p] of poison) {
    if (byChange.has(key)) continue;
    // Superseded in its batch by an applied newer change of its order: reported stale, its data
    // never tried (the ProjectionStore contract allows it; rule 5). Only a newer held version shows it.
    const heldVersion = held.get(p.orderId)?.version ?? 0;
    if (heldVersion > p.version)
      verdict.superseded.push({
        subscription: subscription.name,
        aggregateId: p.orderId,
        version: p.version,
        heldVersion,
      });
    else
      findings.push({
        subscription: subscription.name,
        aggregateId: p.orderId,
        problem: `poison change ${p.eventId} (version ${p.version}, bad ${p.field}) is in no DLQ and no newer change of its order superseded it`,
      });
  }
  return byChange;
}

/**
 * `outflow reconcile --target all` must report no drift but the aggregates whose newest change is
 * dead-lettered, each listed as such (`stale (dead-lettered: <message id>)`), and all of them.
 */
export function checkReconcile(
  report: {
    readonly drift: number;
    readonly error?: string;
    readonly differences: readonly {
      subscription: string;
      aggregateId: string;
      category: string;
      label: string;
      detail: string;
    }[];
  },
  verdict: Verdict,
): void {
  if (report.error) {
    verdict.findings.push({
      subscription: 'reconcile',
      problem: `outflow reconcile gave no report: ${report.error}`,
    });
    return;
  }
  const expected = new Set(verdict.deadLettered.map((d) => `${d.subscription} ${d.aggregateId}`));
  const listed = new Set<string>();
  for (const d of report.differences) {
    const key = `${d.subscription} ${d.aggregateId}`;
    if (d.category === 'dead-lettered' && expected.has(key)) listed.add(key);
    else
      verdict.findings.push({
        subscription: d.subscription,
        aggregateId: d.aggregateId,
        problem: `outflow reconcile: ${d.label} — ${d.detail}`,
      });
  }
  for (const key of expected)
    if (!listed.has(key)) {
      const [subscription, aggregateId] = key.split(' ') as [string, string];
      verdict.findings.push({
        subscription,
        aggregateId,
        problem: 'outflow reconcile does not list it as dead-lettered',
      });
    }
}

/** What a downstream must hold of an order: its newest change, or the newest valid one when the newest is poison. */
function expectedOf(order: WrittenOrder): { version: number; state: WrittenOrder['state'] } | undefined {
  if (!order.poison.has(order.version)) return { version: order.version, state: order.state };
  return order.lastValid;
}

function compareOne(
  store: ProjectionStore,
  order: WrittenOrder,
  held: ProjectionEntry | undefined,
): string | undefined {
  const expected = expectedOf(order);
  if (!expected)
    return held ? `extra: holds version ${held.version}, but no valid change was ever written` : undefined;
  if (!held) return `missing: the source has version ${expected.version}`;
  if (held.version !== expected.version)
    return `${held.version < expected.version ? 'stale' : 'ahead'}: holds version ${held.version}, expected ${expected.version}`;
  if (held.tombstone !== (expected.state === null))
    return `differs: tombstone ${held.tombstone} at version ${held.version}`;
  const hash = store.expectedHash(ORDER_AGGREGATE_TYPE, order.orderId, expected.state);
  return hash === held.hash
    ? undefined
    : `differs: the fields it keeps at version ${held.version} are not the source's`;
}

/** The source must hold what was written. */
async function checkSource(source: OutboxStore, orders: readonly WrittenOrder[], findings: Finding[]) {
  for (const order of orders) {
    const snapshot = await source.load(ORDER_AGGREGATE_TYPE, order.orderId);
    if (snapshot?.version !== order.version)
      findings.push({
        subscription: 'source',
        aggregateId: order.orderId,
        problem: `the source holds version ${snapshot?.version} instead of the ${order.version} written`,
      });
  }
}

/**
 * Compares every downstream with the source (what a reconcile does: per aggregate version,
 * tombstone and the hash of the fields the store keeps, through `ProjectionStore.list` and
 * `expectedHash`), and the DLQs with the poison changes written. The source itself is checked
 * against what was written first.
 */
export async function verify(input: {
  readonly source: OutboxStore;
  readonly orders: readonly WrittenOrder[];
  readonly subscriptions: readonly SubscriptionDefinition[];
  readonly stores: Readonly<Record<string, ProjectionStore | undefined>>;
  readonly deadLetters: readonly DeadLetterEntry[];
}): Promise<Verdict> {
  const findings: Finding[] = [];
  const deadLettered: DeadLetteredAggregate[] = [];
  const superseded: SupersededPoison[] = [];
  await checkSource(input.source, input.orders, findings);
  for (const entry of input.deadLetters)
    if (!entry.from.startsWith('queue:') && !entry.from.startsWith('rule:'))
      findings.push({
        subscription: entry.from,
        problem: `dead letter outside any subscription: ${entry.reason}`,
      });
  for (const subscription of input.subscriptions) {
    const store = input.stores[subscription.name];
    if (!store) {
      findings.push({
        subscription: subscription.name,
        problem: 'its ./local entry gives no store to compare',
      });
      continue;
    }
    const letters = lettersOf(subscription, input.deadLetters).map(readLetter);
    const held = await listAll(store);
    const byChange = checkDeadLetters(subscription, input.orders, letters, held, { findings, superseded });
    for (const order of input.orders) {
      const problem = compareOne(store, order, held.get(order.orderId));
      if (problem) findings.push({ subscription: subscription.name, aggregateId: order.orderId, problem });
      const newest = order.poison.get(order.version);
      const letter = newest ? byChange.get(`${order.orderId}@${order.version}`) : undefined;
      if (newest && letter)
        deadLettered.push({
          subscription: subscription.name,
          aggregateId: order.orderId,
          version: order.version,
          messageId: letter.messageId,
        });
      held.delete(order.orderId);
    }
    for (const [id, entry] of held)
      findings.push({
        subscription: subscription.name,
        aggregateId: id,
        problem: `extra: holds version ${entry.version}, the source has no such order`,
      });
  }

  return {
    findings,
    deadLettered,
    superseded,
    compared: input.orders.length,
    dlqEntries: input.deadLetters.length,
  };
}
