import type { ProjectionStore } from '@outflow/core-application';
import { isDeletion, type AggregateState, type Holding, type OutboxEvent } from '@outflow/core-domain';
import { makeEvent, type StateFactory } from './histories';

/** How the contract suite builds data a particular store accepts, and reads it back. */
export interface ProjectionContractFixture {
  /** An aggregate type the store has a mapping for. */
  readonly aggregateType: string;
  /** A valid state for version `version` of aggregate `aggregateId`; versions must differ. */
  readonly stateFor: StateFactory;
  /** A state the store must refuse for its data when writing it (a constraint violation). */
  readonly poisonStateFor: StateFactory;
  /**
   * What `read` returns for a stored state, when the store normalizes it.
   * @default the state itself
   */
  readonly view?: (state: AggregateState) => unknown;
}

/** Shared helpers of the contract's parts: fresh ids and events, and the "holds" assertion. */
export interface ContractKit {
  readonly type: string;
  readonly fixture: ProjectionContractFixture;
  freshId(label: string): string;
  upsert(id: string, version: number, eventId?: string): OutboxEvent;
  poison(id: string, version: number, eventId?: string): OutboxEvent;
  deletion(id: string, version: number): OutboxEvent;
  /** Asserts the store holds exactly what `event` leaves (absent for `undefined`). */
  expectHolds(store: ProjectionStore, event: OutboxEvent | undefined, aggregateId?: string): Promise<void>;
}

export function contractKit(fixture: ProjectionContractFixture): ContractKit {
  const type = fixture.aggregateType;
  const view = fixture.view ?? ((state: AggregateState) => state);
  const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  let counter = 0;
  const shown = (holding: Holding<AggregateState>) =>
    holding.kind === 'present' ? { ...holding, state: view(holding.state) } : holding;
  return {
    type,
    fixture,
    freshId: (label) => `${label}-${run}-${(counter += 1)}`,
    upsert: (id, version, eventId) =>
      makeEvent(type, id, version, { state: fixture.stateFor(id, version) }, eventId ?? `${id}-v${version}`),
    poison: (id, version, eventId) =>
      makeEvent(
        type,
        id,
        version,
        { state: fixture.poisonStateFor(id, version) },
        eventId ?? `${id}-v${version}`,
      ),
    deletion: (id, version) => makeEvent(type, id, version, { deleted: true }, `${id}-v${version}-del`),
    expectHolds: async (store, event, aggregateId) => {
      const expected: Holding<AggregateState> =
        event === undefined
          ? { kind: 'absent' }
          : isDeletion(event)
            ? { kind: 'tombstone', version: event.aggregateVersion }
            : { kind: 'present', version: event.aggregateVersion, state: event.state };
      const id = aggregateId ?? event?.aggregateId ?? '';
      expect(shown(await store.read(type, id))).toEqual(shown(expected));
    },
  };
}
