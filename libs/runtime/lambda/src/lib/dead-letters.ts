import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';

/**
 * The environment variable that gives a consumer its queue's DLQ URL. The topology's
 * `consumerEnvironment` sets it (a `Ref` to the subscription's `DeadLetterQueue`).
 * @public
 */
export const DEAD_LETTER_QUEUE_URL_ENV = 'OUTFLOW_DEAD_LETTER_QUEUE_URL';

/**
 * Message attribute names a dead letter carries (reason, kind, and the id of the message it was).
 * @public
 */
export const DEAD_LETTER_ATTRIBUTES = {
  reason: 'outflow-failure-reason',
  kind: 'outflow-failure-kind',
  originalMessageId: 'outflow-original-message-id',
} as const;

/**
 * A message a handler dead-letters at once because redelivery cannot cure it.
 * @public
 */
export interface DeadLetter {
  readonly messageId: string;
  readonly body: string;
  /** The FIFO message group it came from, if any: kept on a FIFO DLQ. */
  readonly groupId?: string;
  /** Why it is a permanent failure, e.g. `malformed message: …`. */
  readonly reason: string;
  readonly eventId?: string;
}

/**
 * Port: sends one permanently failed message to its queue's DLQ. Rejects when it could not (the
 * handler then reports the message as a batch item failure, so it is retried, never lost).
 */
export interface DeadLetterSender {
  send(letter: DeadLetter): Promise<void>;
}

/** An SQS message attribute value is at most 256 KiB with its name; a reason never needs that much. */
const MAX_REASON_CHARS = 4096;

/**
 * Sends dead letters with SQS `SendMessage` to `queueUrl`. On a FIFO DLQ (URL ending in `.fifo`)
 * the letter keeps its message group (`MessageGroupId`, or its message id when it had none) and
 * uses the original message id as `MessageDeduplicationId`, so a retried send within SQS's
 * 5-minute deduplication interval does not add a second copy
 * (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessage.html).
 * Needs `sqs:SendMessage` on the DLQ (the topology's `consumerIamStatements`).
 * @public
 */
export class SqsDeadLetterSender implements DeadLetterSender {
  constructor(
    private readonly client: Pick<SQSClient, 'send'>,
    private readonly queueUrl: string,
  ) {}

  async send(letter: DeadLetter): Promise<void> {
    const fifo = this.queueUrl.endsWith('.fifo');
    await this.client.send(
      new SendMessageCommand({
        QueueUrl: this.queueUrl,
        MessageBody: letter.body,
        MessageAttributes: {
          [DEAD_LETTER_ATTRIBUTES.reason]: {
            DataType: 'String',
            StringValue: letter.reason.slice(0, MAX_REASON_CHARS),
          },
          [DEAD_LETTER_ATTRIBUTES.kind]: { DataType: 'String', StringValue: 'permanent' },
          [DEAD_LETTER_ATTRIBUTES.originalMessageId]: { DataType: 'String', StringValue: letter.messageId },
        },
        ...(fifo
          ? { MessageGroupId: letter.groupId ?? letter.messageId, MessageDeduplicationId: letter.messageId }
          : {}),
      }),
    );
  }
}

/**
 * The sender a deployed consumer uses: an {@link SqsDeadLetterSender} to the URL in
 * `OUTFLOW_DEAD_LETTER_QUEUE_URL`, or undefined when it is not set (permanent failures then take
 * the retry path to the DLQ, as before).
 */
export const deadLetterSenderFromEnvironment = (
  env: NodeJS.ProcessEnv = process.env,
): DeadLetterSender | undefined => {
  const url = env[DEAD_LETTER_QUEUE_URL_ENV];
  return url ? new SqsDeadLetterSender(new SQSClient({}), url) : undefined;
};
