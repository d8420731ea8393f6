/** The aggregate's full state after a change, as plain JSON data. */
export type AggregateState = Readonly<Record<string, unknown>>;

/** Fields every outbox event carries (docs/architecture.md, rule 2). */
export interface EventEnvelope {
  /** Unique per event; the idempotency key downstream. */
  readonly eventId: string;
  /** e.g. `order.confirmed`. */
  readonly eventType: string;
  /** e.g. `order`. */
  readonly aggregateType: string;
  readonly aggregateId: string;
  /** Integer ≥ 1, +1 per committed change of the aggregate. Every event of one change shares it. */
  readonly aggregateVersion: number;
  /** ISO-8601 instant the change was committed. */
  readonly occurredAt: string;
  /** Version of the event's schema (integer ≥ 1). */
  readonly schemaVersion: number;
  readonly correlationId?: string;
  readonly causationId?: string;
}

/** A change that leaves the aggregate in `state` (state transfer: no earlier event is needed). */
export interface UpsertEvent extends EventEnvelope {
  readonly state: AggregateState;
  readonly deleted?: undefined;
}

/** A change that deletes the aggregate; downstreams keep a tombstone at `aggregateVersion`. */
export interface DeletionEvent extends EventEnvelope {
  readonly deleted: true;
  readonly state?: undefined;
}

export type OutboxEvent = UpsertEvent | DeletionEvent;

export const isDeletion = (event: OutboxEvent): event is DeletionEvent => event.deleted === true;

/** Identifies an aggregate across types: `<aggregateType>#<aggregateId>`. */
export type AggregateKey = string;

export const aggregateKeyOf = (event: Pick<EventEnvelope, 'aggregateType' | 'aggregateId'>): AggregateKey =>
  `${event.aggregateType}#${event.aggregateId}`;
