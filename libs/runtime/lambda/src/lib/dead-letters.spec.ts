import type { SQSClient } from '@aws-sdk/client-sqs';
import { ApplyChanges } from '@outflow/core-application';
import { OUTBOX_BUS_ENTRY_MAX_BYTES, toBusEventDetail, type OutboxEvent } from '@outflow/core-domain';
import { InMemoryProjectionStore, makeEvent, sqsRecord } from '@outflow/testing';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import {
  DEAD_LETTER_ATTRIBUTES,
  deadLetterSenderFromEnvironment,
  SqsDeadLetterSender,
  type DeadLetter,
  type DeadLetterSender,
} from './dead-letters';
import { BATCH_PROCESSED_CHANNEL, type BatchProcessedNotice } from './batch-item-failures';
import { silentLogger } from './logger';
import { createSqsApplyHandler } from './sqs-apply.handler';

const record = (messageId: string, body: string, groupId: string) => sqsRecord(body, { messageId, groupId });
const change = (id: string, version: number) =>
  JSON.stringify(toBusEventDetail(makeEvent('thing', id, version, { state: { version } })));
const oversized = (id: string) =>
  JSON.stringify(
    toBusEventDetail(makeEvent('thing', id, 1, { state: { blob: 'x'.repeat(OUTBOX_BUS_ENTRY_MAX_BYTES) } })),
  );

class RecordingSender implements DeadLetterSender {
  readonly letters: DeadLetter[] = [];
  async send(letter: DeadLetter): Promise<void> {
    this.letters.push(letter);
  }
}

/** A store whose first `apply` fails like a dropped connection (a transient failure). */
class FlakyStore extends InMemoryProjectionStore {
  private failures = 1;
  override async apply(events: readonly OutboxEvent[]) {
    if (this.failures-- > 0) throw new Error('connection terminated unexpectedly');
    return super.apply(events);
  }
}

describe('Permanent failures: createSqsApplyHandler with a DeadLetterSender', () => {
  it('dead-letters malformed and oversized records on the first receive with their reason, applies the rest', async () => {
    // Prepare
    const store = new InMemoryProjectionStore();
    const deadLetters = new RecordingSender();
    const handler = createSqsApplyHandler(new ApplyChanges(store), { logger: silentLogger, deadLetters });
    // Act
    const response = await handler({
      Records: [
        record('m1', '{oops', 'thing#a'),
        record('m2', oversized('b'), 'thing#b'),
        record('m3', JSON.stringify({ detail: { event: 42 } }), 'thing#c'),
        record('m4', change('a', 2), 'thing#a'),
      ],
    });
    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(deadLetters.letters.map((l) => [l.messageId, l.groupId])).toEqual([
      ['m1', 'thing#a'],
      ['m2', 'thing#b'],
      ['m3', 'thing#c'],
    ]);
    expect(deadLetters.letters[0]?.reason).toMatch(/^malformed message: /);
    expect(deadLetters.letters[1]?.reason).toMatch(/^oversized message: \d+ bytes, more than the 262144/);
    expect(deadLetters.letters[2]?.reason).toMatch(/^malformed message: .*event/);
    expect(deadLetters.letters[0]?.body).toBe('{oops');
    expect(await store.read('thing', 'a')).toMatchObject({ kind: 'present', version: 2 });
  });

  it('still retries a transient store failure (batchItemFailures), never dead-lettering it', async () => {
    const deadLetters = new RecordingSender();
    const handler = createSqsApplyHandler(new ApplyChanges(new FlakyStore()), {
      logger: silentLogger,
      deadLetters,
    });
    const response = await handler({
      Records: [record('m1', change('a', 1), 'thing#a'), record('m2', '{', 'x')],
    });
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'm1' }] });
    expect(deadLetters.letters.map((l) => l.messageId)).toEqual(['m2']);
  });

  it('counts dead-lettered messages apart from retried failures in the batch summary', async () => {
    const notices: BatchProcessedNotice[] = [];
    const listener = (notice: unknown) => notices.push(notice as BatchProcessedNotice);
    subscribe(BATCH_PROCESSED_CHANNEL, listener);
    try {
      const handler = createSqsApplyHandler(new ApplyChanges(new FlakyStore()), {
        logger: silentLogger,
        deadLetters: new RecordingSender(),
      });
      await handler({ Records: [record('m1', change('a', 1), 'thing#a'), record('m2', '{', 'x')] });
    } finally {
      unsubscribe(BATCH_PROCESSED_CHANNEL, listener);
    }
    expect(notices).toEqual([
      expect.objectContaining({ records: 2, failed: 1, deadLettered: 1, applied: 0 }),
    ]);
  });

  it('retries a permanent failure when the dead letter cannot be sent, so nothing is lost', async () => {
    const handler = createSqsApplyHandler(new ApplyChanges(new InMemoryProjectionStore()), {
      logger: silentLogger,
      deadLetters: { send: () => Promise.reject(new Error('AccessDenied')) },
    });
    expect(await handler({ Records: [record('m1', '{', 'x')] })).toEqual({
      batchItemFailures: [{ itemIdentifier: 'm1' }],
    });
  });

  it('retries a permanent failure when dead-lettering is turned off (deadLetters: null)', async () => {
    const handler = createSqsApplyHandler(new ApplyChanges(new InMemoryProjectionStore()), {
      logger: silentLogger,
      deadLetters: null,
    });
    expect(await handler({ Records: [record('m1', '{', 'x')] })).toEqual({
      batchItemFailures: [{ itemIdentifier: 'm1' }],
    });
  });
});

describe('Class: SqsDeadLetterSender', () => {
  const letter: DeadLetter = {
    messageId: 'm1',
    body: '{oops',
    groupId: 'order#1',
    reason: 'malformed message: x',
  };
  const capture = () => {
    const inputs: unknown[] = [];
    const client = { send: async (command: { input: unknown }) => void inputs.push(command.input) };
    return { inputs, client: client as unknown as Pick<SQSClient, 'send'> };
  };

  it('keeps the message group and deduplicates by message id on a FIFO DLQ', async () => {
    const { inputs, client } = capture();
    await new SqsDeadLetterSender(client, 'https://sqs.eu-west-1.amazonaws.com/1/x-dlq.fifo').send(letter);
    expect(inputs).toEqual([
      {
        QueueUrl: 'https://sqs.eu-west-1.amazonaws.com/1/x-dlq.fifo',
        MessageBody: '{oops',
        MessageAttributes: {
          [DEAD_LETTER_ATTRIBUTES.reason]: { DataType: 'String', StringValue: 'malformed message: x' },
          [DEAD_LETTER_ATTRIBUTES.kind]: { DataType: 'String', StringValue: 'permanent' },
          [DEAD_LETTER_ATTRIBUTES.originalMessageId]: { DataType: 'String', StringValue: 'm1' },
        },
        MessageGroupId: 'order#1',
        MessageDeduplicationId: 'm1',
      },
    ]);
  });

  it('sends no group or deduplication id to a standard DLQ', async () => {
    const { inputs, client } = capture();
    await new SqsDeadLetterSender(client, 'https://sqs.eu-west-1.amazonaws.com/1/x-dlq').send(letter);
    expect(inputs[0]).not.toHaveProperty('MessageGroupId');
    expect(inputs[0]).not.toHaveProperty('MessageDeduplicationId');
  });

  it('is built from OUTFLOW_DEAD_LETTER_QUEUE_URL, and absent without it', () => {
    expect(deadLetterSenderFromEnvironment({})).toBeUndefined();
    expect(
      deadLetterSenderFromEnvironment({ OUTFLOW_DEAD_LETTER_QUEUE_URL: 'https://sqs/1/q.fifo' }),
    ).toBeInstanceOf(SqsDeadLetterSender);
  });
});
