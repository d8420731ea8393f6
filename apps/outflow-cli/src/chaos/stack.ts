import type { RuntimeStats } from '@outflow/runtime-local';
import { fork, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import type { StackCommand, StackConfig, StackReport } from './stack-protocol';

const CLI_DIR = join(__dirname, '../..');

/** The faults a stack's runtime injected, summed over its lives (a kill loses nothing counted before the last report). */
export interface InjectedByRuntime {
  duplicates: number;
  holds: number;
  crashes: number;
  /** DynamoDB requests of the stores answered with a throttling error. */
  throttled: number;
}

/**
 * The suite's handle on the stack process (stack-process.ts): starts it, kills it with SIGKILL,
 * starts it again on the same data dir, waits for it to be idle, stops it. Its output goes to
 * `<data dir>/stack.log`.
 */
export class ChaosStack {
  private child: ChildProcess | undefined;
  private lives = 0;
  private ready = false;
  private readyWaiters: (() => void)[] = [];
  private throttleUntil = 0;
  private last: Extract<StackReport, { type: 'stats' }> | undefined;
  /** Store clients the stack could throttle (0: no subscription keeps its store in DynamoDB). */
  throttleClients = 0;
  private readonly waiting = new Map<StackReport['type'], (report: StackReport) => void>();
  readonly injected: InjectedByRuntime = { duplicates: 0, holds: 0, crashes: 0, throttled: 0 };
  kills = 0;

  constructor(
    private readonly config: Omit<StackConfig, 'randomSeed'>,
    private readonly seed: number,
  ) {}

  get logFile(): string {
    return join(this.config.dataDir, 'stack.log');
  }

  /** Failed starts retried (e.g. a start while PostgreSQL is unreachable), as a supervisor retries. */
  failedStarts = 0;

  /**
   * Starts the stack, again after a failed start (what a supervisor does: `npm start` refuses to
   * start while its database is unreachable), up to `attempts` times, 500 ms apart.
   */
  async start(attempts = 20): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.startOnce();
      } catch (error) {
        if (attempt >= attempts) throw error;
        this.failedStarts += 1;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  }

  private async startOnce(): Promise<void> {
    this.lives += 1;
    const config: StackConfig = { ...this.config, randomSeed: this.seed * 1000 + this.lives };
    const log = openSync(this.logFile, 'a');
    const child = fork(join(__dirname, 'stack-process.ts'), [], {
      cwd: CLI_DIR,
      execArgv: ['--require', 'tsx/cjs'],
      env: {
        ...process.env,
        TSX_TSCONFIG_PATH: join(CLI_DIR, 'tsconfig.json'),
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        LOG_LEVEL: 'error',
        OUTFLOW_CHAOS_STACK: JSON.stringify(config),
      },
      stdio: ['ignore', log, log, 'ipc'],
    });
    closeSync(log);
    this.child = child;
    this.last = undefined;
    child.on('message', (report: StackReport) => this.receive(report));
    const exited = new Promise<never>((_, reject) =>
      child.once('exit', (code, signal) =>
        reject(
          new Error(`the stack process exited (${signal ?? code}) before it was ready; see ${this.logFile}`),
        ),
      ),
    );
    exited.catch(() => undefined);
    await Promise.race([this.next('ready'), exited]);
    this.ready = true;
    for (const wake of this.readyWaiters.splice(0)) wake();
    const left = this.throttleUntil - Date.now();
    if (left > 0) this.command({ type: 'throttle', ms: left });
  }

  private receive(report: StackReport): void {
    if (report.type === 'stats') {
      this.last = report;
      this.throttleClients = Math.max(this.throttleClients, report.throttleClients);
    }
    if (report.type === 'failed') this.waiting.get('ready')?.(report);
    this.waiting.get(report.type)?.(report);
  }

  private next(type: StackReport['type']): Promise<StackReport> {
    return new Promise((resolve, reject) =>
      this.waiting.set(type, (report) => {
        this.waiting.delete(type);
        if (report.type === 'failed') reject(new Error(`the stack process failed: ${report.message}`));
        else resolve(report);
      }),
    );
  }

  private command(command: StackCommand): void {
    this.child?.send(command);
  }

  /** Adds what the life that ends now injected. */
  private count(): void {
    if (!this.last) return;
    const { stats, throttled } = this.last;
    this.injected.duplicates += stats.bus.duplicatesInjected;
    this.injected.holds += stats.bus.holdsInjected;
    this.injected.throttled += throttled;
    for (const sub of Object.values(stats.subscriptions)) this.injected.crashes += sub.crashesInjected;
    this.last = undefined;
  }

  /** Resolves at once when the stack is running, else once it is (restarted and) ready. */
  whenReady(): Promise<void> {
    if (this.ready) return Promise.resolve();
    return new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  /**
   * Throttles the stores' DynamoDB requests for `ms`; a stack down or starting gets the rest of
   * the window once it is ready.
   */
  throttle(ms: number): void {
    this.throttleUntil = Date.now() + ms;
    if (this.ready) this.command({ type: 'throttle', ms });
  }

  /** SIGKILL: nothing is flushed, nothing is stopped cleanly. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    this.ready = false;
    child.kill('SIGKILL');
    await exited;
    this.kills += 1;
    this.count();
    this.child = undefined;
  }

  /** Resolves once the runtime is idle (streams read, every queue empty); throws after `timeoutMs`. */
  async idle(timeoutMs: number): Promise<void> {
    const answer = this.next('idle');
    this.command({ type: 'idle', quietMs: 600, timeoutMs });
    const report = await answer;
    if (report.type === 'idle' && report.error) throw new Error(report.error);
  }

  /** Stops the stack cleanly (what Ctrl-C does) and waits for the process to exit. */
  async stop(): Promise<RuntimeStats | undefined> {
    const child = this.child;
    if (!child || child.exitCode !== null) return undefined;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    this.ready = false;
    this.command({ type: 'stop' });
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    await exited;
    clearTimeout(timer);
    const last = this.last?.stats;
    this.count();
    this.child = undefined;
    return last;
  }
}
