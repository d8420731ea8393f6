import { ApplyChanges, type ProjectionStore, type RawMessage } from '@outflow/core-application';
import { toBusEventDetail, type ChangeOutcome, type OutboxEvent } from '@outflow/core-domain';
import fc from 'fast-check';
import type { ContractKit } from './projection-contract-kit';

type Step = 'upsert' | 'poison' | 'delete';

/** Histories (one list of steps per aggregate) and how they are delivered: order, copies, batches. */
interface PoisonCase {
  readonly histories: readonly (readonly Step[])[];
  /** Indexes into the histories' events (flattened), every event at least once, shuffled. */
  readonly deliveries: readonly number[];
  readonly batchSizes: readonly number[];
}

const poisonCaseArbitrary = (): fc.Arbitrary<PoisonCase> =>
  fc
    .array(
      fc.array(
        fc.oneof(
          { arbitrary: fc.constant<Step>('upsert'), weight: 3 },
          { arbitrary: fc.constant<Step>('poison'), weight: 2 },
          { arbitrary: fc.constant<Step>('delete'), weight: 1 },
        ),
        { minLength: 1, maxLength: 4 },
      ),
      { minLength: 1, maxLength: 3 },
    )
    .chain((histories) => {
      const count = histories.reduce((n, h) => n + h.length, 0);
      return fc.record({
        histories: fc.constant(histories),
        deliveries: fc.array(fc.nat(count - 1), { maxLength: count }).chain((copies) =>
          fc.shuffledSubarray([...Array.from({ length: count }, (_, i) => i), ...copies], {
            minLength: count + copies.length,
          }),
        ),
        batchSizes: fc.array(fc.integer({ min: 1, max: 10 }), { minLength: 1, maxLength: 6 }),
      });
    });

/** The events of `histories` for the given aggregate ids, flattened in history order. */
const eventsOf = (kit: ContractKit, histories: PoisonCase['histories'], ids: readonly string[]) =>
  histories.flatMap((steps, a) =>
    steps.map((step, v) => {
      const id = ids[a] as string;
      return step === 'delete'
        ? kit.deletion(id, v + 1)
        : step === 'poison'
          ? kit.poison(id, v + 1)
          : kit.upsert(id, v + 1);
    }),
  );

const message = (event: OutboxEvent, delivery: number): RawMessage => ({
  messageId: `d${delivery}`,
  // One message group for the subscription, as an EventBridge rule target gives.
  groupId: 'subscription',
  body: JSON.stringify(toBusEventDetail(event)),
});

const isHoldBack = (outcome: ChangeOutcome) =>
  outcome.kind === 'failed' && outcome.reason.startsWith('not processed to avoid out-of-order delivery');

/**
 * Delivers `messages` in batches; failed messages held back by the FIFO rule come again later
 * (as SQS redelivers them), the others go to the DLQ. Returns the DLQ (message id → reason) and
 * the outcome that settled each message (the first one that was not a hold-back).
 */
async function deliver(
  useCase: ApplyChanges,
  batches: readonly (readonly RawMessage[])[],
): Promise<{ dlq: Map<string, string>; settled: Map<string, ChangeOutcome> }> {
  const dlq = new Map<string, string>();
  const settled = new Map<string, ChangeOutcome>();
  const queue = [...batches];
  for (let batch = queue.shift(); batch !== undefined; batch = queue.shift()) {
    const outcomes = await useCase.execute({ messages: batch });
    const again = [];
    for (const { messageId, outcome } of outcomes) {
      if (isHoldBack(outcome)) {
        again.push(batch.find((m) => m.messageId === messageId) as RawMessage);
        continue;
      }
      settled.set(messageId, outcome);
      if (outcome.kind === 'failed') dlq.set(messageId, outcome.reason);
    }
    if (again.length > 0) queue.push(again);
  }
  return { dlq, settled };
}

const splitInto = <T>(items: readonly T[], sizes: readonly number[]): T[][] => {
  const batches: T[][] = [];
  for (let start = 0, b = 0; start < items.length; b += 1) {
    const size = sizes[b % sizes.length] as number;
    batches.push(items.slice(start, start + size));
    start += size;
  }
  return batches;
};

/**
 * Contract part (issue 12, item 9): random histories with changes the store refuses for their
 * data, delivered one at a time and in random batches, end in the same state — per aggregate,
 * its newest change the store accepts — and with the same dead letters, except poison changes
 * superseded in their batch by an applied newer change, which are reported `stale` at that
 * newer version (their data is never tried, as if they had arrived after it).
 */
export function describePoisonProperty(
  kit: ContractKit,
  store: () => ProjectionStore,
  options: { readonly runs: number; readonly timeoutMs: number },
): void {
  it(
    `ends in the same state and dead letters whether changes come one at a time or in batches, with poison changes (${options.runs} cases)`,
    async () => {
      await fc.assert(
        fc.asyncProperty(poisonCaseArbitrary(), async ({ histories, deliveries, batchSizes }) => {
          // Prepare: the same case twice, on fresh aggregate ids for each delivery.
          const single = histories.map(() => kit.freshId('one'));
          const batched = histories.map(() => kit.freshId('batch'));
          const [singleEvents, batchedEvents] = [
            eventsOf(kit, histories, single),
            eventsOf(kit, histories, batched),
          ];
          const useCase = new ApplyChanges(store());
          // Act
          const one = await deliver(
            useCase,
            deliveries.map((e, d) => [message(singleEvents[e] as OutboxEvent, d)]),
          );
          const many = await deliver(
            useCase,
            splitInto(
              deliveries.map((e, d) => message(batchedEvents[e] as OutboxEvent, d)),
              batchSizes,
            ),
          );
          // Assess: the state — per aggregate, the newest change that is not poison.
          for (const [a, steps] of histories.entries()) {
            const last = steps.map((s, v) => (s === 'poison' ? -1 : v)).reduce((m, v) => Math.max(m, v), -1);
            const offset = histories.slice(0, a).reduce((n, h) => n + h.length, 0);
            await kit.expectHolds(store(), last < 0 ? undefined : singleEvents[offset + last], single[a]);
            await kit.expectHolds(store(), last < 0 ? undefined : batchedEvents[offset + last], batched[a]);
          }
          // Assess: the dead letters — the same, each with its own reason, but superseded poison.
          for (const [id, reason] of many.dlq) {
            // The same reason, or "carried by <the copy that failed>…, which failed: <the same reason>".
            const alone = one.dlq.get(id) ?? '(not dead-lettered one at a time)';
            expect({ id, reason }).toEqual({ id, reason: expect.stringContaining(alone) });
          }
          for (const id of one.dlq.keys()) {
            if (many.dlq.has(id)) continue;
            const event = batchedEvents[deliveries[Number(id.slice(1))] as number] as OutboxEvent;
            expect(histories.flat()[deliveries[Number(id.slice(1))] as number]).toBe('poison');
            expect(many.settled.get(id)).toEqual({ kind: 'stale', heldVersion: expect.any(Number) });
            const held = many.settled.get(id);
            expect(held?.kind === 'stale' && held.heldVersion > event.aggregateVersion).toBe(true);
          }
        }),
        { numRuns: options.runs },
      );
    },
    options.timeoutMs,
  );
}
