import type { RuntimeStats } from '@outflow/runtime-local';
import { StatusConsole } from './status-console';
import { formatStatus } from './status-line';

const stats = (read: number): RuntimeStats => ({
  timeScale: 1,
  sources: { orders: { read, sent: read, filteredOut: 0, retries: 0, deadLettered: 0 } },
  bus: {
    events: read,
    deliveries: read,
    duplicatesInjected: 0,
    holdsInjected: 0,
    retries: 0,
    deadLettered: 0,
  },
  subscriptions: {},
  deadLetters: 0,
  deadLetterQueues: [],
});

/** A terminal (or a pipe) and the process's stdout/stderr, all writing to one screen transcript. */
function screen(isTTY: boolean) {
  let text = '';
  const stream = { isTTY, write: (chunk: string) => ((text += chunk), true) };
  const io = { out: (line: string) => (text += `${line}\n`), err: (line: string) => (text += `${line}\n`) };
  return { stream, io, text: () => text };
}

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('Class: StatusConsole', () => {
  it('on a terminal, clears the status line before a warning, prints it on its own line, and redraws the status below', async () => {
    // Prepare
    const { stream, io, text } = screen(true);
    const console = new StatusConsole(io, stream, 5);
    const stop = console.start(() => stats(4));
    await tick(30);
    // Act
    console.err('warning: the consumer is slow');
    stop();
    // Assess
    const status = formatStatus(stats(4));
    expect(text()).toContain(`\r\x1b[2K${status}\r\x1b[2Kwarning: the consumer is slow\n${status}`);
    expect(text()).not.toMatch(/lag \d+\.\d s ?warning/);
    expect(text().endsWith('\n')).toBe(true);
  });

  it('on a terminal, routes what handlers log through console around the status line, and restores console on stop', async () => {
    // Prepare
    const { stream, io, text } = screen(true);
    const original = console.warn;
    const captured = jest.fn((line: string) => io.err(line));
    console.warn = captured;
    try {
      const statusConsole = new StatusConsole(io, stream, 5);
      const stop = statusConsole.start(() => stats(2));
      await tick(30);
      // Act
      console.warn('{"level":"warn","message":"change not applied"}');
      stop();
      // Assess
      const status = formatStatus(stats(2));
      expect(text()).toContain(
        `${status}\r\x1b[2K{"level":"warn","message":"change not applied"}\n${status}`,
      );
      expect(console.warn).toBe(captured);
    } finally {
      console.warn = original;
    }
  });

  it('prints log lines straight through before the status line starts and after it stops', () => {
    const { stream, io, text } = screen(true);
    const console = new StatusConsole(io, stream, 5);
    console.out('starting');
    console.start(() => stats(0))();
    console.out('stopped');
    expect(text()).toBe('starting\nstopped\n');
  });

  it('elsewhere, writes the status as a plain timestamped line only when it changed, and never clears lines', async () => {
    const { stream, io, text } = screen(false);
    const console = new StatusConsole(io, stream, 5);
    const stop = console.start(() => stats(1));
    await tick(40);
    console.err('warning: x');
    stop();
    expect(text().match(/changes read 1 /g)).toHaveLength(1);
    expect(text()).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z changes read 1 .*\nwarning: x\n$/);
    expect(text()).not.toContain('\x1b');
  });
});
