import { monthlyCost, outflowTopology } from '@outflow/topology';
import { main } from '../main';

const run = async (...args: string[]) => {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['cost', ...args], { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
};

describe('Command: outflow cost', () => {
  it('prints the monthly total, each downstream, the mode/batch comparison and the assumptions', async () => {
    const { code, out } = await run('--changes-per-day', '100000');
    expect(code).toBe(0);
    const lines = out.split('\n');
    expect(lines[0]).toBe(
      'Outflow on AWS at 100,000 changes a day (3,041,667 a month of 30.42 days): $22.18 a month',
    );
    expect(out).toContain('legacy-rdb (per-aggregate, batches of 10): $4.77 a month');
    expect(out).toContain('search (unordered, batches of 10): $1.72 a month');
    expect(lines).toContainEqual(
      expect.stringMatching(/^ {2}legacy-rdb +per-aggregate +\$9\.88 +\$4\.77 \(now\) +— \(FIFO ≤ 10\)$/),
    );
    expect(out).toContain("  - not verified on AWS's pages: the source Pipe's stream reads are billed");
  });

  it('prints the same estimate as JSON with --json', async () => {
    const { code, out } = await run('--changes-per-day', '5000', '--event-size-kb', '100', '--json');
    expect(code).toBe(0);
    expect(JSON.parse(out)).toEqual(
      JSON.parse(
        JSON.stringify(
          monthlyCost(outflowTopology, {
            changesPerDay: 5000,
            eventSizeKb: 100,
            batchDurationMs: 100,
            streamShards: 1,
          }),
        ),
      ),
    );
  });

  it.each([
    [[], '--changes-per-day is required'],
    [['--changes-per-day', 'many'], '--changes-per-day must be a number ≥ 0, got "many"'],
    [['--changes-per-day', '10', '--shards', '0'], '--shards must be a number ≥ 1, got "0"'],
    [['--changes-per-day', '10', '--region', 'x'], "Unknown option '--region'"],
  ])('exits 2 with usage for %j', async (args, message) => {
    const { code, err } = await run(...args);
    expect(code).toBe(2);
    expect(err).toContain(`outflow cost: ${message}`);
    expect(err).toContain('Usage: outflow cost --changes-per-day <n>');
  });

  it('prints its help with --help', async () => {
    const { code, out } = await run('--help');
    expect(code).toBe(0);
    expect(out).toMatch(/^Usage: outflow cost/);
  });
});
