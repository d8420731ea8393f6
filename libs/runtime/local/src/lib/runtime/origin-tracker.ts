import { sleep } from '@outflow/core-application';
import { AsyncLocalStorage } from 'node:async_hooks';
import { BatchAbandonedError } from '../errors';

/** Anything holding messages tagged with their origin (a local queue). */
export interface HoldsOrigins {
  minOrigin(): number | undefined;
}

/**
 * Local checkpoint bookkeeping. Each stream batch gets a ticket; the rule targets tag the messages
 * it produces with it (read through AsyncLocalStorage while the batch goes through the Pipe and
 * the bus), the re-keying Pipe carries the tag on, and a batch is settled once no queue holds a
 * message with its ticket or an older one. The stream checkpoint waits for that, so a kill loses
 * nothing while the queues live in memory; reading goes on meanwhile, so a message retried for its
 * visibility timeout does not hold back the stream.
 */
export class OriginTracker {
  private readonly storage = new AsyncLocalStorage<number>();
  private next = 0;

  constructor(
    private readonly queues: () => Iterable<HoldsOrigins>,
    private readonly running: () => boolean,
  ) {}

  /** Runs `work` for a new stream batch; returns the batch's ticket. */
  async track(work: () => Promise<void>): Promise<number> {
    const ticket = (this.next += 1);
    await this.storage.run(ticket, work);
    return ticket;
  }

  /** The ticket of the batch being delivered now (undefined outside {@link track}). */
  current(): number | undefined {
    return this.storage.getStore();
  }

  /**
   * Resolves when no queue holds a message of this batch or an earlier one.
   *
   * @throws BatchAbandonedError when the runtime stops first (the batch is read again next start).
   */
  async settled(ticket: number): Promise<void> {
    for (;;) {
      const pending = [...this.queues()].some((q) => (q.minOrigin() ?? Infinity) <= ticket);
      if (!pending) return;
      if (!this.running()) throw new BatchAbandonedError();
      await sleep(5);
    }
  }
}
