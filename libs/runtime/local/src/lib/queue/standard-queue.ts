import { LocalQueue, type QueueMessage } from './local-queue';

/**
 * An SQS standard queue: at-least-once delivery, best-effort order, no message groups (nothing
 * blocks anything else), the visibility timeout and the redrive policy of {@link LocalQueue}.
 * Locally a message is delivered once per receive (SQS may occasionally deliver it twice; the
 * bus's `duplicateRate` fault covers duplicates). A message visible again goes back in send order.
 */
export class LocalStandardQueue extends LocalQueue {
  readonly fifo = false;
  private messages: QueueMessage[] = [];

  /** SendMessage: returns the message id. */
  send(input: { body: string; origin?: number }): string {
    const message = this.newMessage(input.body, input.origin === undefined ? {} : { origin: input.origin });
    this.messages.push(message);
    this.notify();
    return message.messageId;
  }

  moveIn(message: { readonly body: string }): string {
    return this.send({ body: message.body });
  }

  protected *deliverable(): Iterable<QueueMessage> {
    // Lazily, without copying the backlog: `receive` takes at most `max` and removes each message it
    // takes (the next one moves up to `index`), so a receive costs O(max), not O(waiting).
    let index = 0;
    while (index < this.messages.length) {
      const message = this.messages[index] as QueueMessage;
      yield message;
      if (this.messages[index] === message) index += 1;
    }
  }

  protected remove(message: QueueMessage): void {
    const index = this.messages.indexOf(message);
    // The head (what `receive` takes) leaves with shift(), which V8 does in O(1) (left-trimming).
    if (index === 0) this.messages.shift();
    else if (index > 0) this.messages.splice(index, 1);
  }

  protected requeue(messages: readonly QueueMessage[]): void {
    this.messages = [...messages, ...this.messages].sort((a, b) =>
      a.sequenceNumber < b.sequenceNumber ? -1 : 1,
    );
  }

  protected get waiting(): number {
    return this.messages.length;
  }

  protected oldestWaitingSentAt(): number | undefined {
    return this.messages[0]?.sentAt;
  }

  protected waitingMessages(): Iterable<QueueMessage> {
    return this.messages;
  }
}
