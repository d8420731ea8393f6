import {
  decide,
  outcomeOf,
  OUTBOX_BUS_ENTRY_MAX_BYTES,
  toBusEventDetail,
  type AggregateState,
  type ChangeOutcome,
  type Holding,
  type OutboxEvent,
} from '@outflow/core-domain';
import { ApplyChanges, type RawMessage } from './apply-changes.use-case';
import type { ProjectionPage, ProjectionStore } from './projection-store.port';

/**
 * A small fake with the version rule; the full fake and its contract live in @outflow/testing.
 * Like ApplyChanges sends them, an aggregate's candidates come newest first: the first accepted
 * one is applied, the older ones are then stale.
 */
class VersionedStore implements ProjectionStore {
  readonly versions = new Map<string, number>();
  readonly calls: OutboxEvent[][] = [];
  constructor(private readonly refuse: (e: OutboxEvent) => string | undefined = () => undefined) {}
  async apply(changes: readonly OutboxEvent[]): Promise<ChangeOutcome[]> {
    this.calls.push([...changes]);
    return changes.map((change) => {
      const held = this.versions.get(change.aggregateId);
      const holding: Holding = held === undefined ? { kind: 'absent' } : { kind: 'present', version: held };
      const decision = decide(holding, change);
      if (decision.kind !== 'applied') return outcomeOf(decision);
      const reason = this.refuse(change);
      if (reason) return { kind: 'failed', reason };
      this.versions.set(change.aggregateId, change.aggregateVersion);
      return outcomeOf(decision);
    });
  }
  async read(): Promise<Holding<AggregateState>> {
    return { kind: 'absent' };
  }
  async list(): Promise<ProjectionPage> {
    return { items: [] };
  }
  expectedHash(): string {
    return '';
  }
}

const event = (aggregateId: string, version: number): OutboxEvent => ({
  eventId: `${aggregateId}-${version}`,
  eventType: 'thing.changed',
  aggregateType: 'thing',
  aggregateId,
  aggregateVersion: version,
  occurredAt: '2026-01-01T00:00:00Z',
  schemaVersion: 1,
  state: { version },
});
const message = (
  messageId: string,
  e: OutboxEvent,
  groupId: string | undefined = e.aggregateId,
): RawMessage => ({
  messageId,
  body: JSON.stringify(toBusEventDetail(e)),
  ...(groupId ? { groupId } : {}),
});

describe('Class: ApplyChanges', () => {
  describe('Method: execute', () => {
    it('returns one outcome per message, in input order, with its event id', async () => {
      // Prepare
      const store = new VersionedStore();
      // Act
      const outcomes = await new ApplyChanges(store).execute({
        messages: [message('m1', event('a', 1)), message('m2', event('b', 1))],
      });
      // Assess
      expect(outcomes).toEqual([
        { messageId: 'm1', eventId: 'a-1', outcome: { kind: 'applied' } },
        { messageId: 'm2', eventId: 'b-1', outcome: { kind: 'applied' } },
      ]);
    });

    it('applies only the newest version per aggregate and reports the older ones stale', async () => {
      const store = new VersionedStore();
      const outcomes = await new ApplyChanges(store).execute({
        messages: [message('m1', event('a', 1)), message('m2', event('a', 2)), message('m3', event('a', 2))],
      });
      // Every version is a candidate, newest first; the copy of v2 is covered by the first.
      expect(store.calls).toEqual([[event('a', 2), event('a', 1)]]);
      expect(outcomes.map((o) => o.outcome)).toEqual([
        { kind: 'stale', heldVersion: 2 },
        { kind: 'applied' },
        { kind: 'duplicate' },
      ]);
    });

    it('fails an undecodable message PERMANENTLY with the field at fault, holding back nothing else (its aggregate is unknown)', async () => {
      const store = new VersionedStore();
      const bad: RawMessage = {
        messageId: 'm1',
        groupId: 'g',
        body: JSON.stringify({ ...event('a', 1), aggregateVersion: -1 }),
      };
      const outcomes = await new ApplyChanges(store).execute({
        messages: [bad, message('m2', event('a', 2), 'g'), message('m3', event('b', 1), 'g')],
      });
      expect(outcomes[0]?.outcome).toEqual({
        kind: 'failed',
        permanent: true,
        reason: expect.stringContaining('aggregateVersion: expected an integer ≥ 1'),
      });
      expect(outcomes.slice(1).map((o) => o.outcome)).toEqual([{ kind: 'applied' }, { kind: 'applied' }]);
      expect(store.calls).toEqual([[event('a', 2), event('b', 1)]]);
    });

    it('fails permanently a message larger than an outbox change may be, and one whose version is not a safe integer', async () => {
      const store = new VersionedStore();
      const huge: OutboxEvent = {
        ...event('a', 1),
        state: { blob: 'x'.repeat(OUTBOX_BUS_ENTRY_MAX_BYTES) },
      } as OutboxEvent;
      const unsafe = JSON.stringify(event('b', 1)).replace(
        '"aggregateVersion":1',
        '"aggregateVersion":9007199254740993',
      );
      const outcomes = await new ApplyChanges(store).execute({
        messages: [
          message('m1', huge, 'g'),
          { messageId: 'm2', groupId: 'g', body: unsafe },
          message('m3', event('c', 1), 'g'),
        ],
      });
      expect(outcomes.map((o) => o.outcome)).toEqual([
        { kind: 'failed', permanent: true, reason: expect.stringMatching(/^oversized message: \d+ bytes/) },
        { kind: 'failed', permanent: true, reason: expect.stringContaining('aggregateVersion') },
        { kind: 'applied' },
      ]);
      expect(store.calls).toEqual([[event('c', 1)]]);
    });

    it('fails a store outage transiently (no permanent flag): it must be retried', async () => {
      const store = { apply: () => Promise.reject(new Error('connection refused')) };
      const outcomes = await new ApplyChanges(store as never).execute({
        messages: [message('m1', event('a', 1), 'g')],
      });
      expect(outcomes[0]?.outcome).toEqual({
        kind: 'failed',
        reason: 'projection store unavailable: connection refused',
      });
    });

    it('applies a valid older change when the newest is refused for its data, each message keeping its own reason', async () => {
      // Prepare: issue 12, item 9 — [A v2 valid, B v1, A v3 whose total the store cannot hold].
      const store = new VersionedStore((e) => (e.eventId === 'a-3' ? 'numeric field overflow' : undefined));
      // Act
      const outcomes = await new ApplyChanges(store).execute({
        messages: [
          message('m1', event('a', 2), 'g'),
          message('m2', event('b', 1), 'g'),
          message('m3', event('a', 3), 'g'),
        ],
      });
      // Assess: A v2 lands as it would in separate batches; A v3 fails with ITS reason.
      expect(outcomes.map((o) => o.outcome)).toEqual([
        { kind: 'applied' },
        { kind: 'applied' },
        { kind: 'failed', reason: 'numeric field overflow' },
      ]);
      expect(store.versions.get('a')).toBe(2);
    });

    it('reports an older change applied after a failure of its aggregate as applied, not held back (SQS would count a receive)', async () => {
      // Prepare: one message group (as a rule target gives) carries three aggregates; x v2 is refused.
      const store = new VersionedStore((e) => (e.eventId === 'x-2' ? 'constraint violated' : undefined));
      // Act: m1 (x v2) fails in the store; m2 (y) is independent; m3 (x v1) comes after the failure.
      const outcomes = await new ApplyChanges(store).execute({
        messages: [
          message('m1', event('x', 2), 'g'),
          message('m2', event('y', 1), 'g'),
          message('m3', event('x', 1), 'g'),
        ],
      });
      // Assess: x v1 is applied (the newest x the store accepts) and acknowledged: held back, it
      // would be received as often as m1 and dead-lettered with it. y applies.
      expect(outcomes.map((o) => o.outcome)).toEqual([
        { kind: 'failed', reason: 'constraint violated' },
        { kind: 'applied' },
        { kind: 'applied' },
      ]);
      expect(store.versions.get('x')).toBe(1);
    });

    it('keeps the own reason of every refused change of an aggregate instead of the hold-back reason', async () => {
      const store = new VersionedStore((e) => (e.aggregateId === 'x' ? `refused ${e.eventId}` : undefined));
      const outcomes = await new ApplyChanges(store).execute({
        messages: [message('m1', event('x', 1), 'g'), message('m2', event('x', 2), 'g')],
      });
      expect(outcomes.map((o) => o.outcome)).toEqual([
        { kind: 'failed', reason: 'refused x-1' },
        { kind: 'failed', reason: 'refused x-2' },
      ]);
    });

    it('fails a copy of a refused event with the reason of the copy that carried it', async () => {
      const store = new VersionedStore((e) => (e.eventId === 'x-1' ? 'constraint violated' : undefined));
      const outcomes = await new ApplyChanges(store, {
        decode: (body) => ({ ok: true, value: event('x', Number(body)) }),
      }).execute({
        messages: [
          { messageId: 'm1', groupId: 'g', body: '1' },
          { messageId: 'm2', groupId: 'g', body: '1' },
        ],
      });
      expect(outcomes.map((o) => o.outcome)).toEqual([
        { kind: 'failed', reason: 'constraint violated' },
        {
          kind: 'failed',
          reason: 'carried by event x-1 in the same batch, which failed: constraint violated',
        },
      ]);
    });

    it('fails every planned message with the reason when the store cannot be reached', async () => {
      const store: ProjectionStore = {
        apply: async () => {
          throw new Error('connection refused');
        },
        read: async () => ({ kind: 'absent' }),
        list: async () => ({ items: [] }),
        expectedHash: () => '',
      };
      const outcomes = await new ApplyChanges(store).execute({
        messages: [message('m1', event('a', 1), undefined)],
      });
      expect(outcomes[0]?.outcome).toEqual({
        kind: 'failed',
        reason: 'projection store unavailable: connection refused',
      });
    });

    it('fails a change for which the store returned no outcome instead of losing it', async () => {
      const store: ProjectionStore = {
        apply: async () => [],
        read: async () => ({ kind: 'absent' }),
        list: async () => ({ items: [] }),
        expectedHash: () => '',
      };
      const outcomes = await new ApplyChanges(store).execute({ messages: [message('m1', event('a', 1))] });
      expect(outcomes[0]?.outcome).toEqual({
        kind: 'failed',
        reason: expect.stringContaining('no outcome for event a-1'),
      });
    });

    it('does not call the store for an empty batch', async () => {
      const store = new VersionedStore();
      expect(await new ApplyChanges(store).execute({ messages: [] })).toEqual([]);
      expect(store.calls).toEqual([]);
    });

    it('uses a custom decoder when given one', async () => {
      const store = new VersionedStore();
      const useCase = new ApplyChanges(store, { decode: () => ({ ok: true, value: event('k', 4) }) });
      const outcomes = await useCase.execute({ messages: [{ messageId: 'm', body: 'anything' }] });
      expect(outcomes[0]).toEqual({ messageId: 'm', eventId: 'k-4', outcome: { kind: 'applied' } });
    });
  });
});
