import type { CliIo } from '../cli/command';
import { devCommand } from './dev.command';

const capture = () => {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (text) => out.push(text), err: (text) => err.push(text) };
  return { io, out, err };
};

describe('Command: dev', () => {
  it.each(['fast', '0', '5'])(
    'refuses --time-scale %s with the accepted range and the usage',
    async (value) => {
      const { io, err } = capture();
      expect(await devCommand.run(['--time-scale', value], io)).toBe(2);
      expect(err[0]).toContain(
        `outflow dev: --time-scale "${value}": time scale must be a number from 0.001 to 1`,
      );
      expect(err[0]).toContain('Usage: outflow dev [--port <n>] [--data-dir <dir>] [--time-scale <factor>]');
    },
  );

  it('documents --time-scale in its help', async () => {
    const { io, out } = capture();
    expect(await devCommand.run(['--help'], io)).toBe(0);
    expect(out[0]).toContain("--time-scale <f>   run AWS's timers × f, 0.001–1 (default 1 = AWS time)");
  });

  it('names OUTFLOW_PORT, not --port, when the environment holds a bad port', async () => {
    const saved = process.env['OUTFLOW_PORT'];
    process.env['OUTFLOW_PORT'] = 'x';
    try {
      const { io, err } = capture();
      expect(await devCommand.run([], io)).toBe(2);
      expect(err[0]).toBe('outflow dev: OUTFLOW_PORT must be a port number from 0 to 65535, got "x"');
    } finally {
      if (saved === undefined) delete process.env['OUTFLOW_PORT'];
      else process.env['OUTFLOW_PORT'] = saved;
    }
  });

  it('names --port when the flag holds a bad port', async () => {
    const { io, err } = capture();
    expect(await devCommand.run(['--port', '70000'], io)).toBe(2);
    expect(err[0]).toBe('outflow dev: --port must be a port number from 0 to 65535, got "70000"');
  });
});
