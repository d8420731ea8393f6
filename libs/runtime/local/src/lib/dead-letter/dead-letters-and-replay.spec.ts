import { ApplyChanges } from '@outflow/core-application';
import { parseExactJson, type OutboxEvent } from '@outflow/core-domain';
import { createSqsApplyHandler, silentLogger } from '@outflow/runtime-lambda';
import { InMemoryProjectionStore, makeEvent, streamRecord } from '@outflow/testing';
import { outflowTopology, subscription, type OutflowTopology } from '@outflow/topology';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeStream } from '../../../test/fake-stream';
import type { SqsHandler } from '../consumer/sqs-consumer';
import { InMemoryDeadLetters } from '../runtime/dead-letters';
import { LocalRuntime } from '../runtime/local-runtime';
import { InMemoryCheckpointStore } from '../stream/checkpoints';
import { LocalDeadLetterQueue } from './dead-letter-queue';
import type { PipeDeadLetterBody } from './dead-letter-shapes';
import { readBatch } from './pipe-redrive';

const POISON = 'numeric field overflow: total_amount';

/** legacy-rdb in one delivery mode, its rule retrying once (AWS: 185) so a refused target dead-letters fast. */
const topologyFor = (delivery: 'per-aggregate' | 'unordered'): OutflowTopology => {
  const sub = subscription('legacy-rdb', 'legacy-rdb-sync', ['order'], { delivery });
  return { ...outflowTopology, subscriptions: [{ ...sub, rule: { ...sub.rule, maximumRetryAttempts: 1 } }] };
};

/**
 * A running runtime over a fake stream and an in-memory legacy database that refuses order
 * "poison" while `faults.poison` is set; `wipe()` replaces the database by an empty one.
 */
function harness(delivery: 'per-aggregate' | 'unordered', dir?: string) {
  const faults = { poison: false, putEvents: false, delivery: false };
  let store = new InMemoryProjectionStore({
    reject: (e) => (faults.poison && e.aggregateId === 'poison' ? POISON : undefined),
  });
  let apply = createSqsApplyHandler(new ApplyChanges(store), { logger: silentLogger });
  const handler: SqsHandler = (event, context) => apply(event, context);
  const stream = new FakeStream([{ shardId: 's1', closed: false, records: [] }]);
  const runtime = new LocalRuntime({
    topology: topologyFor(delivery),
    sources: { orders: { reader: stream, checkpoints: new InMemoryCheckpointStore() } },
    handlers: { 'legacy-rdb': handler },
    deadLetters: new InMemoryDeadLetters(),
    // AWS time × 0.001: visibility 180 s → 180 ms, so 5 receives of a poison change take ~1 s.
    timeScale: 0.001,
    faults: {
      bus: {
        failPutEvents: () => (faults.putEvents ? 'ThrottlingException: Rate exceeded' : undefined),
        failDelivery: () => (faults.delivery ? 'AccessDenied: the queue policy denies the rule' : undefined),
      },
    },
    ...(dir ? { deadLetterQueueDir: join(dir, 'dlq'), archivePath: join(dir, 'archive.jsonl') } : {}),
  });
  let sequence = 0;
  const write = (...events: OutboxEvent[]) =>
    stream.append('s1', ...events.map((event) => streamRecord({ event, sequenceNumber: ++sequence })));
  const wipe = () => {
    store = new InMemoryProjectionStore();
    apply = createSqsApplyHandler(new ApplyChanges(store), { logger: silentLogger });
  };
  const held = (id: string) => store.read('order', id);
  const stats = () => runtime.stats().subscriptions['legacy-rdb']!;
  const dlq = (name: string) => runtime.deadLetterQueues().find((o) => o.queue.name === name)!.queue;
  return { runtime, stream, faults, write, wipe, held, stats, dlq };
}

const order = (id: string, version: number) => makeEvent('order', id, version, { state: { id, version } });

describe('Local runtime: DLQs are queues, redriven the way AWS redrives each kind', () => {
  jest.setTimeout(20_000);
  let h: ReturnType<typeof harness> | undefined;
  afterEach(async () => {
    await h?.runtime.stop();
    h = undefined;
  });

  it.each([
    ['per-aggregate', 'legacy-rdb-dlq.fifo', 'legacy-rdb.fifo'],
    ['unordered', 'legacy-rdb-dlq', 'legacy-rdb'],
  ] as const)(
    '%s: a poison change fixed in place and moved back from the consumer queue’s DLQ lands',
    async (mode, dlqName, queueName) => {
      h = harness(mode);
      h.faults.poison = true;
      h.runtime.start();
      h.write(order('poison', 1), order('good', 1));
      await h.runtime.waitForIdle({ timeoutMs: 10_000 });
      const [letter] = h.dlq(dlqName).list();
      expect(h.dlq(dlqName).list()).toHaveLength(1);
      expect(letter).toMatchObject({ reason: POISON, receiveCount: 5 });
      expect(letter!.body).toContain('"aggregateId":"poison"');
      expect(await h.held('poison')).toEqual({ kind: 'absent' });

      // Act: the cause is fixed (the column widened), then StartMessageMoveTask back to the queue.
      h.faults.poison = false;
      const result = await h.runtime.redrive(dlqName);
      await h.runtime.waitForIdle({ timeoutMs: 10_000 });

      // Assess
      expect(result).toEqual({ deadLetterQueue: dlqName, moved: 1, destination: queueName });
      expect(await h.held('poison')).toMatchObject({ kind: 'present', version: 1 });
      expect(h.dlq(dlqName).depth).toBe(0);
    },
  );

  it('a rule target’s dead letter carries EventBridge’s error attributes and, re-sent to the entry queue, lands', async () => {
    h = harness('per-aggregate');
    h.faults.delivery = true;
    h.runtime.start();
    h.write(order('o-1', 1));
    await h.runtime.waitForIdle({ timeoutMs: 10_000 });
    const [letter] = h.dlq('legacy-rdb-rule-dlq').list();
    expect(letter?.messageAttributes).toEqual({
      ERROR_CODE: 'SQSError',
      ERROR_MESSAGE: 'AccessDenied: the queue policy denies the rule',
      EXHAUSTED_RETRY_CONDITION: 'MaximumRetryAttempts',
      RETRY_ATTEMPTS: '1',
      RULE_ARN: 'arn:aws:events:local:000000000000:rule/bus/legacy-rdb',
      TARGET_ARN: expect.stringMatching(/:legacy-rdb-buffer$/),
    });
    expect(parseExactJson(letter!.body)).toMatchObject({
      source: 'outflow.order',
      detail: { aggregateId: 'o-1' },
    });

    h.faults.delivery = false;
    const result = await h.runtime.redrive('legacy-rdb-rule-dlq');
    await h.runtime.waitForIdle({ timeoutMs: 10_000 });

    expect(result).toEqual({
      deadLetterQueue: 'legacy-rdb-rule-dlq',
      moved: 1,
      destination: 'legacy-rdb-buffer',
    });
    expect(await h.held('o-1')).toMatchObject({ kind: 'present', version: 1 });
    expect(h.dlq('legacy-rdb-rule-dlq').depth).toBe(0);
  });

  it('the Pipe’s DLQ holds where the record is in the stream; the redrive re-reads it and it lands', async () => {
    h = harness('unordered');
    h.faults.putEvents = true;
    h.runtime.start();
    h.write(order('o-1', 1));
    await h.runtime.waitForIdle({ timeoutMs: 10_000 });
    const [letter] = h.dlq('orders-pipe-dlq').list();
    const body = parseExactJson(letter!.body) as PipeDeadLetterBody;
    expect(body).toEqual({
      context: {
        partnerResourceArn: 'arn:aws:pipes:local:000000000000:pipe/orders-pipe',
        condition: 'RetryAttemptsExhausted',
      },
      version: '1.0',
      timestamp: expect.any(String),
      DDBStreamBatchInfo: {
        shardId: 's1',
        startSequenceNumber: '000000000000000000001',
        endSequenceNumber: '000000000000000000001',
        approximateArrivalOfFirstRecord: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
        approximateArrivalOfLastRecord: expect.stringMatching(/Z$/),
        batchSize: 1,
        streamArn: h.stream.streamArn,
      },
    });
    expect(letter!.reason).toMatch(/^retries exhausted \(6 attempts\): ThrottlingException/);

    h.faults.putEvents = false;
    const result = await h.runtime.redrive('orders-pipe-dlq');
    await h.runtime.waitForIdle({ timeoutMs: 10_000 });

    expect(result).toEqual({
      deadLetterQueue: 'orders-pipe-dlq',
      moved: 1,
      destination: 'orders-pipe',
      missing: [],
    });
    expect(await h.held('o-1')).toMatchObject({ kind: 'present', version: 1 });
  });

  it('a Pipe dead letter whose shard the stream no longer has is reported missing and kept', async () => {
    const stream = new FakeStream([{ shardId: 's2', closed: false, records: [] }]);
    const info = {
      shardId: 's1',
      startSequenceNumber: '1',
      endSequenceNumber: '1',
      approximateArrivalOfFirstRecord: '2026-11-28T00:00:00Z',
      approximateArrivalOfLastRecord: '2026-11-28T00:00:00Z',
      batchSize: 1,
      streamArn: stream.streamArn,
    };
    expect(await readBatch(stream, info)).toEqual([]);
    h = harness('unordered');
    const dlq = h.dlq('orders-pipe-dlq');
    dlq.send({
      body: JSON.stringify({
        context: {},
        version: '1.0',
        timestamp: '',
        DDBStreamBatchInfo: { ...info, shardId: 'gone' },
      }),
      messageAttributes: {},
      receiveCount: 0,
      reason: 'retries exhausted',
    });
    expect(await h.runtime.redrive('orders-pipe-dlq')).toMatchObject({ moved: 0, missing: ['gone 1…1'] });
    expect(dlq.depth).toBe(1);
  });

  it('names the DLQs when asked to redrive one that does not exist', async () => {
    h = harness('unordered');
    await expect(h.runtime.redrive('nope')).rejects.toThrow(
      'no DLQ named nope (DLQs: legacy-rdb-dlq, legacy-rdb-rule-dlq, orders-pipe-dlq)',
    );
  });

  it('keeps DLQ messages and the archive in files across restarts', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'outflow-dlq-'));
    try {
      h = harness('unordered', dir);
      h.faults.poison = true;
      h.runtime.start();
      h.write(order('poison', 1));
      await h.runtime.waitForIdle({ timeoutMs: 10_000 });
      await h.runtime.stop();
      const reopened = new LocalDeadLetterQueue(
        'legacy-rdb-dlq',
        'queue',
        'legacy-rdb',
        join(dir, 'dlq', 'legacy-rdb-dlq.json'),
      );
      expect(reopened.list()).toEqual([expect.objectContaining({ reason: POISON, receiveCount: 5 })]);
      h = harness('unordered', dir);
      expect(h.dlq('legacy-rdb-dlq').depth).toBe(1);
      expect(h.runtime.stats().deadLetterQueues).toContainEqual({
        name: 'legacy-rdb-dlq',
        kind: 'queue',
        source: 'legacy-rdb',
        depth: 1,
        oldestSentAt: expect.any(String),
        subscription: 'legacy-rdb',
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('Local runtime: replay from the bus archive to one subscription', () => {
  jest.setTimeout(20_000);

  it('onto a healthy downstream changes nothing (every change a duplicate or stale); onto a wiped one restores it', async () => {
    const h = harness('per-aggregate');
    try {
      h.runtime.start();
      const from = new Date(Date.now() - 1000);
      h.write(
        order('o-1', 1),
        order('o-1', 2),
        order('o-2', 1),
        order('o-3', 1),
        order('o-3', 2),
        order('o-3', 3),
      );
      await h.runtime.waitForIdle({ timeoutMs: 10_000 });
      const to = new Date(Date.now() + 1000);
      const before = h.stats();

      // Act 1: replay onto the healthy downstream, after the FIFO deduplication window (300 ms here).
      await new Promise((resolve) => setTimeout(resolve, 400));
      const healthy = await h.runtime.replay({ subscription: 'legacy-rdb', from, to });
      await h.runtime.waitForIdle({ timeoutMs: 10_000 });
      const after = h.stats();

      expect(healthy).toMatchObject({ inWindow: 6, replayed: 6 });
      expect(after.applied).toBe(before.applied);
      expect(after.duplicate + after.stale - before.duplicate - before.stale).toBe(6);

      // Act 2: the downstream loses everything; the same replay restores each aggregate's newest version.
      // (Once the FIFO queue's deduplication window — 5 minutes, here 300 ms — is over: within it the
      // FIFO queue drops a replayed change as a duplicate of its eventId, as SQS does.)
      h.wipe();
      await new Promise((resolve) => setTimeout(resolve, 400));
      await h.runtime.replay({ subscription: 'legacy-rdb', from, to });
      await h.runtime.waitForIdle({ timeoutMs: 10_000 });

      expect(await h.held('o-1')).toMatchObject({ kind: 'present', version: 2 });
      expect(await h.held('o-2')).toMatchObject({ kind: 'present', version: 1 });
      expect(await h.held('o-3')).toMatchObject({ kind: 'present', version: 3 });
    } finally {
      await h.runtime.stop();
    }
  });

  it('replays only the window asked for', async () => {
    const h = harness('unordered');
    try {
      h.runtime.start();
      h.write(order('early', 1));
      await h.runtime.waitForIdle({ timeoutMs: 10_000 });
      const result = await h.runtime.replay({
        subscription: 'legacy-rdb',
        from: new Date(Date.now() + 60_000),
        to: new Date(Date.now() + 120_000),
      });
      expect(result).toMatchObject({ inWindow: 0, replayed: 0 });
      await expect(
        h.runtime.replay({ subscription: 'views', from: new Date(0), to: new Date() }),
      ).rejects.toThrow('no subscription named "views" runs here; the topology has: legacy-rdb');
    } finally {
      await h.runtime.stop();
    }
  });
});
