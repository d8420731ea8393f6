import { Metrics } from '@aws-lambda-powertools/metrics';
import { ApplyChanges } from '@outflow/core-application';
import { toBusEventDetail } from '@outflow/core-domain';
import { InMemoryProjectionStore, makeEvent, sqsRecord } from '@outflow/testing';
import type { SQSEvent } from 'aws-lambda';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import {
  BATCH_ITEM_FAILURE_CHANNEL,
  BATCH_PROCESSED_CHANNEL,
  type BatchItemFailureNotice,
} from './batch-item-failures';
import { silentLogger } from './logger';
import { createSqsApplyHandler } from './sqs-apply.handler';

const record = (messageId: string, body: string, groupId: string) => sqsRecord(body, { messageId, groupId });
const change = (id: string, version: number) =>
  JSON.stringify(toBusEventDetail(makeEvent('thing', id, version, { state: { version } })));

describe('Function: createSqsApplyHandler', () => {
  it('applies the records and reports only failed ones as batch item failures', async () => {
    // Prepare
    const store = new InMemoryProjectionStore({
      reject: (e) => (e.aggregateId === 'bad' ? 'value too large' : undefined),
    });
    const handler = createSqsApplyHandler(new ApplyChanges(store), { logger: silentLogger });
    const event: SQSEvent = {
      Records: [
        record('m1', change('a', 1), 'a'),
        record('m2', change('bad', 1), 'bad'),
        record('m3', change('bad', 2), 'bad'),
        record('m4', '{oops', 'c'),
      ],
    };
    // Act
    const response = await handler(event);
    // Assess
    expect(response).toEqual({
      batchItemFailures: [{ itemIdentifier: 'm2' }, { itemIdentifier: 'm3' }, { itemIdentifier: 'm4' }],
    });
    expect(await store.read('thing', 'a')).toMatchObject({ kind: 'present', version: 1 });
  });

  it('reports an empty list when everything applied', async () => {
    const handler = createSqsApplyHandler(new ApplyChanges(new InMemoryProjectionStore()), {
      logger: silentLogger,
    });
    expect(await handler({ Records: [record('m1', change('a', 1), 'a')] })).toEqual({
      batchItemFailures: [],
    });
  });

  it('publishes each failure reason on the diagnostics channel', async () => {
    const notices: BatchItemFailureNotice[] = [];
    const listener = (message: unknown) => notices.push(message as BatchItemFailureNotice);
    subscribe(BATCH_ITEM_FAILURE_CHANNEL, listener);
    try {
      const store = new InMemoryProjectionStore({ reject: () => 'refused' });
      await createSqsApplyHandler(new ApplyChanges(store), { logger: silentLogger })({
        Records: [record('m1', change('a', 1), 'a')],
      });
    } finally {
      unsubscribe(BATCH_ITEM_FAILURE_CHANNEL, listener);
    }
    expect(notices).toEqual([{ messageId: 'm1', reason: 'refused', eventId: 'thing-a-v1' }]);
  });

  it('publishes a summary of each batch on the diagnostics channel', async () => {
    const notices: unknown[] = [];
    const listener = (message: unknown) => notices.push(message);
    subscribe(BATCH_PROCESSED_CHANNEL, listener);
    try {
      const handler = createSqsApplyHandler(new ApplyChanges(new InMemoryProjectionStore()), {
        logger: silentLogger,
      });
      await handler({ Records: [record('m1', change('a', 1), 'a'), record('m2', change('a', 1), 'a')] });
    } finally {
      unsubscribe(BATCH_PROCESSED_CHANNEL, listener);
    }
    expect(notices).toEqual([
      {
        records: 2,
        applied: 1,
        stale: 0,
        duplicate: 1,
        failed: 0,
        deadLettered: 0,
        messageIds: ['m1', 'm2'],
      },
    ]);
  });

  it('resolves a use case provider once, and again after it failed', async () => {
    let calls = 0;
    const provider = async () => {
      calls += 1;
      if (calls === 1) throw new Error('secret not readable');
      return new ApplyChanges(new InMemoryProjectionStore());
    };
    const handler = createSqsApplyHandler(provider, { logger: silentLogger });
    await expect(handler({ Records: [record('m1', change('a', 1), 'a')] })).rejects.toThrow(
      'secret not readable',
    );
    await handler({ Records: [record('m1', change('a', 1), 'a')] });
    await handler({ Records: [record('m2', change('a', 2), 'a')] });
    expect(calls).toBe(2);
  });

  describe('the lag metric (ChangeAge, embedded metric format)', () => {
    const withMetricsOn = <T>(work: () => Promise<T>): Promise<T> => {
      const before = process.env['POWERTOOLS_METRICS_DISABLED'];
      process.env['POWERTOOLS_METRICS_DISABLED'] = 'false';
      return work().finally(() => {
        if (before === undefined) delete process.env['POWERTOOLS_METRICS_DISABLED'];
        else process.env['POWERTOOLS_METRICS_DISABLED'] = before;
      });
    };
    const emfLines = (spy: jest.SpyInstance) =>
      spy.mock.calls
        .map(([chunk]) => String(chunk))
        .filter((line) => line.includes('"_aws"'))
        .map((line) => JSON.parse(line) as Record<string, unknown>);

    it('publishes now − approximateCreationDateTime of each change, in seconds, with the service dimension', async () => {
      const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
      try {
        await withMetricsOn(async () => {
          const metrics = new Metrics({ namespace: 'Outflow', serviceName: 'legacy-rdb' });
          const handler = createSqsApplyHandler(new ApplyChanges(new InMemoryProjectionStore()), {
            logger: silentLogger,
            metrics,
            now: () => 1_800_000_012_500,
          });
          const aged = (id: string, seconds: number) =>
            JSON.stringify(toBusEventDetail(makeEvent('thing', id, 1, { state: { version: 1 } }), seconds));
          await handler({
            Records: [
              record('m1', aged('a', 1_800_000_010), 'a'),
              record('m2', JSON.stringify({ detail: JSON.parse(aged('b', 1_800_000_000)) }), 'b'),
              record('m3', change('c', 1), 'c'), // an event from before the field: no value
            ],
          });
        });
        const [document] = emfLines(write);
        expect(document).toMatchObject({
          service: 'legacy-rdb',
          ChangeAge: [2.5, 12.5],
          _aws: {
            CloudWatchMetrics: [
              {
                Namespace: 'Outflow',
                Dimensions: [['service']],
                Metrics: [{ Name: 'ChangeAge', Unit: 'Seconds' }],
              },
            ],
          },
        });
      } finally {
        write.mockRestore();
      }
    });

    it('publishes nothing for a batch whose changes carry no commit time', async () => {
      const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
      try {
        await withMetricsOn(async () => {
          const handler = createSqsApplyHandler(new ApplyChanges(new InMemoryProjectionStore()), {
            logger: silentLogger,
            metrics: new Metrics({ namespace: 'Outflow', serviceName: 'search' }),
          });
          await handler({ Records: [record('m1', change('a', 1), 'a'), record('m2', '{oops', 'b')] });
        });
        expect(emfLines(write)).toEqual([]);
      } finally {
        write.mockRestore();
      }
    });
  });
});
