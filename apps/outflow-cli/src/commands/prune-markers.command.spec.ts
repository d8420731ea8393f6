import type { CliIo } from '../cli/command';
import { parseDuration } from '../cli/arguments';
import { pruneMarkersCommand } from './prune-markers.command';

const capture = () => {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (text) => out.push(text), err: (text) => err.push(text) };
  return { io, out, err };
};

describe('Command: prune-markers', () => {
  it('prints its help for --help, with the default retention of 35 days', async () => {
    const { io, out } = capture();
    expect(await pruneMarkersCommand.run(['--help'], io)).toBe(0);
    expect(out[0]).toContain('Usage: outflow prune-markers [--older-than 35d]');
  });

  it.each([
    [
      ['--older-than', '35'],
      '--older-than must be a whole number of days or hours like 35d or 12h, got "35"',
    ],
    [['--older-than', '0d'], '--older-than must be a whole number of days or hours'],
    [['--batch-size', '0'], '--batch-size must be an integer from 1 to 100000, got "0"'],
    [
      ['--database-url', 'postgresql://x', '--pglite-dir', '/tmp/x'],
      'give --database-url or --pglite-dir, not both',
    ],
    [['--nope'], "Unknown option '--nope'"],
  ])('exits 2 for %j, naming the flag', async (args, message) => {
    // Prepare
    const { io, err } = capture();
    // Act
    const code = await pruneMarkersCommand.run(args, io);
    // Assess
    expect(code).toBe(2);
    expect(err[0]).toContain(message);
  });

  it('exits 1 and says what to do when the embedded database does not exist', async () => {
    const { io, err } = capture();
    expect(await pruneMarkersCommand.run(['--pglite-dir', '/nonexistent/outflow/legacy-db'], io)).toBe(1);
    expect(err[0]).toContain(
      'no embedded legacy database in /nonexistent/outflow/legacy-db: run `npm start` once',
    );
  });
});

describe('Function: parseDuration', () => {
  it('reads days and hours as milliseconds', () => {
    expect([parseDuration('older-than', '35d'), parseDuration('older-than', '12h')]).toEqual([
      35 * 86_400_000,
      12 * 3_600_000,
    ]);
  });
});
