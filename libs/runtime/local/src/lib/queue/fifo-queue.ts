import { createHash } from 'node:crypto';
import { QueueSendError } from '../errors';
import { LocalQueue, type LocalQueueOptions, type QueueMessage } from './local-queue';

export interface FifoQueueOptions extends LocalQueueOptions {
  /**
   * `messageGroup` (high-throughput mode) remembers deduplication ids per message group;
   * `queue` across the queue. @default 'queue' (SQS's default)
   */
  readonly deduplicationScope?: 'queue' | 'messageGroup';
  /** Derive a missing deduplication id from the body's SHA-256. @default false */
  readonly contentBasedDeduplication?: boolean;
  /** How long a deduplication id is remembered (ms, time-scaled). @default 300000 (5 minutes, as SQS) */
  readonly deduplicationWindowMs?: number;
}

/** What SendMessage takes on a FIFO queue. */
export interface FifoSendInput {
  readonly body: string;
  readonly groupId: string;
  readonly deduplicationId?: string;
  readonly origin?: number;
}

/**
 * An SQS FIFO queue with AWS's documented semantics: strictly ordered per message group; while
 * a group has a message in flight, no other message of that group is delivered (so a receive
 * only returns messages of groups with nothing in flight); deduplication ids remembered for the
 * deduplication window, also after the message is deleted, per queue or per message group;
 * visibility timeout and redrive policy as {@link LocalQueue}.
 */
export class LocalFifoQueue extends LocalQueue {
  readonly fifo = true;
  private readonly groups = new Map<string, QueueMessage[]>();
  private readonly busy = new Map<string, number>();
  private readonly dedup = new Map<string, number>();

  constructor(private readonly fifoOptions: FifoQueueOptions) {
    super(fifoOptions);
  }

  /**
   * SendMessage: accepts a message; returns false when its deduplication id was seen within the
   * window (accepted, not delivered, as SQS).
   *
   * @throws QueueSendError when the group id is missing, or the deduplication id is missing on a
   *   queue without content-based deduplication.
   */
  send(input: FifoSendInput): boolean {
    const name = this.options.name;
    if (!input.groupId) throw new QueueSendError(`queue ${name}: MessageGroupId is required on a FIFO queue`);
    const deduplicationId = input.deduplicationId ?? this.contentId(input.body);
    for (const [field, value] of [
      ['MessageGroupId', input.groupId],
      ['MessageDeduplicationId', deduplicationId],
    ])
      if ((value as string).length > 128)
        throw new QueueSendError(
          `queue ${name}: ${field} is ${(value as string).length} characters; SQS takes at most 128`,
        );
    const key =
      this.fifoOptions.deduplicationScope === 'messageGroup'
        ? `${input.groupId}\n${deduplicationId}`
        : deduplicationId;
    const now = this.now();
    const window = this.fifoOptions.deduplicationWindowMs ?? 300_000;
    // The map is in insertion order, which is time order: prune from the front up to the first id
    // still inside the window (O(expired), not O(remembered) per send: a 100k backlog stays linear).
    for (const [id, at] of this.dedup) {
      if (at + window > now) break;
      this.dedup.delete(id);
    }
    const seenAt = this.dedup.get(key);
    if (seenAt !== undefined && seenAt + window > now) return false;
    this.dedup.delete(key);
    this.dedup.set(key, now);
    const message = this.newMessage(input.body, {
      groupId: input.groupId,
      deduplicationId,
      ...(input.origin === undefined ? {} : { origin: input.origin }),
    });
    const group = this.groups.get(input.groupId) ?? [];
    group.push(message);
    this.groups.set(input.groupId, group);
    this.notify();
    return true;
  }

  moveIn(input: {
    readonly body: string;
    readonly groupId?: string;
    readonly deduplicationId?: string;
  }): string {
    if (!input.groupId)
      throw new QueueSendError(`queue ${this.options.name}: MessageGroupId is required on a FIFO queue`);
    const message = this.newMessage(input.body, {
      groupId: input.groupId,
      ...(input.deduplicationId === undefined ? {} : { deduplicationId: input.deduplicationId }),
    });
    this.groups.set(input.groupId, [...(this.groups.get(input.groupId) ?? []), message]);
    this.notify();
    return message.messageId;
  }

  /** Groups with a message in flight. */
  get groupsInFlight(): number {
    return this.busy.size;
  }

  override receive(max: number) {
    const received = super.receive(max);
    for (const { message } of received) this.hold(message.groupId as string, +1);
    return received;
  }

  protected override deleted(message: QueueMessage): void {
    this.hold(message.groupId as string, -1);
  }

  protected *deliverable(): Iterable<QueueMessage> {
    // Lazily, without copying the map: `receive` stops after `max` messages, so a receive costs the
    // groups it skips and takes, not every waiting group (a backfill makes one group per aggregate).
    // Deleting the current entry while iterating a Map is safe; a group's own array is copied.
    for (const [groupId, messages] of this.groups) if (!this.busy.has(groupId)) yield* [...messages];
  }

  protected remove(message: QueueMessage): void {
    const group = this.groups.get(message.groupId as string);
    if (!group) return;
    group.splice(group.indexOf(message), 1);
    if (group.length === 0) this.groups.delete(message.groupId as string);
  }

  protected requeue(messages: readonly QueueMessage[]): void {
    for (const message of [...messages].reverse()) {
      const groupId = message.groupId as string;
      this.hold(groupId, -1);
      this.groups.set(groupId, [message, ...(this.groups.get(groupId) ?? [])]);
    }
  }

  protected get waiting(): number {
    let count = 0;
    for (const messages of this.groups.values()) count += messages.length;
    return count;
  }

  protected oldestWaitingSentAt(): number | undefined {
    let oldest: number | undefined;
    for (const [first] of this.groups.values())
      if (first) oldest = oldest === undefined ? first.sentAt : Math.min(oldest, first.sentAt);
    return oldest;
  }

  protected *waitingMessages(): Iterable<QueueMessage> {
    for (const messages of this.groups.values()) yield* messages;
  }

  private contentId(body: string): string {
    if (!this.fifoOptions.contentBasedDeduplication)
      throw new QueueSendError(
        `queue ${this.options.name}: MessageDeduplicationId is required (the queue has no content-based deduplication)`,
      );
    return createHash('sha256').update(body).digest('hex');
  }

  private hold(groupId: string, delta: number): void {
    const count = (this.busy.get(groupId) ?? 0) + delta;
    if (count > 0) this.busy.set(groupId, count);
    else this.busy.delete(groupId);
  }
}
