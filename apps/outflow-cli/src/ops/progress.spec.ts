import { Writable } from 'node:stream';
import { createProgress, formatDuration, progressLine } from './progress';

/** A stream that keeps what is written (a fake terminal when `isTTY`). */
const capture = (isTTY: boolean) => {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  }) as unknown as NodeJS.WriteStream;
  Object.assign(stream, {
    isTTY,
    columns: 120,
    cursorTo: () => true,
    clearLine: () => true,
    moveCursor: () => true,
  });
  return { stream, text: () => chunks.join('') };
};

describe('progress', () => {
  it('formats a line with count, share, rate and ETA', () => {
    expect(progressLine('backfill legacy-rdb', 500, 2000, 10_000, 'rows')).toBe(
      'backfill legacy-rdb: 500/2000 rows (25%), 50 rows/s, ETA 30 s',
    );
    expect(progressLine('scan', 10, undefined, 2000, 'rows')).toBe('scan: 10 rows, 5 rows/s');
    expect(formatDuration(185)).toBe('3 min 5 s');
    expect(formatDuration(7500)).toBe('2 h 5 min');
  });

  it('prints plain timestamped lines at most every interval, and one at the end, when not a terminal', () => {
    let now = 0;
    const out = capture(false);
    const progress = createProgress({
      json: false,
      unit: 'rows',
      stream: out.stream,
      lineIntervalMs: 1000,
      now: () => now,
    });
    progress.start('backfill', 100);
    now = 500;
    progress.update(10);
    now = 1000;
    progress.update(20);
    now = 1500;
    progress.update(60);
    progress.stop(); // the final count, once
    now = 2000;
    progress.start('backfill', 100);
    now = 4000;
    progress.update(120);
    progress.stop(); // already printed: not again
    const lines = out.text().trim().split('\n');
    expect(lines).toEqual([
      '1970-01-01T00:00:01.000Z backfill: 20/100 rows (20%), 20 rows/s, ETA 4 s',
      '1970-01-01T00:00:01.500Z backfill: 60/100 rows (60%), 40 rows/s, ETA 1 s',
      '1970-01-01T00:00:04.000Z backfill: 120/120 rows (100%), 60 rows/s, ETA 0 s',
    ]);
  });

  it('draws a cli-progress bar with rate and ETA on a terminal', () => {
    const out = capture(true);
    const progress = createProgress({ json: false, unit: 'rows', stream: out.stream });
    progress.start('backfill', 10);
    progress.update(5);
    progress.stop();
    expect(out.text()).toMatch(/backfill \[.*\] \d+% \| 5\/10 rows \| \d+ rows\/s \| ETA/);
  });

  it('prints nothing with --json', () => {
    const out = capture(false);
    const progress = createProgress({ json: true, unit: 'rows', stream: out.stream });
    progress.start('backfill', 10);
    progress.update(10);
    progress.stop();
    expect(out.text()).toBe('');
  });
});
