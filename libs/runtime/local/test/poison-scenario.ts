import { ApplyChanges } from '@outflow/core-application';
import { decodeBusMessage, type OutboxEvent } from '@outflow/core-domain';
import { createSqsApplyHandler, silentLogger } from '@outflow/runtime-lambda';
import { InMemoryProjectionStore, makeEvent } from '@outflow/testing';
import type { SqsHandler } from '../src/lib/consumer/sqs-consumer';

/** Why the legacy database refuses the poison change (the reason its DLQ entry must carry). */
export const POISON_REASON = 'value too large for column total_amount';

/** A poison change for order A, then `goods` good changes for other orders. */
export const poisonInput = (goods: number, withPoison: boolean): OutboxEvent[] => [
  ...(withPoison ? [makeEvent('order', 'A', 1, { state: { total: 1e15 } })] : []),
  ...Array.from({ length: goods }, (_, i) => makeEvent('order', `g-${i}`, 1, { state: { total: i } })),
];

/** The median of a list of numbers. */
export const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

/**
 * The real SQS apply handler over an in-memory legacy database refusing order A, timed: when
 * each event was written (`wrote`) and when the handler applied it (`appliedAt`).
 */
export const timedDownstream = () => {
  const store = new InMemoryProjectionStore({
    reject: (e) => (e.aggregateId === 'A' ? POISON_REASON : undefined),
  });
  const inner = createSqsApplyHandler(new ApplyChanges(store), { logger: silentLogger });
  const wroteAt = new Map<string, number>();
  const appliedAt = new Map<string, number>();
  const handler: SqsHandler = async (event, context) => {
    const response = await inner(event, context);
    const failed = new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
    const now = Date.now();
    for (const record of event.Records) {
      const decoded = decodeBusMessage(record.body);
      if (decoded.ok && !failed.has(record.messageId)) appliedAt.set(decoded.value.eventId, now);
    }
    return response;
  };
  /** Write → applied latencies (ms) of the good changes that were applied. */
  const latencies = () =>
    [...appliedAt]
      .filter(([id]) => wroteAt.has(id) && !id.includes('-A-'))
      .map(([id, at]) => at - (wroteAt.get(id) as number));
  return { store, handler, wroteAt, appliedAt, latencies };
};

/** Writes events one by one, `gapMs` apart, recording each write's time. */
export const writeSpaced = async (
  events: readonly OutboxEvent[],
  gapMs: number,
  write: (event: OutboxEvent, index: number) => void,
  wroteAt: Map<string, number>,
): Promise<void> => {
  for (const [index, event] of events.entries()) {
    wroteAt.set(event.eventId, Date.now());
    write(event, index);
    await new Promise((r) => setTimeout(r, gapMs));
  }
};
