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
      { records: 2, applied: 1, stale: 0, duplicate: 1, failed: 0, messageIds: ['m1', 'm2'] },
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
});
