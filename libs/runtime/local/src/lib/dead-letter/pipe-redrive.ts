import { parseExactJson } from '@outflow/core-domain';
import { PositionTrimmedError } from '../errors';
import type { PipeRecord } from '../pipe/local-pipe';
import type { StreamReader } from '../stream/stream-reader';
import type { LocalDeadLetterQueue } from './dead-letter-queue';
import type { PipeDeadLetterBody, StreamBatchInfo } from './dead-letter-shapes';

const inRange = (record: PipeRecord, info: StreamBatchInfo): boolean => {
  const sequence = BigInt(String(record.dynamodb.SequenceNumber ?? '-1'));
  return sequence >= BigInt(info.startSequenceNumber) && sequence <= BigInt(info.endSequenceNumber);
};

/**
 * The records a Pipe DLQ message points at, read again from the stream: the shard from
 * `startSequenceNumber` (AT_SEQUENCE_NUMBER) up to `endSequenceNumber`. Fewer than `batchSize` (or
 * none) when the stream no longer holds them (it keeps records 24 h) or the shard is gone.
 */
export async function readBatch(reader: StreamReader, info: StreamBatchInfo): Promise<PipeRecord[]> {
  const shards = await reader.listShards();
  if (!shards.some((s) => s.shardId === info.shardId)) return [];
  let iterator: string | undefined;
  try {
    iterator = await reader.iterator(info.shardId, {
      type: 'AT_SEQUENCE_NUMBER',
      sequenceNumber: info.startSequenceNumber,
    });
  } catch (error) {
    if (error instanceof PositionTrimmedError) return [];
    throw error;
  }
  const found: PipeRecord[] = [];
  const end = BigInt(info.endSequenceNumber);
  while (iterator !== undefined) {
    const page = await reader.getRecords(iterator, 1000);
    found.push(...page.records.filter((r) => inRange(r, info)));
    const last = page.records.at(-1);
    if (page.records.length === 0 || (last && BigInt(String(last.dynamodb.SequenceNumber)) >= end)) break;
    iterator = page.nextIterator;
  }
  return found;
}

/**
 * Redrives a Pipe's DLQ: for each message, re-reads the records its `DDBStreamBatchInfo` names and
 * gives them to the Pipe again (filter, input template, bus: every subscription receives them,
 * since none did), then deletes the message. A message whose records the stream no longer holds
 * stays in the DLQ and is listed in `missing` (`<shard> <first>…<last>`): backfill those aggregates.
 */
export async function redrivePipeDeadLetters(
  dlq: LocalDeadLetterQueue,
  reader: StreamReader,
  process: (records: readonly PipeRecord[], shardId: string) => Promise<void>,
): Promise<{ deadLetterQueue: string; moved: number; destination: string; missing: string[] }> {
  let moved = 0;
  const missing: string[] = [];
  for (const message of dlq.list()) {
    const info = (parseExactJson(message.body) as PipeDeadLetterBody).DDBStreamBatchInfo;
    const records = await readBatch(reader, info);
    if (records.length < info.batchSize) {
      missing.push(`${info.shardId} ${info.startSequenceNumber}…${info.endSequenceNumber}`);
      continue;
    }
    await process(records, info.shardId);
    dlq.delete([message.messageId]);
    moved += records.length;
  }
  return { deadLetterQueue: dlq.name, moved, destination: dlq.source, missing };
}
