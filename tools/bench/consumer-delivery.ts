// How the consumer benchmark's lanes receive their batches: one after the other (one message group,
// one Lambda instance), or — the per-aggregate lane (issue 11) — the same Outflow handler fed through
// the local SQS FIFO queue and event source mapping with one message group per order (what the
// re-keying Pipe produces: `MessageGroupId` = the aggregate key, body `{"detail": …}`) and
// `maximumConcurrency` batches at once, never two of one group.
import {
  InMemoryDeadLetters,
  LocalFifoQueue,
  LocalSqsConsumer,
  type SqsHandler,
} from '@outflow/runtime-local';
import { nowMs } from './bench-kit';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';

/** Maximum concurrency of the per-aggregate lane (the lane: 4). */
export const PER_AGGREGATE_CONCURRENCY = 4;

/**
 * Sends every record to a local FIFO queue (group = its `MessageGroupId`, deduplication id = its
 * `MessageDeduplicationId`, body wrapped as the re-keying Pipe's output) and runs the consumer
 * until all are deleted. Resolves with the seconds it took.
 *
 * @throws Error when a message failed (the lanes must all apply everything).
 */
export async function runPerAggregate(
  handler: (event: SQSEvent) => Promise<SQSBatchResponse>,
  batches: readonly SQSRecord[][],
  batchSize: number,
  onProgress: (done: number, total: number) => void,
): Promise<number> {
  const deadLetters = new InMemoryDeadLetters();
  const queue = new LocalFifoQueue({
    name: 'bench-per-aggregate.fifo',
    visibilityTimeoutMs: 180_000,
    maxReceiveCount: 5,
    deduplicationScope: 'messageGroup',
    onDeadLetter: (letter) => deadLetters.put(letter),
  });
  let failed = 0;
  const counted: SqsHandler = async (event) => {
    const response = await handler(event);
    failed += response.batchItemFailures.length;
    return response;
  };
  const consumer = new LocalSqsConsumer({
    queue,
    queueArn: 'arn:aws:sqs:local:000000000000:bench-per-aggregate.fifo',
    handler: counted,
    batchSize,
    maximumConcurrency: PER_AGGREGATE_CONCURRENCY,
    functionName: 'bench-per-aggregate',
    timeoutMs: 30_000,
  });
  const records = batches.flat();
  const started = nowMs();
  for (const record of records)
    queue.send({
      body: `{"detail": ${record.body}}`,
      groupId: `order#${record.attributes.MessageGroupId}`,
      deduplicationId: record.attributes.MessageDeduplicationId as string,
    });
  consumer.start();
  while (consumer.stats.acked < records.length && failed === 0) {
    onProgress(consumer.stats.acked, records.length);
    await new Promise((r) => setTimeout(r, 20));
  }
  const seconds = (nowMs() - started) / 1000;
  await consumer.stop();
  if (failed > 0) throw new Error(`per-aggregate: ${failed} message(s) failed`);
  return seconds;
}

/** One batch after the other, as one FIFO group (or one Lambda instance) delivers them. */
export async function runSequentially(
  lane: string,
  handler: (event: SQSEvent) => Promise<SQSBatchResponse>,
  batches: readonly SQSRecord[][],
  show: (done: number, total: number) => void,
): Promise<number> {
  const records = batches.reduce((n, b) => n + b.length, 0);
  let done = 0;
  const started = nowMs();
  for (const batch of batches) {
    const response = await handler({ Records: batch });
    if (response.batchItemFailures.length > 0)
      throw new Error(`${lane}: ${response.batchItemFailures.length} message(s) failed in a batch`);
    done += batch.length;
    show(done, records);
  }
  return (nowMs() - started) / 1000;
}
