import { ApplyChanges } from '@outflow/core-application';
import { decodeBusMessage, toBusEventDetail } from '@outflow/core-domain';
import { createSqsApplyHandler, silentLogger } from '@outflow/runtime-lambda';
import { buildHistory, InMemoryProjectionStore } from '@outflow/testing';
import { REKEY_INPUT_TEMPLATE, rekeyTargetParameters } from '@outflow/topology';
import { LocalSqsConsumer } from '../consumer/sqs-consumer';
import { LocalFifoQueue } from '../queue/fifo-queue';
import { LocalStandardQueue } from '../queue/standard-queue';
import type { DeadLetterEntry } from '../runtime/dead-letters';
import { LocalSqsSourcePipe } from './sqs-source-pipe';

const until = async (condition: () => boolean, timeoutMs = 5_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
};

const setup = (batchingWindowMs = 0, pollers = 5) => {
  let now = 1_000_000;
  const dead: DeadLetterEntry[] = [];
  const clock = { now: () => now };
  const buffer = new LocalStandardQueue({
    name: 'sub-buffer',
    visibilityTimeoutMs: 60_000,
    maxReceiveCount: 3,
    onDeadLetter: (d) => dead.push(d),
    ...clock,
  });
  const fifo = new LocalFifoQueue({
    name: 'sub.fifo',
    visibilityTimeoutMs: 180_000,
    maxReceiveCount: 5,
    deduplicationScope: 'messageGroup',
    onDeadLetter: (d) => dead.push(d),
    ...clock,
  });
  const parameters = rekeyTargetParameters({
    groupKeyField: 'aggregateKey',
    deduplicationIdField: 'eventId',
  });
  const pipe = new LocalSqsSourcePipe({
    name: 'sub-rekey',
    source: buffer,
    sourceArn: 'arn:aws:sqs:local:000000000000:sub-buffer',
    target: fifo,
    targetArn: 'arn:aws:sqs:local:000000000000:sub.fifo',
    inputTemplate: REKEY_INPUT_TEMPLATE,
    messageGroupIdPath: parameters.MessageGroupId,
    deduplicationIdPath: parameters.MessageDeduplicationId,
    batchSize: 10,
    batchingWindowMs,
    pollers,
  });
  return { buffer, fifo, pipe, dead, advance: (ms: number) => (now += ms) };
};

const history = buildHistory('order', 'o-1', [false, false], (id, v) => ({ id, v }));

describe('Class: LocalSqsSourcePipe', () => {
  describe('Method: render', () => {
    it('wraps the parsed body as {"detail": …} and takes the group and deduplication ids from $.body', () => {
      const { buffer, pipe } = setup();
      const detail = toBusEventDetail(history[0]!);
      buffer.send({ body: JSON.stringify(detail), origin: 4 });
      const rendered = pipe.render(buffer.receive(1)[0]!);
      expect(JSON.parse(rendered.body)).toEqual({ detail });
      expect(rendered).toMatchObject({ groupId: 'order#o-1', deduplicationId: detail.eventId, origin: 4 });
      expect(decodeBusMessage(rendered.body)).toEqual({ ok: true, value: history[0] });
    });

    it('names the parameter whose path finds no string', () => {
      const { buffer, pipe } = setup();
      buffer.send({ body: JSON.stringify({ eventId: 'e-1' }) });
      const received = buffer.receive(1)[0]!;
      expect(() => pipe.render(received)).toThrow(
        `MessageGroupId path $.body.aggregateKey found no string in message ${received.message.messageId}`,
      );
    });
  });

  it('moves the buffer to the FIFO queue, one group per aggregate, dropping a re-sent event', async () => {
    const { buffer, fifo, pipe } = setup();
    const other = buildHistory('order', 'o-2', [false], (id, v) => ({ id, v }));
    for (const event of [...history, ...other, history[0]!])
      buffer.send({ body: JSON.stringify(toBusEventDetail(event)) });
    pipe.start();
    await until(() => buffer.depth === 0);
    await pipe.stop();
    expect(fifo.depth).toBe(3);
    const received = fifo.receive(10);
    expect(
      received.map((r) => [r.message.groupId, JSON.parse(r.message.body).detail.aggregateVersion]),
    ).toEqual([
      ['order#o-1', '1'],
      ['order#o-1', '2'],
      ['order#o-2', '1'],
    ]);
    expect(pipe.stats).toEqual({ batches: 1, received: 4, sent: 4, failedBatches: 0 });
  });

  it('waits up to the batching window for a fuller batch', async () => {
    // One poller: with five, an idle poller would take the second message in a window of its own.
    const { buffer, fifo, pipe } = setup(300, 1);
    const [first, second] = history.map((event) => JSON.stringify(toBusEventDetail(event)));
    buffer.send({ body: first! });
    pipe.start();
    await new Promise((r) => setTimeout(r, 50));
    expect(fifo.depth).toBe(0); // the window is still open
    buffer.send({ body: second! });
    await until(() => fifo.depth === 2);
    await pipe.stop();
    expect(pipe.stats).toMatchObject({ batches: 1, received: 2 });
  });

  it('leaves a failing batch in the buffer for its visibility timeout, then moves it to the buffer DLQ', async () => {
    const { buffer, pipe, dead, advance } = setup();
    buffer.send({ body: JSON.stringify({ eventId: 'e-1', note: 'no aggregateKey' }) });
    pipe.start();
    await until(() => pipe.stats.failedBatches === 1);
    await new Promise((r) => setTimeout(r, 50));
    expect(pipe.stats.failedBatches).toBe(1); // invisible: not retried before the timeout
    for (let attempt = 2; attempt <= 3; attempt++) {
      advance(60_000);
      await until(() => pipe.stats.failedBatches === attempt);
    }
    advance(60_000);
    await until(() => dead.length === 1);
    await pipe.stop();
    expect(dead[0]).toMatchObject({
      from: 'queue:sub-buffer',
      reason: expect.stringMatching(
        /^pipe sub-rekey: MessageGroupId path \$\.body\.aggregateKey found no string/,
      ),
      payload: { receiveCount: 3 },
    });
    expect(buffer.depth).toBe(0);
  });

  it('feeds the consumer exactly what the renderer produced, and the handler applies it', async () => {
    const { buffer, fifo, pipe } = setup();
    for (const event of history) buffer.send({ body: JSON.stringify(toBusEventDetail(event)) });
    const store = new InMemoryProjectionStore();
    const consumer = new LocalSqsConsumer({
      queue: fifo,
      queueArn: 'arn:aws:sqs:local:000000000000:sub.fifo',
      handler: createSqsApplyHandler(new ApplyChanges(store), { logger: silentLogger }),
      batchSize: 10,
      maximumConcurrency: 2,
      functionName: 'sub-queueApply',
      timeoutMs: 30_000,
    });
    pipe.start();
    consumer.start();
    await until(() => consumer.stats.acked === 2);
    await Promise.all([pipe.stop(), consumer.stop()]);
    expect(await store.read('order', 'o-1')).toEqual({
      kind: 'present',
      version: 2,
      state: history[1]!.state,
    });
    expect(consumer.stats).toMatchObject({ failed: 0, acked: 2, handlerErrors: 0 });
  });
});
