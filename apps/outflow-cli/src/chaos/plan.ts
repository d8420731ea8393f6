import { SeededRandom } from './random';

/** How a poison change breaks an order: each is refused by `parseOrderState` with its own reason. */
export type PoisonField = 'currency' | 'customerId' | 'items';

/** One change to the source, in write order. */
export type ChaosOp =
  | { readonly kind: 'create'; readonly orderId: string; readonly customer: number; readonly lines: number }
  /** A new order after trying to create a deleted id again (the API refuses: ids are never reused). */
  | {
      readonly kind: 'recreate';
      readonly orderId: string;
      readonly deletedId: string;
      readonly lines: number;
    }
  | { readonly kind: 'confirm' | 'ship' | 'cancel' | 'delete'; readonly orderId: string }
  /** A state no downstream accepts, written past the service (a buggy writer). */
  | { readonly kind: 'poison'; readonly orderId: string; readonly field: PoisonField }
  /** The poisoned order written back as it was, one version later (an operator's repair). */
  | { readonly kind: 'repair'; readonly orderId: string };

/** A fault that happens once the history has reached op `atOp`. */
export type TimelineFault =
  | { readonly kind: 'kill'; readonly atOp: number; readonly downMs: number }
  | { readonly kind: 'pg-drop'; readonly atOp: number; readonly ms: number }
  | {
      readonly kind: 'openSearch-outage';
      readonly atOp: number;
      readonly ms: number;
      readonly status: 429 | 503;
    }
  | { readonly kind: 'dynamodb-throttle'; readonly atOp: number; readonly ms: number }
  /** `outflow backfill --target all` while the writes go on. */
  | { readonly kind: 'backfill'; readonly atOp: number };

/** What the local runtime injects, seeded (the child process draws from `seed`). */
export interface RuntimeFaults {
  readonly duplicateRate: number;
  readonly maxCopies: number;
  readonly holdRate: number;
  readonly holdMaxMs: number;
  readonly crashAfterHandlerRate: number;
}

export interface ChaosPlan {
  readonly seed: number;
  readonly ops: readonly ChaosOp[];
  /** Time per write (ms): the writes are paced to it, so the faults land mid-stream. */
  readonly gapMs: number;
  readonly timeline: readonly TimelineFault[];
  readonly runtime: RuntimeFaults;
}

/** Changes a seed writes by default: sized so a seed takes ≤ 30 s on a loaded 2-core machine. */
export const DEFAULT_CHANGES = 130;

export interface PlanOptions {
  /** Changes in the history. @default DEFAULT_CHANGES */
  readonly changes?: number;
  /** How long the writes take in all (ms). @default 35 ms a change */
  readonly writeMs?: number;
}

type Status = 'created' | 'confirmed' | 'shipped' | 'cancelled' | 'deleted' | 'poisoned';

/** The orders as the plan goes, to choose only changes the domain allows. */
class OrderModel {
  readonly status = new Map<string, Status>();
  readonly beforePoison = new Map<string, Status>();
  private created = 0;

  constructor(readonly seed: number) {}

  newId(): string {
    return `s${this.seed}-o${(this.created += 1)}`;
  }

  with(...statuses: Status[]): string[] {
    return [...this.status].filter(([, s]) => statuses.includes(s)).map(([id]) => id);
  }
}

/** The next change: a lifecycle step of a random order, a new order, a poison or a repair. */
function nextOp(random: SeededRandom, model: OrderModel, forcePoison: boolean): ChaosOp {
  const live = model.with('created', 'confirmed', 'shipped', 'cancelled');
  if (forcePoison && live.length > 0)
    return {
      kind: 'poison',
      orderId: random.pick(live),
      field: random.pick(['currency', 'customerId', 'items']),
    };
  const roll = random.int(0, 99);
  const deleted = model.with('deleted');
  const poisoned = model.with('poisoned');
  if (roll < 3 && live.length > 0)
    return {
      kind: 'poison',
      orderId: random.pick(live),
      field: random.pick(['currency', 'customerId', 'items']),
    };
  if (roll < 6 && poisoned.length > 0) return { kind: 'repair', orderId: random.pick(poisoned) };
  if (roll < 9 && deleted.length > 0)
    return {
      kind: 'recreate',
      orderId: model.newId(),
      deletedId: random.pick(deleted),
      lines: random.int(1, 3),
    };
  if (roll < 30 || live.length === 0)
    return { kind: 'create', orderId: model.newId(), customer: random.int(1, 8), lines: random.int(1, 3) };
  const orderId = random.pick(live);
  const status = model.status.get(orderId);
  const steps: ChaosOp['kind'][] =
    status === 'created'
      ? ['confirm', 'cancel', 'delete']
      : status === 'confirmed'
        ? ['ship', 'cancel', 'delete']
        : ['delete'];
  const kind = random.pick(steps) as 'confirm' | 'ship' | 'cancel' | 'delete';
  return { kind, orderId };
}

const AFTER: Partial<Record<ChaosOp['kind'], Status>> = {
  create: 'created',
  recreate: 'created',
  confirm: 'confirmed',
  ship: 'shipped',
  cancel: 'cancelled',
  delete: 'deleted',
  poison: 'poisoned',
};

function record(model: OrderModel, op: ChaosOp): void {
  if (op.kind === 'poison') model.beforePoison.set(op.orderId, model.status.get(op.orderId) as Status);
  const status = op.kind === 'repair' ? model.beforePoison.get(op.orderId) : AFTER[op.kind];
  model.status.set(op.orderId, status as Status);
}

function timeline(random: SeededRandom, changes: number): TimelineFault[] {
  const at = (from: number, to: number) => random.int(Math.floor(changes * from), Math.floor(changes * to));
  const faults: TimelineFault[] = [
    { kind: 'kill', atOp: at(0.35, 0.65), downMs: random.int(200, 1000) },
    { kind: 'pg-drop', atOp: at(0.1, 0.9), ms: random.int(300, 1200) },
    {
      kind: 'openSearch-outage',
      atOp: at(0.1, 0.9),
      ms: random.int(300, 1200),
      status: random.pick([429, 503]),
    },
  ];
  faults.push({ kind: 'dynamodb-throttle', atOp: at(0.1, 0.9), ms: random.int(1000, 2500) });
  faults.push({ kind: 'backfill', atOp: at(0.7, 0.85) });
  if (random.chance(0.5)) faults.push({ kind: 'pg-drop', atOp: at(0.1, 0.9), ms: random.int(300, 1200) });
  if (random.chance(0.5))
    faults.push({
      kind: 'openSearch-outage',
      atOp: at(0.1, 0.9),
      ms: random.int(300, 1200),
      status: random.pick([429, 503]),
    });
  return faults.sort((a, b) => a.atOp - b.atOp);
}

/**
 * The whole seed: a random history over many orders (creates, confirm/ship, cancels, deletes,
 * re-creations under a new id, poison changes and repairs; at least one poison change), the
 * runtime's fault rates and when the process-level faults strike. Everything comes from `seed`.
 */
export function planSeed(seed: number, options: PlanOptions = {}): ChaosPlan {
  const random = new SeededRandom(seed);
  const changes = options.changes ?? DEFAULT_CHANGES;
  const model = new OrderModel(seed);
  const forcedPoisonAt = random.int(Math.floor(changes * 0.2), Math.floor(changes * 0.8));
  const ops: ChaosOp[] = [];
  for (let i = 0; i < changes; i += 1) {
    const op = nextOp(random, model, i === forcedPoisonAt);
    record(model, op);
    ops.push(op);
  }
  return {
    seed,
    ops,
    gapMs: Math.max(0, Math.round((options.writeMs ?? changes * 35) / changes)),
    timeline: timeline(random, changes),
    runtime: {
      duplicateRate: random.int(10, 40) / 100,
      maxCopies: 3,
      holdRate: random.int(5, 20) / 100,
      holdMaxMs: random.int(50, 400),
      crashAfterHandlerRate: random.int(3, 10) / 100,
    },
  };
}
