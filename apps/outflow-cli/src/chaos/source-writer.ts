import type { AggregateState, UpsertEvent } from '@outflow/core-domain';
import type { OutboxStore } from '@outflow/core-application';
import {
  CancelOrder,
  ConfirmOrder,
  CreateOrder,
  DeleteOrder,
  ORDER_AGGREGATE_TYPE,
  ShipOrder,
  toPlainState,
  type OrderResult,
} from '@outflow/orders';
import type { ChaosOp, PoisonField } from './plan';

/** What the source holds of one order after the history, as written. */
export interface WrittenOrder {
  readonly orderId: string;
  /** The newest version written. */
  version: number;
  /** Newest state (null: deleted). */
  state: AggregateState | null;
  /** The newest change that every downstream accepts: its version and state (null: deleted). */
  lastValid?: { readonly version: number; readonly state: AggregateState | null };
  /** Poison changes written to this order, by version. */
  readonly poison: Map<number, { readonly eventId: string; readonly field: PoisonField }>;
}

/** A state `parseOrderState` refuses, naming `field` in its reason. */
function poisoned(state: AggregateState, field: PoisonField): AggregateState {
  if (field === 'currency') return { ...state, currency: 'eur' };
  if (field === 'customerId') return { ...state, customerId: '   ' };
  return { ...state, items: [] };
}

/**
 * Writes a chaos history to the source table: the orders use cases for what the service does
 * (create, confirm, ship, cancel, delete; a deleted id refused when created again), and the
 * outbox store directly for poison changes and their repairs, which the service would refuse.
 * Event ids are `s<seed>-e<n>`, so a seed writes the same events every time.
 */
export class SourceWriter {
  readonly orders = new Map<string, WrittenOrder>();
  private events = 0;
  private readonly deps;

  constructor(
    private readonly store: OutboxStore,
    private readonly seed: number,
  ) {
    this.deps = { store, clock: { now: () => new Date() }, ids: { next: () => this.nextEventId() } };
  }

  private nextEventId(): string {
    return `s${this.seed}-e${(this.events += 1)}`;
  }

  /** Applies one op; throws when the source answers what the plan did not expect (a defect). */
  async write(op: ChaosOp): Promise<void> {
    if (op.kind === 'poison') return this.poison(op.orderId, op.field);
    if (op.kind === 'repair') return this.repair(op.orderId);
    if (op.kind === 'create' || op.kind === 'recreate') return this.create(op);
    const input = { orderId: op.orderId };
    const use = {
      confirm: () => new ConfirmOrder(this.deps).execute(input),
      ship: () => new ShipOrder(this.deps).execute(input),
      cancel: () => new CancelOrder(this.deps).execute(input),
    };
    if (op.kind === 'delete') {
      const deleted = await new DeleteOrder(this.deps).execute(input);
      if (!deleted.ok) throw new Error(`delete ${op.orderId}: ${deleted.error.message}`);
      return this.track(op.orderId, deleted.value.version, null);
    }
    this.accept(`${op.kind} ${op.orderId}`, await use[op.kind]());
  }

  private async create(op: Extract<ChaosOp, { kind: 'create' | 'recreate' }>): Promise<void> {
    if (op.kind === 'recreate') {
      const again = await new CreateOrder(this.deps).execute(this.draft(op.deletedId, 1, op.lines));
      if (again.ok || again.error.kind !== 'conflict')
        throw new Error(`creating the deleted order ${op.deletedId} again was not refused as a conflict`);
    }
    const customer = op.kind === 'create' ? op.customer : 9;
    this.accept(
      `create ${op.orderId}`,
      await new CreateOrder(this.deps).execute(this.draft(op.orderId, customer, op.lines)),
    );
  }

  private draft(orderId: string, customer: number, lines: number) {
    const n = this.events;
    return {
      orderId,
      customerId: `c-${customer}`,
      currency: ['EUR', 'USD', 'GBP'][n % 3],
      items: Array.from({ length: lines }, (_, i) => ({
        sku: `SKU-${(n + i) % 17}`,
        quantity: 1 + ((n + i) % 4),
        unitPriceCents: 100 + ((n * 37 + i * 11) % 9900),
      })),
    };
  }

  private accept(what: string, result: OrderResult): void {
    if (!result.ok) throw new Error(`${what}: ${result.error.kind}: ${result.error.message}`);
    this.track(result.value.order.orderId, result.value.version, toPlainState(result.value.order));
  }

  private track(orderId: string, version: number, state: AggregateState | null, poison?: PoisonField): void {
    const order: WrittenOrder = this.orders.get(orderId) ?? {
      orderId,
      version: 0,
      state: null,
      poison: new Map(),
    };
    order.version = version;
    order.state = state;
    if (poison) order.poison.set(version, { eventId: `s${this.seed}-e${this.events}`, field: poison });
    else order.lastValid = { version, state };
    this.orders.set(orderId, order);
  }

  /** Writes `state` at the next version with its event, past the service's checks. */
  private async raw(orderId: string, state: AggregateState, eventType: string): Promise<number> {
    const order = this.orders.get(orderId);
    if (!order) throw new Error(`no order ${orderId} to change`);
    const version = order.version + 1;
    const event: UpsertEvent = {
      eventId: this.nextEventId(),
      eventType,
      aggregateType: ORDER_AGGREGATE_TYPE,
      aggregateId: orderId,
      aggregateVersion: version,
      occurredAt: new Date().toISOString(),
      schemaVersion: 1,
      state,
    };
    await this.store.save({
      aggregateType: ORDER_AGGREGATE_TYPE,
      aggregateId: orderId,
      expectedVersion: order.version,
      state,
      events: [event],
    });
    return version;
  }

  private async poison(orderId: string, field: PoisonField): Promise<void> {
    const state = this.orders.get(orderId)?.state;
    if (!state) throw new Error(`order ${orderId} has no state to poison`);
    const version = await this.raw(orderId, poisoned(state, field), 'order.imported');
    this.track(orderId, version, poisoned(state, field), field);
  }

  private async repair(orderId: string): Promise<void> {
    const valid = this.orders.get(orderId)?.lastValid?.state;
    if (!valid) throw new Error(`order ${orderId} has no valid state to repair to`);
    const state = { ...valid, updatedAt: new Date().toISOString() };
    this.track(orderId, await this.raw(orderId, state, 'order.repaired'), state);
  }
}
