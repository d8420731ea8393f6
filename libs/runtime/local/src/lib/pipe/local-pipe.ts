import { backoffDelayMs, sleep } from '@outflow/core-application';
import { PAYLOAD_LIMITS, utf8Bytes } from '@outflow/core-domain';
import {
  compileEventPattern,
  compileInputTemplate,
  parseJsonPath,
  resolvePath,
  type CompiledEventPattern,
  type CompiledInputTemplate,
  type PathStep,
} from '@outflow/event-patterns';
import type { PipeDefinition } from '@outflow/topology';
import type { PutEventsEntry } from '../bus/event-bus';
import { AWS_TIMERS } from '../time/time-scale';
import type { DeadLetterEntry } from '../runtime/dead-letters';

/** A stream record in the shape Pipes receive (the Lambda shape). */
export interface PipeRecord {
  readonly eventID: string;
  readonly eventName: string;
  readonly dynamodb: {
    readonly SequenceNumber?: string;
    readonly ApproximateCreationDateTime?: number;
    readonly [key: string]: unknown;
  };
  readonly [key: string]: unknown;
}

export interface PipeStats {
  read: number;
  filteredOut: number;
  sent: number;
  retries: number;
  deadLettered: number;
}

export interface LocalPipeOptions {
  readonly name: string;
  readonly definition: PipeDefinition;
  /** The target: the bus's PutEvents. */
  readonly putEvents: (entries: readonly PutEventsEntry[]) => Promise<unknown>;
  /**
   * A record moved to the Pipe's DLQ: `from` is `pipe:<name>`, the payload the stream record, and
   * `shardId` the shard it was read from (when `process` was told).
   */
  readonly onDeadLetter: (letter: DeadLetterEntry & { readonly shardId?: string }) => void;
  readonly sourceArn: string;
  /** Retry backoff of a failing record (ms, time-scaled). @default AWS_TIMERS.pipeRetry (1 s doubling up to 60 s) */
  readonly retryBackoff?: { readonly baseMs: number; readonly maxMs: number };
  readonly now?: () => number;
}

/**
 * An EventBridge Pipe from a DynamoDB stream to a bus: the filter (an EventBridge pattern over the
 * record), the input template (rendered per record), batches of `batchSize`, finite retries with
 * backoff, bisecting a failing batch, and a DLQ for records that exhausted their retries or got
 * older than `maximumRecordAgeInSeconds`.
 */
export class LocalPipe {
  readonly stats: PipeStats = { read: 0, filteredOut: 0, sent: 0, retries: 0, deadLettered: 0 };
  private readonly filter: CompiledEventPattern;
  private readonly template: CompiledInputTemplate;
  private readonly detailTypePath: readonly PathStep[];
  private readonly now: () => number;
  /** The shard each record in flight was read from (for its dead letter). */
  private readonly shardOf = new WeakMap<PipeRecord, string>();

  constructor(private readonly options: LocalPipeOptions) {
    this.filter = compileEventPattern(options.definition.filterPattern);
    this.template = compileInputTemplate(options.definition.inputTemplate);
    const path = parseJsonPath(options.definition.detailTypePath);
    if (!path.ok) throw new Error(`pipe ${options.name}: detailTypePath: ${path.error}`);
    this.detailTypePath = path.value;
    this.now = options.now ?? Date.now;
  }

  /**
   * Processes records read from the stream (from `shardId`, named in their dead letters), in order,
   * one batch of `batchSize` at a time.
   */
  async process(records: readonly PipeRecord[], shardId?: string): Promise<void> {
    const shards = this.shardOf;
    if (shardId !== undefined) for (const record of records) shards.set(record, shardId);
    this.stats.read += records.length;
    const passing = records.filter((record) => this.filter.matches(record));
    this.stats.filteredOut += records.length - passing.length;
    const size = Math.min(this.options.definition.batchSize, 10); // the bus takes 10 entries per PutEvents
    for (let i = 0; i < passing.length; i += size) await this.sendBatch(passing.slice(i, i + size), 0);
  }

  private async sendBatch(batch: readonly PipeRecord[], attempt: number): Promise<void> {
    const { definition } = this.options;
    const fresh: PipeRecord[] = [];
    for (const record of batch) {
      const created = record.dynamodb.ApproximateCreationDateTime;
      if (typeof created === 'number' && this.now() / 1000 - created > definition.maximumRecordAgeInSeconds) {
        this.deadLetter(
          record,
          `record older than maximumRecordAgeInSeconds (${definition.maximumRecordAgeInSeconds} s)`,
        );
      } else {
        fresh.push(record);
      }
    }
    if (fresh.length === 0) return;
    let entries: PutEventsEntry[];
    try {
      entries = fresh.map((record) => this.toEntry(record));
    } catch (error) {
      // A record the template cannot render fails on every retry: bisect down to it.
      return this.retryOrBisect(fresh, attempt, error as Error);
    }
    try {
      await this.options.putEvents(entries);
      this.stats.sent += entries.length;
    } catch (error) {
      await this.retryOrBisect(fresh, attempt, error as Error);
    }
  }

  private async retryOrBisect(batch: readonly PipeRecord[], attempt: number, error: Error): Promise<void> {
    if (batch.length > 1) {
      // AUTOMATIC_BISECT: split the batch; splitting does not count against the retries.
      const half = Math.ceil(batch.length / 2);
      await this.sendBatch(batch.slice(0, half), attempt);
      await this.sendBatch(batch.slice(half), attempt);
      return;
    }
    if (attempt >= this.options.definition.maximumRetryAttempts) {
      this.deadLetter(
        batch[0] as PipeRecord,
        `retries exhausted (${attempt + 1} attempts): ${error.message}`,
      );
      return;
    }
    this.stats.retries += 1;
    await sleep(backoffDelayMs(attempt, this.options.retryBackoff ?? AWS_TIMERS.pipeRetry));
    await this.sendBatch(batch, attempt + 1);
  }

  private toEntry(record: PipeRecord): PutEventsEntry {
    const rendered = this.template.render(record, {
      pipeName: this.options.name,
      pipeArn: `arn:aws:pipes:local:000000000000:pipe/${this.options.name}`,
      sourceArn: this.options.sourceArn,
      targetArn: 'arn:aws:events:local:000000000000:event-bus/local',
    });
    const resolved = resolvePath(this.detailTypePath, record);
    const detailType = resolved.found ? resolved.value : undefined;
    if (typeof detailType !== 'string' || detailType === '')
      throw new Error(
        `detail-type path ${this.options.definition.detailTypePath} found no string in record ${record.eventID}`,
      );
    const entry = {
      source: this.options.definition.eventSource,
      detailType,
      detail: rendered.kind === 'json' ? rendered.value : rendered.text,
    };
    // Pipes are treated as 256 KB until AWS documents otherwise (aws-limits.ts, PAYLOAD_LIMITS.pipeEvent);
    // the entry is counted as PutEvents counts it, with the Detail as the template rendered it.
    const bytes = utf8Bytes(entry.source) + utf8Bytes(detailType) + utf8Bytes(rendered.text);
    if (bytes > PAYLOAD_LIMITS.pipeEvent)
      throw new Error(
        `record ${record.eventID} renders a bus entry of ${bytes} bytes; the Pipe's limit is ${PAYLOAD_LIMITS.pipeEvent} bytes (256 KB)`,
      );
    return entry;
  }

  private deadLetter(record: PipeRecord, reason: string): void {
    this.stats.deadLettered += 1;
    const shardId = this.shardOf.get(record);
    this.options.onDeadLetter({
      from: `pipe:${this.options.name}`,
      reason,
      movedAt: new Date(this.now()).toISOString(),
      payload: record,
      ...(shardId === undefined ? {} : { shardId }),
    });
  }
}
