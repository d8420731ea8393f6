import type { RuntimeStats } from '@outflow/runtime-local';
import type { CliIo } from '../cli/command';
import { formatStatus } from './status-line';

/** Where the status line is drawn: a terminal (`isTTY`) or a pipe/file. */
export type StatusStream = Pick<NodeJS.WriteStream, 'write'> & { readonly isTTY?: boolean };

/**
 * `npm start`'s output: log lines and warnings (through `out`/`err`) and the status line. On a
 * terminal the status line is redrawn in place every `intervalMs` (500 ms); every other line
 * clears it first, is printed on a line of its own, and the status line is drawn again below it.
 * Elsewhere (a pipe, a file) the status line is a plain line every 10 s when it changed.
 */
export class StatusConsole implements CliIo {
  private shown = '';
  private last = '';
  private readonly tty: boolean;

  constructor(
    private readonly io: CliIo,
    private readonly stream: StatusStream = process.stdout,
    private readonly intervalMs?: number,
  ) {
    this.tty = stream.isTTY === true;
  }

  out(text: string): void {
    this.around(() => this.io.out(text));
  }

  err(text: string): void {
    this.around(() => this.io.err(text));
  }

  /**
   * Starts drawing the status line from `read()`; returns what stops it (ending the line on a
   * terminal). On a terminal, what the Lambda handlers log through `console` (as they do on AWS)
   * goes around the status line too, until it stops.
   */
  start(read: () => RuntimeStats): () => void {
    const timer = setInterval(
      () => this.draw(formatStatus(read())),
      this.intervalMs ?? (this.tty ? 500 : 10_000),
    );
    timer.unref();
    const restoreConsole = this.tty ? this.wrapConsole() : () => undefined;
    return () => {
      clearInterval(timer);
      restoreConsole();
      if (this.shown) this.stream.write('\n');
      this.shown = '';
    };
  }

  private wrapConsole(): () => void {
    const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;
    const originals = methods.map((name) => [name, console[name]] as const);
    for (const [name, original] of originals)
      console[name] = (...args: unknown[]) => this.around(() => original.apply(console, args));
    return () => {
      for (const [name, original] of originals) console[name] = original;
    };
  }

  private draw(line: string): void {
    if (this.tty) {
      this.stream.write(`\r\x1b[2K${line}`);
      this.shown = line;
    } else if (line !== this.last) this.stream.write(`${new Date().toISOString()} ${line}\n`);
    this.last = line;
  }

  private around(print: () => void): void {
    if (!this.shown) return print();
    this.stream.write('\r\x1b[2K');
    print();
    this.stream.write(this.shown);
  }
}
