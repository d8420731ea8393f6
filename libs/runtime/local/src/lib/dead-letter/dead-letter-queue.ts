import { parseExactJson, stringifyExactJson } from '@outflow/core-domain';
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Which resource wrote to a DLQ, because AWS redrives each differently:
 * - `queue`: an SQS queue's redrive policy moved a message (the consumer queue's or the buffer
 *   queue's DLQ); redriven with `StartMessageMoveTask` back to that queue;
 * - `rule`: EventBridge could not deliver an event to the rule's target and sent it to the
 *   target's DLQ with error attributes; redriven by re-sending its detail to the subscription's
 *   entry queue, then deleting it;
 * - `pipe`: the source Pipe gave up on stream records; its DLQ holds WHERE they are in the stream
 *   (`DDBStreamBatchInfo`), not the records; redriven by re-reading them while the stream keeps
 *   them (24 h).
 */
export type DeadLetterQueueKind = 'queue' | 'rule' | 'pipe';

/** A message in a local DLQ, as SQS would return it (plus the local reason). */
export interface DeadLetterMessage {
  /** The DLQ's message id. */
  readonly messageId: string;
  readonly body: string;
  /**
   * String message attributes. A rule DLQ's carry EventBridge's `ERROR_CODE`, `ERROR_MESSAGE`,
   * `EXHAUSTED_RETRY_CONDITION`, `RETRY_ATTEMPTS`, `RULE_ARN` and `TARGET_ARN`.
   */
  readonly messageAttributes: Readonly<Record<string, string>>;
  /** FIFO DLQs: the message group (and deduplication id) the message had. */
  readonly groupId?: string;
  readonly deduplicationId?: string;
  /** How often the source queue delivered it before moving it (`queue` DLQs; SQS's ApproximateReceiveCount). */
  readonly receiveCount: number;
  /**
   * Why it was dead-lettered. SQS keeps no reason for a `queue` DLQ message (on AWS it is in the
   * consumer's log); the local runtime keeps the last failure the handler reported.
   */
  readonly reason: string;
  /** ISO-8601 instant it arrived in the DLQ. */
  readonly sentAt: string;
}

export type NewDeadLetter = Omit<DeadLetterMessage, 'messageId' | 'sentAt'>;

/** What `list` shows of one DLQ. */
export interface DeadLetterQueueInfo {
  readonly name: string;
  readonly kind: DeadLetterQueueKind;
  /** The resource that writes to it: a queue, a rule or a Pipe. */
  readonly source: string;
  readonly depth: number;
  /** ISO-8601 instant of the oldest message, if any. */
  readonly oldestSentAt?: string;
}

/**
 * One DLQ of the local runtime: an SQS queue that nothing consumes, whose messages an operator
 * lists, shows, redrives (each kind its own way) or deletes. With `path`, its messages are kept in
 * that JSON file (rewritten on each change, atomically), so they survive `npm start` restarts.
 */
export class LocalDeadLetterQueue {
  private messages: DeadLetterMessage[] = [];

  constructor(
    readonly name: string,
    readonly kind: DeadLetterQueueKind,
    readonly source: string,
    private readonly path?: string,
  ) {
    if (path) this.messages = this.load(path);
  }

  /** SendMessage (by the resource that dead-letters). Returns the stored message. */
  send(letter: NewDeadLetter): DeadLetterMessage {
    const message = { ...letter, messageId: randomUUID(), sentAt: new Date().toISOString() };
    this.messages.push(message);
    this.save();
    return message;
  }

  /** Every message, oldest first (a copy). */
  list(): DeadLetterMessage[] {
    return [...this.messages];
  }

  /** Removes messages by id; returns how many were there. */
  delete(messageIds: Iterable<string>): number {
    const ids = new Set(messageIds);
    const before = this.messages.length;
    this.messages = this.messages.filter((m) => !ids.has(m.messageId));
    if (this.messages.length !== before) this.save();
    return before - this.messages.length;
  }

  get depth(): number {
    return this.messages.length;
  }

  info(): DeadLetterQueueInfo {
    const oldest = this.messages[0]?.sentAt;
    return {
      name: this.name,
      kind: this.kind,
      source: this.source,
      depth: this.depth,
      ...(oldest ? { oldestSentAt: oldest } : {}),
    };
  }

  private load(path: string): DeadLetterMessage[] {
    try {
      return parseExactJson(readFileSync(path, 'utf8')) as DeadLetterMessage[];
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw new Error(
        `DLQ ${this.name}: cannot read ${path} (${(error as Error).message}); move it away to start empty`,
      );
    }
  }

  private save(): void {
    if (!this.path) return;
    mkdirSync(dirname(this.path), { recursive: true });
    writeFileSync(`${this.path}.tmp`, stringifyExactJson(this.messages) as string);
    renameSync(`${this.path}.tmp`, this.path);
  }
}
