// SDK-level fakes for what moto does not answer the way SQS does: partial SendMessageBatch failures
// (moto accepts every entry) and the peek's request shapes.
import {
  ChangeMessageVisibilityBatchCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { PAYLOAD_LIMITS } from '@outflow/core-domain';
import { peekQueue, QueueSendFailedError, sendBatches, sendToQueue } from './sqs-operations';

/** A client whose `send` answers from `answer` and records each command. */
const fakeSqs = (answer: (command: unknown, call: number) => unknown) => {
  const calls: unknown[] = [];
  const client = {
    send: async (command: unknown) => {
      calls.push(command);
      return answer(command, calls.length);
    },
  } as unknown as SQSClient;
  return { client, calls };
};

describe('SQS operations', () => {
  it('batches at most 10 entries and at most 1 MiB per SendMessageBatch', () => {
    expect(sendBatches(Array.from({ length: 23 }, () => 'x')).map((b) => b.length)).toEqual([10, 10, 3]);
    const big = 'y'.repeat(PAYLOAD_LIMITS.sqsMessage / 2);
    expect(sendBatches([big, big, big]).map((b) => b.length)).toEqual([2, 1]);
  });

  it('sends again only the entries SQS failed on its side, then stops on a sender fault naming the code', async () => {
    const { client, calls } = fakeSqs((command, call) => {
      const entries = (command as SendMessageBatchCommand).input.Entries ?? [];
      if (call === 1)
        return {
          Successful: [],
          Failed: [{ Id: entries[1]?.Id, SenderFault: false, Code: 'InternalError' }],
        };
      return { Successful: entries.map((e) => ({ Id: e.Id })), Failed: [] };
    });
    await sendToQueue(client, 'https://q', ['a', 'b', 'c']);
    expect(calls.map((c) => (c as SendMessageBatchCommand).input.Entries?.map((e) => e.MessageBody))).toEqual(
      [['a', 'b', 'c'], ['b']],
    );

    const refusing = fakeSqs(() => ({
      Failed: [{ Id: '0', SenderFault: true, Code: 'InvalidMessageContents', Message: 'bad characters' }],
    }));
    await expect(sendToQueue(refusing.client, 'https://q', ['a'])).rejects.toThrow(
      new QueueSendFailedError('SQS refused a message for https://q: InvalidMessageContents bad characters'),
    );
  });

  it('peeks a queue: receives until empty with long polling, then makes every message visible again', async () => {
    const { client, calls } = fakeSqs((command, call) => {
      if (command instanceof ReceiveMessageCommand)
        return call === 1
          ? { Messages: [{ MessageId: 'm1', Body: 'b1', ReceiptHandle: 'r1' }] }
          : { Messages: [] };
      return {};
    });
    expect(await peekQueue(client, 'https://dlq')).toEqual([{ messageId: 'm1', body: 'b1' }]);
    expect((calls[0] as ReceiveMessageCommand).input).toMatchObject({
      MaxNumberOfMessages: 10,
      WaitTimeSeconds: 1,
    });
    expect(calls[2]).toBeInstanceOf(ChangeMessageVisibilityBatchCommand);
    expect((calls[2] as ChangeMessageVisibilityBatchCommand).input.Entries).toEqual([
      { Id: '0', ReceiptHandle: 'r1', VisibilityTimeout: 0 },
    ]);
  });
});
