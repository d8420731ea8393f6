import { outflowTopology } from '@outflow/topology';
import { formatDeadLetter } from './dead-letter-line';

const detail = {
  eventId: 'e-9',
  aggregateKey: 'order#o-1',
  eventType: 'order.confirmed',
  aggregateType: 'order',
  aggregateId: 'o-1',
  aggregateVersion: '3',
  event: '{}',
};
const entry = (from: string, payload: unknown) => ({
  from,
  reason: 'no legacy mapping for aggregate type "invoice" (known: order)',
  movedAt: '2026-11-29T10:00:00.000Z',
  payload,
});

describe('Function: formatDeadLetter', () => {
  it('names the subscription, its queue, the order, its version and event, and the reason (FIFO message)', () => {
    const line = formatDeadLetter(
      entry('queue:legacy-rdb.fifo', { body: JSON.stringify({ detail }), receiveCount: 5 }),
      outflowTopology,
    );
    expect(line).toBe(
      'dead letter: legacy-rdb (queue:legacy-rdb.fifo) order o-1 version 3 (event e-9): no legacy mapping for aggregate type "invoice" (known: order)',
    );
  });

  it('decodes a standard queue message (the detail itself) and a rule event', () => {
    expect(
      formatDeadLetter(entry('queue:legacy-rdb-buffer', { body: JSON.stringify(detail) }), outflowTopology),
    ).toMatch(/^dead letter: legacy-rdb \(queue:legacy-rdb-buffer\) order o-1 version 3 \(event e-9\): /);
    expect(formatDeadLetter(entry('rule:legacy-rdb', { detail }), outflowTopology)).toMatch(
      /^dead letter: legacy-rdb \(rule:legacy-rdb\) order o-1 version 3/,
    );
  });

  it("decodes a Pipe's stream record from the item's outbox attributes", () => {
    const record = {
      dynamodb: {
        NewImage: {
          outboxAggregateType: { S: 'order' },
          outboxAggregateId: { S: 'o-2' },
          outboxAggregateVersion: { N: '1' },
          outboxEventId: { S: 'e-1' },
        },
      },
    };
    expect(formatDeadLetter(entry('pipe:orders-pipe', record), outflowTopology)).toMatch(
      /^dead letter: orders \(pipe:orders-pipe\) order o-2 version 1 \(event e-1\): /,
    );
  });

  it('still prints the reason when the payload cannot be decoded', () => {
    expect(formatDeadLetter(entry('queue:other', { body: 'not json' }), outflowTopology)).toBe(
      'dead letter: queue:other a change that could not be decoded: no legacy mapping for aggregate type "invoice" (known: order)',
    );
  });
});
