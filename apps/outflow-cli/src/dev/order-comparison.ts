import type { OutboxStore, ProjectionStore } from '@outflow/core-application';
import { ORDER_AGGREGATE_TYPE, parseOrderState, type OrderState } from '@outflow/orders';
import type { DeadLetterEntry } from '@outflow/runtime-local';
import { deadLetteredChanges, type DeadLetteredChange } from './dead-lettered';

/** An order as one side holds it, read through that side's own store and the one Order parser. */
type OrderSnapshot =
  | { readonly version: number; readonly deleted: true }
  | { readonly version: number; readonly deleted: false; readonly state: OrderState };

export interface OrderComparison {
  readonly orderId: string;
  /** The source table (the outbox store). */
  readonly source: OrderSnapshot | null;
  /** Per subscription with a store: what that downstream holds. */
  readonly downstreams: Readonly<Record<string, OrderSnapshot | null>>;
  /**
   * Per downstream that lacks it: the newest change of the order sitting in one of its dead-letter
   * queues (a version newer than what it holds).
   */
  readonly deadLettered: Readonly<Record<string, DeadLetteredChange>>;
  /** The order is on at least one side. */
  readonly found: boolean;
  /** Found, and every downstream holds exactly what the source holds. */
  readonly agree: boolean;
}

function parsed(version: number, state: unknown, side: string): OrderSnapshot {
  const result = parseOrderState(state);
  if (!result.ok)
    throw new Error(`${side} holds an order no Order could have written: ${result.error.message}`);
  return { version, deleted: false, state: result.value };
}

/** The order as the source holds it (`OutboxStore.load`). */
async function sourceOrder(store: OutboxStore, orderId: string): Promise<OrderSnapshot | null> {
  const snapshot = await store.load(ORDER_AGGREGATE_TYPE, orderId);
  if (!snapshot) return null;
  if (snapshot.state === null) return { version: snapshot.version, deleted: true };
  return parsed(snapshot.version, snapshot.state, 'the source table');
}

/** The order as a downstream holds it (`ProjectionStore.read`). */
async function downstreamOrder(
  name: string,
  store: ProjectionStore,
  orderId: string,
): Promise<OrderSnapshot | null> {
  const held = await store.read(ORDER_AGGREGATE_TYPE, orderId);
  if (held.kind === 'absent') return null;
  if (held.kind === 'tombstone') return { version: held.version, deleted: true };
  return parsed(held.version, held.state, name);
}

const same = (side: OrderSnapshot | null, c: Pick<OrderComparison, 'source'>) =>
  JSON.stringify(side) === JSON.stringify(c.source);

/**
 * Reads the order on every side, and looks for its newer changes in the dead letters (the
 * runtime's `DeadLetterSink` entries, e.g. `.outflow/dead-letters.jsonl`).
 */
export async function compareOrder(
  orderId: string,
  source: OutboxStore,
  downstreams: Readonly<Record<string, ProjectionStore>>,
  deadLetters: readonly DeadLetterEntry[] = [],
): Promise<OrderComparison> {
  const atSource = await sourceOrder(source, orderId);
  const held: Record<string, OrderSnapshot | null> = {};
  for (const [name, store] of Object.entries(downstreams))
    held[name] = await downstreamOrder(name, store, orderId);
  const dead = deadLetteredChanges(deadLetters, orderId, Object.keys(held));
  const deadLettered = Object.fromEntries(
    Object.entries(dead).filter(([name, change]) => change.version > (held[name]?.version ?? 0)),
  );
  const comparison = { orderId, source: atSource, downstreams: held };
  const found = atSource !== null || Object.values(held).some((side) => side !== null);
  const agree = found && Object.values(held).every((side) => same(side, comparison));
  return { ...comparison, deadLettered, found, agree };
}

const money = (cents: number) => (cents / 100).toFixed(2);

const describe = (side: OrderSnapshot | null) => {
  if (!side) return 'not there';
  if (side.deleted) return `deleted at version ${side.version}`;
  const { state } = side;
  const items = state.items.map((i) => `${i.quantity} × ${i.sku} @ ${money(i.unitPriceCents)}`).join(', ');
  return `version ${side.version}, ${state.status}, total ${money(state.totalCents)} ${state.currency}; items: ${items}`;
};

const deadLine = (change: DeadLetteredChange) => `dead-lettered: ${change.reason} (from ${change.from})`;

/** One downstream's line: what it holds, and the newer change of the order that was dead-lettered. */
const describeDownstream = (side: OrderSnapshot | null, change: DeadLetteredChange | undefined) => {
  if (!change) return describe(side);
  if (!side) return deadLine(change);
  return `${describe(side)}; version ${change.version} ${deadLine(change)}`;
};

function verdict(c: OrderComparison): string {
  if (!c.found) return `  ✗ not found in the source table nor in any downstream`;
  if (c.agree) return '  ✓ they agree';
  const differing = Object.entries(c.downstreams).filter(([, side]) => !same(side, c));
  const source = c.source;
  if (differing.every(([name]) => c.deadLettered[name]))
    return `  ✗ ${differing.map(([name]) => name).join(', ')} missing a change that ended in a dead-letter queue (dead-letters.jsonl in the data dir)`;
  if (source && differing.every(([, side]) => !side || side.version < source.version))
    return `  ✗ ${differing.map(([name]) => name).join(', ')} behind the source (version ${source.version}); the change may still be on its way — is \`npm start\` running?`;
  return '  ✗ they differ';
}

/** The comparison as `outflow show` prints it, one line per side. */
export function formatComparison(c: OrderComparison): string {
  const width = Math.max('source table'.length, ...Object.keys(c.downstreams).map((n) => n.length)) + 1;
  return [
    `order ${c.orderId}`,
    `  ${'source table:'.padEnd(width + 1)} ${describe(c.source)}`,
    ...Object.entries(c.downstreams).map(
      ([name, side]) => `  ${`${name}:`.padEnd(width + 1)} ${describeDownstream(side, c.deadLettered[name])}`,
    ),
    verdict(c),
  ].join('\n');
}
