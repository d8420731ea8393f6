import { makeEvent, streamRecord } from '@outflow/testing';
import { FakeStream } from '../../../test/fake-stream';
import type { PipeRecord } from '../pipe/local-pipe';
import { FileCheckpointStore, InMemoryCheckpointStore } from './checkpoints';
import { StreamPoller } from './stream-poller';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let seq = 0;
const records = (id: string, versions: number) =>
  Array.from({ length: versions }, (_, v) =>
    streamRecord({
      event: makeEvent('order', id, v + 1, { state: { v: v + 1 } }),
      sequenceNumber: (seq += 1),
    }),
  );

describe('Class: StreamPoller', () => {
  it('reads a parent shard to its end before its children, and follows closed shards', async () => {
    // Prepare: parent (closed) split into two children, one still open.
    const stream = new FakeStream([
      { shardId: 'child-1', parentShardId: 'parent', closed: true, records: records('a', 2) },
      { shardId: 'parent', closed: true, records: records('p', 3) },
      { shardId: 'child-2', parentShardId: 'parent', closed: false, records: records('b', 1) },
      { shardId: 'grandchild', parentShardId: 'child-1', closed: false, records: records('c', 1) },
    ]);
    const seen: string[] = [];
    const poller = new StreamPoller({
      reader: stream,
      checkpoints: new InMemoryCheckpointStore(),
      batchSize: 2,
      process: async (rs) => void seen.push(...rs.map((r) => r.eventID)),
    });
    // Act
    for (let i = 0; i < 6; i++) await poller.pollOnce();
    // Assess: parent first (all of it), then children; the grandchild only after child-1 ended.
    const order = (ids: PipeRecord[]) => ids.map((r) => r.eventID);
    const parentIds = order(await stream.getRecords('parent@0', 10).then((p) => p.records));
    expect(seen.slice(0, 3)).toEqual(parentIds);
    expect(seen).toHaveLength(7);
    expect(seen.indexOf('rec-' + (seq - 0))).toBeGreaterThan(seen.indexOf('rec-' + (seq - 5)));
    expect(poller.position.shards).toMatchObject({
      parent: { finished: true },
      'child-1': { finished: true },
    });
    expect(poller.position.shards['child-2']?.finished).toBeUndefined();
  });

  it('resumes after the checkpoint, re-reading only the batch that was not processed', async () => {
    const stream = new FakeStream([{ shardId: 's', closed: false, records: records('r', 6) }]);
    const checkpoints = new InMemoryCheckpointStore();
    const first = new StreamPoller({
      reader: stream,
      checkpoints,
      batchSize: 2,
      process: async () => undefined,
    });
    await first.pollOnce();
    // The second batch "crashes" before it is processed: no checkpoint for it.
    const crashing = new StreamPoller({
      reader: stream,
      checkpoints,
      batchSize: 2,
      process: async () => Promise.reject(new Error('killed')),
    });
    await expect(crashing.pollOnce()).rejects.toThrow('killed');
    const seen: string[] = [];
    const resumed = new StreamPoller({
      reader: stream,
      checkpoints,
      batchSize: 2,
      process: async (rs) => void seen.push(...rs.map((r) => r.eventID)),
    });
    for (let i = 0; i < 3; i++) await resumed.pollOnce();
    expect(stream.reads.length - 6).toBe(2); // exactly one batch of 2 read twice
    expect(seen).toHaveLength(4);
  });

  it('keeps checkpoints in a file, replaced atomically, and names a corrupt one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'checkpoints-'));
    try {
      const store = new FileCheckpointStore(join(dir, 'nested', 'orders.json'));
      expect(store.load()).toBeUndefined();
      store.save({ streamArn: 'arn', shards: { s: { sequenceNumber: '42' } } });
      expect(new FileCheckpointStore(join(dir, 'nested', 'orders.json')).load()).toEqual({
        streamArn: 'arn',
        shards: { s: { sequenceNumber: '42' } },
      });
      writeFileSync(join(dir, 'bad.json'), '{');
      expect(() => new FileCheckpointStore(join(dir, 'bad.json')).load()).toThrow(
        /checkpoint file .*bad\.json is not valid JSON; delete it/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('Method: pollOnce with settlement', () => {
    const deferred = () => {
      let resolve!: () => void;
      let reject!: (error: Error) => void;
      const promise = new Promise<void>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      return { promise, resolve, reject };
    };

    it('reads on while a batch is unsettled, and saves checkpoints in read order once settled', async () => {
      const written = records('x', 4);
      const stream = new FakeStream([{ shardId: 's', closed: false, records: written }]);
      const checkpoints = new InMemoryCheckpointStore();
      const waits = [deferred(), deferred()];
      let asked = 0;
      const poller = new StreamPoller({
        reader: stream,
        checkpoints,
        batchSize: 2,
        process: async () => {
          const wait = waits[asked++]!;
          return { settled: () => wait.promise };
        },
      });
      expect(await poller.pollOnce()).toBe(2);
      expect(await poller.pollOnce()).toBe(2); // not blocked by the first batch
      waits[1]!.resolve();
      await new Promise((r) => setTimeout(r, 10));
      expect(checkpoints.load()).toBeUndefined(); // the first batch still holds the checkpoint
      waits[0]!.resolve();
      await poller.drain();
      expect(checkpoints.load()?.shards['s']?.sequenceNumber).toBe(written[3]!.dynamodb.SequenceNumber);
    });

    it('saves nothing after a batch that was abandoned', async () => {
      const written = records('y', 4);
      const stream = new FakeStream([{ shardId: 's', closed: false, records: written }]);
      const checkpoints = new InMemoryCheckpointStore();
      let calls = 0;
      const poller = new StreamPoller({
        reader: stream,
        checkpoints,
        batchSize: 2,
        process: async () => {
          calls += 1;
          return calls === 1 ? undefined : { settled: () => Promise.reject(new Error('stopped')) };
        },
      });
      await poller.pollOnce();
      await poller.pollOnce();
      await poller.drain();
      // The first batch (settled at once) is saved; the abandoned second one is not.
      expect(checkpoints.load()?.shards['s']?.sequenceNumber).toBe(written[1]!.dynamodb.SequenceNumber);
    });
  });
});
