import type { LocalQueue } from '../queue/local-queue';

/** How long an idle worker waits at most before receiving again (SQS long polling returns sooner). */
const IDLE_WAIT_MS = 200;

export interface WorkersOptions<T> {
  /** Workers receiving and running at once. */
  readonly count: number;
  /** Woken when a message arrives; its visibility timeouts pace idle workers. */
  readonly queue: LocalQueue;
  /** Receives the next unit of work; empty when there is none. */
  readonly take: () => T[] | Promise<T[]>;
  readonly run: (work: T[]) => Promise<void>;
}

/**
 * `count` loops each receiving from a queue and running what they received: the pollers of an
 * event source mapping or a Pipe. Idle loops sleep until a message is sent or an in-flight
 * message becomes visible again (at most {@link IDLE_WAIT_MS}).
 */
export class Workers<T> {
  running = false;
  private loops: Promise<void>[] = [];
  private readonly sleepers = new Set<() => void>();
  private unlisten: (() => void) | undefined;

  constructor(private readonly options: WorkersOptions<T>) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.unlisten = this.options.queue.onMessage(() => this.wakeAll());
    this.loops = Array.from({ length: this.options.count }, () => this.loop());
  }

  /** Stops receiving; resolves when the work in flight has finished. */
  async stop(): Promise<void> {
    this.running = false;
    this.wakeAll();
    await Promise.all(this.loops);
    this.unlisten?.();
  }

  private async loop(): Promise<void> {
    while (this.running) {
      const work = await this.options.take();
      if (work.length > 0) await this.options.run(work);
      else await this.idle();
    }
  }

  private idle(): Promise<void> {
    const next = this.options.queue.nextVisibilityMs();
    return new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, Math.min(next ?? IDLE_WAIT_MS, IDLE_WAIT_MS));
      this.sleepers.add(wake);
    });
  }

  private wakeAll(): void {
    for (const wake of [...this.sleepers]) wake();
  }
}
