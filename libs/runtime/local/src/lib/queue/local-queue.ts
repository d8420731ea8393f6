import { randomUUID } from 'node:crypto';
import type { DeadLetterEntry } from '../runtime/dead-letters';

/** A message held by a local SQS queue (standard or FIFO). */
export interface QueueMessage {
  readonly messageId: string;
  readonly body: string;
  readonly sentAt: number;
  /** Send order across the queue (FIFO: SQS's `SequenceNumber`). */
  readonly sequenceNumber: string;
  /** FIFO only. */
  readonly groupId?: string;
  /** FIFO only. */
  readonly deduplicationId?: string;
  /** Local bookkeeping: the stream batch this message came from (checkpoints wait for it). */
  readonly origin?: number;
  receiveCount: number;
  firstReceivedAt?: number;
  /** Why the last delivery failed, when the receiver said (kept when moved to the DLQ). */
  lastError?: string;
  /** Every distinct reason a delivery of it failed with, oldest first. */
  failures?: string[];
}

/** A message handed to a receiver, with the receipt that deletes it. */
export interface Received {
  readonly message: QueueMessage;
  readonly receiptHandle: string;
}

export interface LocalQueueOptions {
  readonly name: string;
  /** How long a received message stays invisible (ms, already time-scaled). */
  readonly visibilityTimeoutMs: number;
  /** Receives before a message moves to the DLQ instead of being delivered again (RedrivePolicy). */
  readonly maxReceiveCount: number;
  /** A message moved to the DLQ: `from` is `queue:<name>`, the payload the message (id, group, receive count, body). */
  readonly onDeadLetter: (letter: DeadLetterEntry) => void;
  readonly now?: () => number;
}

interface Flight {
  readonly message: QueueMessage;
  readonly receiptHandle: string;
  readonly visibleAt: number;
}

/**
 * Why a message is dead-lettered: its last failure, and the other reasons earlier receives failed
 * with, so a poison change whose last receive met an outage (or a crash) still shows its own.
 */
function deadLetterReason(message: QueueMessage): string {
  const last = message.lastError;
  if (last === undefined) return `received ${message.receiveCount} times without being deleted`;
  const earlier = (message.failures ?? []).filter((reason) => reason !== last);
  return earlier.length === 0 ? last : `${last} (earlier receives failed with: ${earlier.join(' | ')})`;
}

/**
 * What every local SQS queue shares: receive with a visibility timeout, delete by receipt, a
 * failed receive left invisible until its timeout ends (no shortcut: Lambda and Pipes do not
 * change the visibility of failed messages), and the redrive policy moving a message whose
 * receive count reached `maxReceiveCount` to the DLQ with the last failure reason. How waiting
 * messages are kept and which may be delivered (FIFO groups) is the subclass's.
 */
export abstract class LocalQueue {
  private readonly inFlight = new Map<string, Flight>();
  private readonly listeners = new Set<() => void>();
  private sequence = 0n;
  protected readonly now: () => number;

  constructor(protected readonly options: LocalQueueOptions) {
    this.now = options.now ?? Date.now;
  }

  abstract readonly fifo: boolean;
  /** Waiting messages that may be delivered now, in delivery order. */
  protected abstract deliverable(): Iterable<QueueMessage>;
  /** Removes a waiting message (it is being received or dead-lettered). */
  protected abstract remove(message: QueueMessage): void;
  /** Puts messages whose visibility timeout ended back among the waiting ones (in send order). */
  protected abstract requeue(messages: readonly QueueMessage[]): void;
  /** How many messages wait (not in flight). */
  protected abstract get waiting(): number;
  /** The oldest waiting message's sentAt, or undefined. */
  protected abstract oldestWaitingSentAt(): number | undefined;
  /** Every waiting message (for bookkeeping queries). */
  protected abstract waitingMessages(): Iterable<QueueMessage>;
  /**
   * A message moved back in by a DLQ redrive (`StartMessageMoveTask`): a new message id and a
   * receive count of 0; a FIFO queue keeps its group and deduplication id and does not drop it as
   * a duplicate (the redrive is asked for). Returns the new message id.
   */
  abstract moveIn(message: {
    readonly body: string;
    readonly groupId?: string;
    readonly deduplicationId?: string;
  }): string;
  /** A received message was deleted (FIFO: its group may be delivered again). */
  protected deleted(message: QueueMessage): void {
    void message;
  }

  get name(): string {
    return this.options.name;
  }

  /** Up to `max` deliverable messages; each one over `maxReceiveCount` goes to the DLQ instead. */
  receive(max: number): Received[] {
    this.expireVisibility();
    const out: Received[] = [];
    for (const message of this.deliverable()) {
      if (out.length >= max) break;
      this.remove(message);
      if (message.receiveCount >= this.options.maxReceiveCount) {
        this.deadLetter(message);
        continue;
      }
      message.receiveCount += 1;
      message.firstReceivedAt ??= this.now();
      const receiptHandle = randomUUID();
      const visibleAt = this.now() + this.options.visibilityTimeoutMs;
      this.inFlight.set(receiptHandle, { message, receiptHandle, visibleAt });
      out.push({ message, receiptHandle });
    }
    return out;
  }

  /** Deletes a received message (the ack). False when the receipt is no longer valid. */
  delete(receiptHandle: string): boolean {
    const flight = this.inFlight.get(receiptHandle);
    if (!flight) return false;
    this.inFlight.delete(receiptHandle);
    this.deleted(flight.message);
    return true;
  }

  /**
   * Records why a received message failed. It stays invisible until its visibility timeout ends
   * (as after a failed Lambda invocation or Pipe batch), then is delivered again.
   */
  fail(receiptHandle: string, reason: string): void {
    const flight = this.inFlight.get(receiptHandle);
    if (!flight) return;
    flight.message.lastError = reason;
    const failures = (flight.message.failures ??= []);
    if (!failures.includes(reason)) failures.push(reason);
  }

  /**
   * Moves a received message to the DLQ at once with `reason`: what a handler does with a
   * permanent failure (oversized, malformed) instead of letting it be retried `maxReceiveCount`
   * times. The message is gone from this queue, so its FIFO group is free at once. False when the
   * receipt is no longer valid.
   */
  deadLetterNow(receiptHandle: string, reason: string): boolean {
    const flight = this.inFlight.get(receiptHandle);
    if (!flight) return false;
    this.inFlight.delete(receiptHandle);
    this.deleted(flight.message);
    flight.message.lastError = reason;
    this.deadLetter(flight.message);
    return true;
  }

  /** Messages waiting plus in flight. */
  get depth(): number {
    return this.waiting + this.inFlight.size;
  }

  /** Messages received and neither deleted nor visible again. */
  get inFlightCount(): number {
    return this.inFlight.size;
  }

  /** Age (ms) of the oldest message waiting or in flight, 0 when empty. */
  oldestAgeMs(): number {
    let oldest = this.oldestWaitingSentAt() ?? Infinity;
    for (const { message } of this.inFlight.values()) oldest = Math.min(oldest, message.sentAt);
    return oldest === Infinity ? 0 : this.now() - oldest;
  }

  /** Ms until the next in-flight message becomes visible again, or undefined. */
  nextVisibilityMs(): number | undefined {
    let next = Infinity;
    for (const { visibleAt } of this.inFlight.values()) next = Math.min(next, visibleAt);
    return next === Infinity ? undefined : Math.max(0, next - this.now());
  }

  /** The smallest `origin` of any message waiting or in flight (local checkpoint bookkeeping). */
  minOrigin(): number | undefined {
    let min = Infinity;
    for (const message of this.waitingMessages()) min = Math.min(min, message.origin ?? Infinity);
    for (const { message } of this.inFlight.values()) min = Math.min(min, message.origin ?? Infinity);
    return min === Infinity ? undefined : min;
  }

  /** Called after every accepted send. Returns the unsubscribe function. */
  onMessage(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A new message's common fields. */
  protected newMessage(body: string, extra: Partial<QueueMessage> = {}): QueueMessage {
    return {
      messageId: randomUUID(),
      body,
      sentAt: this.now(),
      sequenceNumber: String((this.sequence += 1n)).padStart(20, '0'),
      receiveCount: 0,
      ...extra,
    };
  }

  protected notify(): void {
    for (const listener of this.listeners) listener();
  }

  private deadLetter(message: QueueMessage): void {
    this.options.onDeadLetter({
      from: `queue:${this.options.name}`,
      reason: deadLetterReason(message),
      movedAt: new Date(this.now()).toISOString(),
      payload: {
        messageId: message.messageId,
        ...(message.groupId === undefined ? {} : { groupId: message.groupId }),
        ...(message.deduplicationId === undefined ? {} : { deduplicationId: message.deduplicationId }),
        receiveCount: message.receiveCount,
        body: message.body,
      },
    });
  }

  private expireVisibility(): void {
    const now = this.now();
    const returning: QueueMessage[] = [];
    for (const [receipt, flight] of this.inFlight)
      if (flight.visibleAt <= now) {
        this.inFlight.delete(receipt);
        returning.push(flight.message);
      }
    if (returning.length === 0) return;
    returning.sort((a, b) => (a.sequenceNumber < b.sequenceNumber ? -1 : 1));
    this.requeue(returning);
  }
}
