import type { CliIo, Command } from './cli/command';
import { COMMANDS, main } from './main';

const capture = () => {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (text) => out.push(text), err: (text) => err.push(text) };
  return { io, out, err };
};

const echo: Command = {
  name: 'echo',
  summary: 'prints its arguments',
  usage: 'Usage: outflow echo <words>',
  run: async (args, io) => {
    io.out(args.join(' '));
    return 0;
  },
};

describe('Function: main', () => {
  it('routes to the named command with the remaining arguments', async () => {
    // Prepare
    const { io, out } = capture();
    // Act
    const code = await main(['echo', 'a', 'b'], io, [echo]);
    // Assess
    expect([code, out]).toEqual([0, ['a b']]);
  });

  it('prints the command list for --help', async () => {
    const { io, out } = capture();
    expect(await main(['--help'], io, [echo])).toBe(0);
    expect(out[0]).toContain('  echo  prints its arguments');
  });

  it.each([
    [['nope'], 'outflow: unknown command "nope"'],
    [[], 'outflow: no command given'],
  ])('exits 2 with usage for %j', async (argv, message) => {
    const { io, err } = capture();
    expect(await main(argv, io, [echo])).toBe(2);
    expect(err[0]).toContain(message);
    expect(err[0]).toContain('Usage: outflow <command> [options]');
  });

  it('knows the dev, show, event-pattern, input-template, prune-markers, migrate, backfill, reconcile, cost, dlq, replay and status commands', () => {
    expect(COMMANDS.map((command) => command.name)).toEqual([
      'dev',
      'show',
      'test-event-pattern',
      'render-input-template',
      'prune-markers',
      'migrate',
      'backfill',
      'reconcile',
      'cost',
      'dlq',
      'replay',
      'status',
    ]);
  });
});
