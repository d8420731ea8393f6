import {
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ListMessageMoveTasksCommand,
  ReceiveMessageCommand,
  ChangeMessageVisibilityBatchCommand,
  StartMessageMoveTaskCommand,
  type Message,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { sleep } from '@outflow/core-application';
import { isRecord, parseExactJson, stringifyExactJson } from '@outflow/core-domain';
import type { SourceDefinition } from '@outflow/topology';
import type { ControlClient } from '../control/control-client';
import { changesInDeadLetter } from './dead-letter-changes';
import type { ProgressReporter } from './progress';
import { sendToQueue } from './sqs-operations';
import type { OpsTarget } from './targets';

/** One DLQ an operator works on. */
export interface DlqView {
  readonly name: string;
  /** How AWS redrives it: `queue` (StartMessageMoveTask), `rule` (read, re-send, delete), `pipe` (re-read the stream). */
  readonly kind: 'queue' | 'rule' | 'pipe';
  /** What writes to it: a queue's name, a rule's, a Pipe's. */
  readonly source: string;
  readonly depth: number;
  readonly oldestSentAt?: string;
  /** AWS only. */
  readonly url?: string;
  readonly arn?: string;
}

/** One message of a DLQ, as `outflow dlq show` prints it. */
export interface DlqMessageView {
  readonly messageId: string;
  /** Why it was dead-lettered, or what is known of it. */
  readonly reason: string;
  /** How often the source queue delivered it (queue DLQs), or the rule's retries (rule DLQs). */
  readonly receiveCount: number;
  readonly sentAt?: string;
  /** The changes it carries (none for a Pipe DLQ message: it holds a stream location). */
  readonly changes: readonly { aggregateType: string; aggregateId: string; version: number }[];
  /** Pipe DLQs: where the records are in the stream. */
  readonly location?: unknown;
  readonly attributes: Readonly<Record<string, string>>;
}

/** What one redrive did. */
interface DlqRedriveResult {
  readonly deadLetterQueue: string;
  readonly kind: DlqView['kind'];
  readonly moved: number;
  readonly destination: string;
  /** How it was done, in AWS's terms. */
  readonly how: string;
  /** Pipe DLQs: locations the stream no longer holds (left in the DLQ). */
  readonly missing?: readonly string[];
}

/** DLQ operations in one mode (the running `npm start`, or a deployed stage). */
export interface DeadLetterQueueOps {
  /** The target's DLQs, and its source Pipe's (shared by every subscription). */
  list(target: OpsTarget): Promise<DlqView[]>;
  messages(dlq: DlqView): Promise<DlqMessageView[]>;
  redrive(dlq: DlqView, target: OpsTarget, progress: ProgressReporter): Promise<DlqRedriveResult>;
}

const HOW: Record<DlqView['kind'], string> = {
  queue: 'StartMessageMoveTask back to the source queue (new message ids; a FIFO message keeps its group)',
  rule: "read, each event's detail re-sent to the entry queue, deleted",
  pipe: "the records re-read from the stream and put through the Pipe's filter and input template onto the bus again",
};

const changesOf = (body: string) => changesInDeadLetter(body);

/** Local mode: through the control API of the running `npm start`. */
export function localDeadLetterQueueOps(control: ControlClient): DeadLetterQueueOps {
  return {
    async list(target) {
      const { deadLetterQueues } = await control.deadLetterQueues();
      return deadLetterQueues.filter((q) =>
        q.kind === 'pipe' ? q.subscription === undefined : q.subscription === target.subscription.name,
      );
    },
    async messages(dlq) {
      const { messages } = await control.deadLetterMessages(dlq.name);
      return messages.map((m) => ({
        messageId: m.messageId,
        reason: m.reason,
        receiveCount: m.receiveCount,
        sentAt: m.sentAt,
        changes: changesOf(m.body),
        ...(dlq.kind === 'pipe' ? { location: pipeLocation(m.body) } : {}),
        attributes: m.messageAttributes,
      }));
    },
    async redrive(dlq, _target, progress) {
      progress.start(`redriving ${dlq.name}`, dlq.depth);
      const result = await control.redrive(dlq.name);
      progress.update(result.moved);
      progress.stop();
      return { ...result, kind: dlq.kind, how: HOW[dlq.kind] };
    },
  };
}

const pipeLocation = (body: string): unknown => {
  try {
    const value = parseExactJson(body);
    return isRecord(value) ? value['DDBStreamBatchInfo'] : undefined;
  } catch {
    return undefined;
  }
};

/** A DLQ's depth and the age of its oldest message from SQS (GetQueueAttributes). */
async function awsView(sqs: SQSClient, base: Omit<DlqView, 'depth'>): Promise<DlqView> {
  const { Attributes = {} } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: base.url,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  const depth =
    Number(Attributes.ApproximateNumberOfMessages ?? 0) +
    Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0);
  return { ...base, depth };
}

/** Receives up to 10 messages with their attributes, hidden for `hideSeconds`. */
const receive = async (sqs: SQSClient, url: string, hideSeconds: number): Promise<Message[]> =>
  (
    await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: url,
        MaxNumberOfMessages: 10,
        VisibilityTimeout: hideSeconds,
        WaitTimeSeconds: 1,
        MessageAttributeNames: ['All'],
        MessageSystemAttributeNames: ['ApproximateReceiveCount', 'SentTimestamp'],
      }),
    )
  ).Messages ?? [];

function awsMessage(dlq: DlqView, message: Message): DlqMessageView {
  const body = message.Body ?? '';
  const attributes = Object.fromEntries(
    Object.entries(message.MessageAttributes ?? {}).map(([key, value]) => [key, value.StringValue ?? '']),
  );
  const sent = message.Attributes?.SentTimestamp;
  const location = dlq.kind === 'pipe' ? pipeLocation(body) : undefined;
  const reason =
    dlq.kind === 'rule'
      ? `${attributes['ERROR_CODE'] ?? 'error'}: ${attributes['ERROR_MESSAGE'] ?? ''}`.trim()
      : dlq.kind === 'pipe'
        ? `the Pipe gave up (${String((parseExactJson(body) as { context?: { condition?: string } }).context?.condition ?? 'unknown')})`
        : "SQS keeps no reason: the consumer's log has it (`change not applied`, this message's original id)";
  return {
    messageId: message.MessageId ?? '',
    reason,
    // A DLQ message's receive count continues the source queue's (each receive here adds one).
    receiveCount: Math.max(0, Number(message.Attributes?.ApproximateReceiveCount ?? 1) - 1),
    ...(sent ? { sentAt: new Date(Number(sent)).toISOString() } : {}),
    changes: changesOf(body),
    ...(location === undefined ? {} : { location }),
    attributes,
  };
}

/** Every message of a DLQ, left in place (received hidden, then made visible again). */
async function peekAll(sqs: SQSClient, dlq: DlqView): Promise<DlqMessageView[]> {
  const seen: DlqMessageView[] = [];
  const receipts: string[] = [];
  for (
    let batch = await receive(sqs, dlq.url as string, 30);
    batch.length > 0;
    batch = await receive(sqs, dlq.url as string, 30)
  ) {
    for (const message of batch) {
      seen.push(awsMessage(dlq, message));
      if (message.ReceiptHandle) receipts.push(message.ReceiptHandle);
    }
  }
  for (let i = 0; i < receipts.length; i += 10)
    await sqs.send(
      new ChangeMessageVisibilityBatchCommand({
        QueueUrl: dlq.url,
        Entries: receipts
          .slice(i, i + 10)
          .map((ReceiptHandle, n) => ({ Id: String(n), ReceiptHandle, VisibilityTimeout: 0 })),
      }),
    );
  return seen;
}

/**
 * StartMessageMoveTask from a queue's DLQ back to its source queue (no DestinationArn: "the
 * messages are redriven to their respective original source queues"; FIFO DLQs are supported,
 * a FIFO destination gets new message ids), then ListMessageMoveTasks until it is done.
 */
async function moveMessages(sqs: SQSClient, dlq: DlqView, progress: ProgressReporter, pollMs: number) {
  await sqs.send(new StartMessageMoveTaskCommand({ SourceArn: dlq.arn }));
  progress.start(`moving ${dlq.name} back to ${dlq.source}`, dlq.depth);
  for (;;) {
    const { Results = [] } = await sqs.send(
      new ListMessageMoveTasksCommand({ SourceArn: dlq.arn, MaxResults: 1 }),
    );
    const [task] = Results;
    progress.update(Number(task?.ApproximateNumberOfMessagesMoved ?? 0));
    if (task && task.Status !== 'RUNNING') {
      progress.stop();
      if (task.Status !== 'COMPLETED')
        throw new Error(
          `the message move task of ${dlq.name} ended ${task.Status}: ${task.FailureReason ?? 'no reason given'}`,
        );
      return Number(task.ApproximateNumberOfMessagesMoved ?? 0);
    }
    await sleep(pollMs);
  }
}

/** A rule DLQ: each event's detail sent to the entry queue (as the rule target would), then deleted. */
async function resendRuleDeadLetters(
  sqs: SQSClient,
  dlq: DlqView,
  target: OpsTarget,
  progress: ProgressReporter,
) {
  progress.start(`re-sending ${dlq.name} to ${target.entryQueue.name}`, dlq.depth);
  let moved = 0;
  for (
    let batch = await receive(sqs, dlq.url as string, 60);
    batch.length > 0;
    batch = await receive(sqs, dlq.url as string, 60)
  ) {
    const details = batch.map(
      (m) => stringifyExactJson((parseExactJson(m.Body ?? '{}') as { detail?: unknown }).detail) as string,
    );
    await sendToQueue(sqs, target.entryQueue.url as string, details);
    await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: dlq.url,
        Entries: batch.map((m, n) => ({ Id: String(n), ReceiptHandle: m.ReceiptHandle })),
      }),
    );
    moved += batch.length;
    progress.update(moved);
  }
  progress.stop();
  return moved;
}

/** The AWS names of a source Pipe's DLQ, from the stage's exports. */
export interface PipeDeadLetterQueueRef {
  readonly source: SourceDefinition;
  readonly name: string;
  readonly url: string;
  readonly arn: string;
}

/** The target's DLQs and the source Pipes' DLQs, with their depths. */
const awsList = (
  sqs: SQSClient,
  pipeDlqs: readonly PipeDeadLetterQueueRef[],
  target: OpsTarget,
): Promise<DlqView[]> =>
  Promise.all([
    ...target.deadLetterQueues.map((q) =>
      awsView(sqs, {
        name: q.name,
        kind: q.of === 'rule' ? 'rule' : 'queue',
        source:
          q.of === 'rule'
            ? target.ruleName
            : q.of === 'buffer'
              ? target.entryQueue.name
              : target.consumerQueue.name,
        url: q.url as string,
        arn: q.arn as string,
      }),
    ),
    ...pipeDlqs.map((p) =>
      awsView(sqs, {
        name: p.name,
        kind: 'pipe',
        source: `${p.source.name} Pipe`,
        url: p.url,
        arn: p.arn,
      }),
    ),
  ]);

/**
 * AWS mode: SQS on the deployed stage. A Pipe DLQ is redriven by `pipeRedrive` (re-reading the
 * stream, `redrivePipeOnAws`).
 */
export function awsDeadLetterQueueOps(
  sqs: SQSClient,
  pipeDlqs: readonly PipeDeadLetterQueueRef[],
  pollMs = 2000,
  pipeRedrive?: (dlq: DlqView, progress: ProgressReporter) => Promise<{ moved: number; missing: string[] }>,
): DeadLetterQueueOps {
  return {
    list: (target) => awsList(sqs, pipeDlqs, target),
    messages: (dlq) => peekAll(sqs, dlq),
    async redrive(dlq, target, progress) {
      if (dlq.kind === 'pipe') {
        if (!pipeRedrive)
          throw new Error(`${dlq.name} holds stream locations: no way to re-read them was given`);
        const { moved, missing } = await pipeRedrive(dlq, progress);
        return {
          deadLetterQueue: dlq.name,
          kind: dlq.kind,
          moved,
          destination: 'the bus',
          how: HOW.pipe,
          missing,
        };
      }
      const moved =
        dlq.kind === 'queue'
          ? await moveMessages(sqs, dlq, progress, pollMs)
          : await resendRuleDeadLetters(sqs, dlq, target, progress);
      return {
        deadLetterQueue: dlq.name,
        kind: dlq.kind,
        moved,
        destination: dlq.kind === 'queue' ? dlq.source : target.entryQueue.name,
        how: HOW[dlq.kind],
      };
    },
  };
}
