import { sleep } from '@outflow/core-application';
import {
  compileInputTemplate,
  decodePayload,
  parseJsonPath,
  resolvePath,
  type CompiledInputTemplate,
  type PathStep,
} from '@outflow/event-patterns';
import { Workers } from '../consumer/workers';
import type { FifoSendInput, LocalFifoQueue } from '../queue/fifo-queue';
import type { LocalQueue, Received } from '../queue/local-queue';
import { toSqsRecord } from '../queue/sqs-record';

export interface SqsPipeStats {
  /** Batches handed to the target (or failed). */
  batches: number;
  received: number;
  sent: number;
  /** Batches that failed (their messages reappear after the source's visibility timeout). */
  failedBatches: number;
}

export interface SqsSourcePipeOptions {
  readonly name: string;
  /** The source queue (the per-aggregate buffer); its redrive policy is the Pipe's DLQ path. */
  readonly source: LocalQueue;
  readonly sourceArn: string;
  readonly target: Pick<LocalFifoQueue, 'send'>;
  readonly targetArn: string;
  /** `InputTemplate`, rendered per message on the SQS record. */
  readonly inputTemplate: string;
  /** `SqsQueueParameters.MessageGroupId`: one JSON path on the record as delivered (e.g. `$.body.aggregateKey`). */
  readonly messageGroupIdPath: string;
  /** `SqsQueueParameters.MessageDeduplicationId`: one JSON path, likewise. */
  readonly deduplicationIdPath: string;
  /** `PipeSourceSqsQueueParameters.BatchSize` (1–10 towards an SQS target). */
  readonly batchSize: number;
  /** `MaximumBatchingWindowInSeconds`, in ms (time-scaled). */
  readonly batchingWindowMs: number;
  /** Batches read at once (AWS starts 5 pollers on a standard source). @default 5 */
  readonly pollers?: number;
}

const compilePath = (pipe: string, setting: string, path: string): readonly PathStep[] => {
  const parsed = parseJsonPath(path);
  if (!parsed.ok) throw new Error(`pipe ${pipe}: ${setting} ${path}: ${parsed.error}`);
  return parsed.value;
};

/**
 * An EventBridge Pipe with an SQS source and an SQS FIFO target (the per-aggregate re-keying
 * Pipe): reads batches of `batchSize` (waiting up to the batching window for a full one), renders
 * each message with the input template (the same renderer as every Pipe, implicit body parsing
 * included), resolves `MessageGroupId` and `MessageDeduplicationId` by their paths on the record
 * as the source delivered it, sends to the target and deletes the batch from the source. A batch
 * that fails (a path that finds no string, a rejected send) is left in the source: it reappears
 * after the source's visibility timeout, and the source's redrive policy moves it to its DLQ.
 */
export class LocalSqsSourcePipe {
  readonly stats: SqsPipeStats = { batches: 0, received: 0, sent: 0, failedBatches: 0 };
  private readonly template: CompiledInputTemplate;
  private readonly groupPath: readonly PathStep[];
  private readonly dedupPath: readonly PathStep[];
  private readonly workers: Workers<Received>;

  constructor(private readonly options: SqsSourcePipeOptions) {
    this.template = compileInputTemplate(options.inputTemplate);
    this.groupPath = compilePath(options.name, 'MessageGroupId', options.messageGroupIdPath);
    this.dedupPath = compilePath(options.name, 'MessageDeduplicationId', options.deduplicationIdPath);
    this.workers = new Workers({
      count: options.pollers ?? 5,
      queue: options.source,
      take: () => this.takeBatch(),
      run: async (batch) => this.deliver(batch),
    });
  }

  start(): void {
    this.workers.start();
  }

  async stop(): Promise<void> {
    await this.workers.stop();
  }

  /**
   * Renders one SQS record as the target receives it.
   *
   * @throws Error naming the parameter whose path found no string.
   */
  render(received: Received): FifoSendInput {
    const record = toSqsRecord(received, this.options.sourceArn);
    const rendered = this.template.render(record, {
      pipeName: this.options.name,
      pipeArn: `arn:aws:pipes:local:000000000000:pipe/${this.options.name}`,
      sourceArn: this.options.sourceArn,
      targetArn: this.options.targetArn,
    });
    const delivered = decodePayload(record).event;
    return {
      body: rendered.text,
      groupId: this.resolve(this.groupPath, delivered, 'MessageGroupId', this.options.messageGroupIdPath),
      deduplicationId: this.resolve(
        this.dedupPath,
        delivered,
        'MessageDeduplicationId',
        this.options.deduplicationIdPath,
      ),
      ...(received.message.origin === undefined ? {} : { origin: received.message.origin }),
    };
  }

  /** A batch: sent when it is full or the batching window since its first message ended. */
  private async takeBatch(): Promise<Received[]> {
    const { source, batchSize, batchingWindowMs } = this.options;
    const batch = source.receive(batchSize);
    if (batch.length === 0 || batchingWindowMs === 0) return batch;
    const deadline = Date.now() + batchingWindowMs;
    while (batch.length < batchSize && Date.now() < deadline && this.workers.running) {
      await sleep(Math.min(10, deadline - Date.now()));
      batch.push(...source.receive(batchSize - batch.length));
    }
    return batch;
  }

  private deliver(batch: Received[]): void {
    const { source, target } = this.options;
    this.stats.batches += 1;
    this.stats.received += batch.length;
    let messages: FifoSendInput[];
    try {
      messages = batch.map((received) => this.render(received));
      for (const message of messages) target.send(message);
    } catch (error) {
      this.stats.failedBatches += 1;
      const reason = `pipe ${this.options.name}: ${(error as Error).message}`;
      for (const r of batch) source.fail(r.receiptHandle, reason);
      return;
    }
    this.stats.sent += messages.length;
    for (const r of batch) source.delete(r.receiptHandle);
  }

  private resolve(path: readonly PathStep[], record: unknown, parameter: string, text: string): string {
    const resolved = resolvePath(path, record);
    if (!resolved.found || typeof resolved.value !== 'string' || resolved.value === '')
      throw new Error(
        `${parameter} path ${text} found no string in message ${(record as { messageId: string }).messageId}`,
      );
    return resolved.value;
  }
}
