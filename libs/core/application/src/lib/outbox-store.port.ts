import {
  isDeletion,
  ValidationError,
  type AggregateState,
  type OutboxEvent,
  type ValidationIssue,
} from '@outflow/core-domain';

/** An aggregate as the source holds it. `state` is null once the aggregate is deleted. */
export interface AggregateSnapshot {
  readonly aggregateType: string;
  readonly aggregateId: string;
  readonly version: number;
  readonly state: AggregateState | null;
}

/** One committed change: the aggregate's new state and the events describing it. */
export interface AggregateChange {
  readonly aggregateType: string;
  readonly aggregateId: string;
  /** The version the writer read; 0 when the aggregate must not exist yet. */
  readonly expectedVersion: number;
  /** The new state, or null for a deletion. Its version is `expectedVersion + 1`. */
  readonly state: AggregateState | null;
  /** At least one event, all at version `expectedVersion + 1`. */
  readonly events: readonly OutboxEvent[];
}

/**
 * Where a source service writes aggregates together with their outbox events, atomically
 * (docs/architecture.md, rule 1). `save` throws `ConcurrencyError` when the stored version is not
 * `expectedVersion`, and then writes nothing.
 */
export interface OutboxStore {
  save(change: AggregateChange): Promise<void>;
  load(aggregateType: string, aggregateId: string): Promise<AggregateSnapshot | undefined>;
}

/**
 * Checks what every OutboxStore requires of a change before writing it, and throws a
 * ValidationError naming each bad field: at least one event; every event of this aggregate at
 * version `expectedVersion + 1`; upsert events carry the new state, a deletion carries only
 * deletion events; distinct event ids.
 */
export function assertValidChange(change: AggregateChange): void {
  const issues: ValidationIssue[] = [];
  const version = change.expectedVersion + 1;
  if (!Number.isInteger(change.expectedVersion) || change.expectedVersion < 0) {
    issues.push({
      path: 'expectedVersion',
      message: `expected an integer ≥ 0, got ${String(change.expectedVersion)}`,
    });
  }
  if (change.events.length === 0)
    issues.push({ path: 'events', message: 'a change needs at least one outbox event' });
  const seen = new Set<string>();
  change.events.forEach((event, i) => {
    const at = `events[${i}]`;
    if (event.aggregateType !== change.aggregateType)
      issues.push({
        path: `${at}.aggregateType`,
        message: `expected ${change.aggregateType}, got ${event.aggregateType}`,
      });
    if (event.aggregateId !== change.aggregateId)
      issues.push({
        path: `${at}.aggregateId`,
        message: `expected ${change.aggregateId}, got ${event.aggregateId}`,
      });
    if (event.aggregateVersion !== version)
      issues.push({
        path: `${at}.aggregateVersion`,
        message: `expected ${version} (expectedVersion + 1), got ${event.aggregateVersion}`,
      });
    if (change.state === null && !isDeletion(event))
      issues.push({ path: `${at}.deleted`, message: 'a deletion (state null) carries only deletion events' });
    if (change.state !== null && isDeletion(event))
      issues.push({ path: `${at}.deleted`, message: 'a deletion event needs state null' });
    if (seen.has(event.eventId))
      issues.push({ path: `${at}.eventId`, message: `duplicate event id ${event.eventId}` });
    seen.add(event.eventId);
  });
  if (issues.length > 0)
    throw new ValidationError(`change of ${change.aggregateType} ${change.aggregateId}`, issues);
}
