import { SingleBar } from 'cli-progress';

/** Progress of a long operator command (rows scanned, aggregates compared, …). */
export interface ProgressReporter {
  /** Starts a phase: `total` is an estimate (it grows when `done` passes it) or unknown. */
  start(label: string, total: number | undefined): void;
  /** How many units are done so far in the current phase (absolute, not a delta). */
  update(done: number): void;
  /** Ends the current phase (the bar stays on screen with its final numbers). */
  stop(): void;
}

export interface ProgressOptions {
  /** `--json`: no progress at all (stdout is one JSON document; stderr stays quiet). */
  readonly json: boolean;
  /** What the numbers count, e.g. `rows`. */
  readonly unit: string;
  /** Where progress goes. @default process.stderr */
  readonly stream?: NodeJS.WriteStream;
  /** A bar redrawn in place (a terminal) or plain lines. @default stream.isTTY */
  readonly tty?: boolean;
  /** Plain mode: at most one line per this many ms (plus the final one). @default 5000 */
  readonly lineIntervalMs?: number;
  /** @default Date.now */
  readonly now?: () => number;
}

/** `12 s`, `3 min 5 s`, `2 h 4 min`. @internal Exported for its spec. */
export const formatDuration = (seconds: number): string => {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
};

/** The text of one plain progress line. @internal Exported for its spec. */
export function progressLine(
  label: string,
  done: number,
  total: number | undefined,
  elapsedMs: number,
  unit: string,
): string {
  const rate = elapsedMs > 0 ? (done * 1000) / elapsedMs : 0;
  const of = total === undefined ? '' : `/${total}`;
  const percent = total ? ` (${Math.min(100, Math.floor((done * 100) / total))}%)` : '';
  const eta = total !== undefined && rate > 0 ? `, ETA ${formatDuration((total - done) / rate)}` : '';
  return `${label}: ${done}${of} ${unit}${percent}, ${Math.round(rate)} ${unit}/s${eta}`;
}

class QuietProgress implements ProgressReporter {
  start(): void {}
  update(): void {}
  stop(): void {}
}

/** Plain lines (not a terminal: piped, CI): one every `lineIntervalMs` and one at the end. */
class LineProgress implements ProgressReporter {
  private label = '';
  private total: number | undefined;
  private done = 0;
  private startedAt = 0;
  private lastLineAt = 0;
  private printed = -1;

  constructor(private readonly options: Required<Omit<ProgressOptions, 'tty' | 'json'>>) {}

  start(label: string, total: number | undefined): void {
    this.label = label;
    this.total = total;
    this.done = 0;
    this.printed = -1;
    this.startedAt = this.lastLineAt = this.options.now();
  }

  update(done: number): void {
    this.done = done;
    if (this.total !== undefined && done > this.total) this.total = done;
    const now = this.options.now();
    if (now - this.lastLineAt < this.options.lineIntervalMs) return;
    this.lastLineAt = now;
    this.print(now);
  }

  stop(): void {
    if (this.printed !== this.done) this.print(this.options.now());
  }

  private print(now: number): void {
    this.printed = this.done;
    const line = progressLine(this.label, this.done, this.total, now - this.startedAt, this.options.unit);
    this.options.stream.write(`${new Date(now).toISOString()} ${line}\n`);
  }
}

/** A `cli-progress` bar on a terminal, with rate and ETA, redrawn in place. */
class BarProgress implements ProgressReporter {
  private bar: SingleBar | undefined;
  private startedAt = 0;
  private total = 0;

  constructor(private readonly options: Required<Omit<ProgressOptions, 'tty' | 'json'>>) {}

  start(label: string, total: number | undefined): void {
    this.stop();
    const { unit, stream } = this.options;
    this.bar = new SingleBar({
      format: `${label} [{bar}] {percentage}% | {value}/{total} ${unit} | {rate} ${unit}/s | ETA {eta_formatted}`,
      stream,
      hideCursor: true,
      etaBuffer: 50,
    });
    this.total = total ?? 0;
    this.startedAt = this.options.now();
    this.bar.start(this.total, 0, { rate: 0 });
  }

  update(done: number): void {
    if (!this.bar) return;
    if (done > this.total) this.bar.setTotal((this.total = done));
    const seconds = (this.options.now() - this.startedAt) / 1000;
    this.bar.update(done, { rate: seconds > 0 ? Math.round(done / seconds) : 0 });
  }

  stop(): void {
    this.bar?.stop();
    this.bar = undefined;
  }
}

/**
 * Progress for operator commands: a `cli-progress` bar with rate and ETA on a terminal, a plain
 * timestamped line every few seconds otherwise, nothing with `--json`. Progress goes to stderr,
 * so stdout keeps only the command's result.
 */
export function createProgress(options: ProgressOptions): ProgressReporter {
  if (options.json) return new QuietProgress();
  const stream = options.stream ?? process.stderr;
  const resolved = {
    unit: options.unit,
    stream,
    lineIntervalMs: options.lineIntervalMs ?? 5000,
    now: options.now ?? Date.now,
  };
  return (options.tty ?? stream.isTTY === true) ? new BarProgress(resolved) : new LineProgress(resolved);
}
