import { createHash, randomUUID } from 'node:crypto';
import type { DeadLetterEntry } from '../runtime/dead-letters';

export interface FifoMessage {
  readonly messageId: string;
  readonly body: string;
  readonly groupId: string;
  readonly deduplicationId: string;
  readonly sentAt: number;
  readonly sequenceNumber: string;
  receiveCount: number;
  firstReceivedAt?: number;
  /** Why the last delivery failed, when the consumer said (kept when moved to the DLQ). */
  lastError?: string;
}

export interface FifoQueueOptions {
  readonly name: string;
  /** How long a received message stays invisible (ms). */
  readonly visibilityTimeoutMs: number;
  /** Receives before a message moves to the DLQ instead of being delivered again. */
  readonly maxReceiveCount: number;
  /** Where messages go after maxReceiveCount receives. */
  /** A message moved to the DLQ: `from` is `queue:<name>`, the payload the message (id, group, receive count, body). */
  readonly onDeadLetter: (letter: DeadLetterEntry) => void;
  /** @default 5 minutes, as SQS */
  readonly deduplicationWindowMs?: number;
  readonly now?: () => number;
}

export interface Received {
  readonly message: FifoMessage;
  readonly receiptHandle: string;
}

/**
 * An SQS FIFO queue with AWS's documented semantics: strictly ordered per message group; while
 * a group has a message in flight, no other message of that group is delivered; content-based
 * deduplication (SHA-256 of the body, or an explicit id) over a 5-minute window, also after the
 * message is deleted; a message received more than `maxReceiveCount` times moves to the DLQ with
 * the last failure reason.
 */
export class LocalFifoQueue {
  private readonly groups = new Map<string, FifoMessage[]>();
  private readonly inFlight = new Map<
    string,
    { message: FifoMessage; receiptHandle: string; visibleAt: number }
  >();
  private readonly dedup = new Map<string, number>();
  private sequence = 0n;
  private readonly now: () => number;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly options: FifoQueueOptions) {
    this.now = options.now ?? Date.now;
  }

  get name(): string {
    return this.options.name;
  }

  /** Accepts a message; returns false when its deduplication id was seen in the last 5 minutes. */
  send(input: { body: string; groupId: string; deduplicationId?: string }): boolean {
    if (!input.groupId)
      throw new Error(`queue ${this.options.name}: MessageGroupId is required on a FIFO queue`);
    const now = this.now();
    const window = this.options.deduplicationWindowMs ?? 300_000;
    for (const [id, at] of this.dedup) if (at + window <= now) this.dedup.delete(id);
    const deduplicationId = input.deduplicationId ?? createHash('sha256').update(input.body).digest('hex');
    if (this.dedup.has(deduplicationId)) return false;
    this.dedup.set(deduplicationId, now);
    const message: FifoMessage = {
      messageId: randomUUID(),
      body: input.body,
      groupId: input.groupId,
      deduplicationId,
      sentAt: now,
      sequenceNumber: String((this.sequence += 1n)).padStart(20, '0'),
      receiveCount: 0,
    };
    const group = this.groups.get(input.groupId) ?? [];
    group.push(message);
    this.groups.set(input.groupId, group);
    for (const listener of this.listeners) listener();
    return true;
  }

  /**
   * Up to `max` messages: the oldest messages of groups with nothing in flight, in order within
   * each group. A message over `maxReceiveCount` goes to the DLQ instead (its group moves on).
   */
  receive(max: number): Received[] {
    this.expireVisibility();
    const busy = new Set([...this.inFlight.values()].map((f) => f.message.groupId));
    const out: Received[] = [];
    for (const [groupId, messages] of this.groups) {
      if (out.length >= max) break;
      if (busy.has(groupId)) continue;
      while (messages.length > 0 && out.length < max) {
        const message = messages[0] as FifoMessage;
        if (message.receiveCount >= this.options.maxReceiveCount) {
          messages.shift();
          this.options.onDeadLetter({
            from: `queue:${this.options.name}`,
            reason: message.lastError ?? `received ${message.receiveCount} times without being deleted`,
            movedAt: new Date(this.now()).toISOString(),
            payload: {
              messageId: message.messageId,
              groupId: message.groupId,
              receiveCount: message.receiveCount,
              body: message.body,
            },
          });
          continue;
        }
        messages.shift();
        message.receiveCount += 1;
        message.firstReceivedAt ??= this.now();
        const receiptHandle = randomUUID();
        this.inFlight.set(receiptHandle, {
          message,
          receiptHandle,
          visibleAt: this.now() + this.options.visibilityTimeoutMs,
        });
        out.push({ message, receiptHandle });
      }
      if (messages.length === 0) this.groups.delete(groupId);
    }
    return out;
  }

  /** Deletes a received message (the ack). False when the receipt is no longer valid. */
  delete(receiptHandle: string): boolean {
    return this.inFlight.delete(receiptHandle);
  }

  /** Makes a received message visible again now (or after `delayMs`), keeping its place in its group. */
  release(receiptHandle: string, reason?: string, delayMs = 0): void {
    const flight = this.inFlight.get(receiptHandle);
    if (!flight) return;
    if (reason) flight.message.lastError = reason;
    flight.visibleAt = this.now() + delayMs;
    if (delayMs === 0) this.expireVisibility();
  }

  /** Messages waiting plus in flight. */
  get depth(): number {
    let waiting = 0;
    for (const messages of this.groups.values()) waiting += messages.length;
    return waiting + this.inFlight.size;
  }

  /** Age (ms) of the oldest message waiting or in flight, 0 when empty. */
  oldestAgeMs(): number {
    let oldest = Infinity;
    for (const messages of this.groups.values())
      if (messages[0]) oldest = Math.min(oldest, messages[0].sentAt);
    for (const { message } of this.inFlight.values()) oldest = Math.min(oldest, message.sentAt);
    return oldest === Infinity ? 0 : this.now() - oldest;
  }

  /** Ms until the next in-flight message becomes visible again, or undefined. */
  nextVisibilityMs(): number | undefined {
    let next: number | undefined;
    for (const { visibleAt } of this.inFlight.values())
      next = next === undefined ? visibleAt : Math.min(next, visibleAt);
    return next === undefined ? undefined : Math.max(0, next - this.now());
  }

  onMessage(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Puts messages whose visibility timeout passed back at the head of their group, in order. */
  private expireVisibility(): void {
    const now = this.now();
    const returning = [...this.inFlight.values()]
      .filter((f) => f.visibleAt <= now)
      .sort((a, b) => (a.message.sequenceNumber < b.message.sequenceNumber ? -1 : 1));
    for (const flight of returning.reverse()) {
      this.inFlight.delete(flight.receiptHandle);
      const group = this.groups.get(flight.message.groupId) ?? [];
      group.unshift(flight.message);
      this.groups.set(flight.message.groupId, group);
    }
  }
}
