import { outflowTopology } from '@outflow/topology';
import { UsageError } from '../errors';
import { integerOption, parseOpsArgs } from './options';

const parse = (...args: string[]) => parseOpsArgs(args, { segments: { type: 'string' } }, outflowTopology);
const names = (args: string[]) => parse(...args).targets.map((t) => t.name);

describe('Function: parseOpsArgs', () => {
  it('resolves --target against the topology: one subscription, or every one with all', () => {
    expect(names(['--target', 'legacy-rdb'])).toEqual(['legacy-rdb']);
    expect(names(['--target', 'all'])).toEqual(outflowTopology.subscriptions.map((s) => s.name));
  });

  it('names the valid targets when --target is missing or unknown', () => {
    const valid = `one of ${[...outflowTopology.subscriptions.map((s) => s.name), 'all'].join(', ')}`;
    expect(() => parse()).toThrow(`--target is required: ${valid}`);
    expect(() => parse('--target', 'crm')).toThrow(
      `--target "crm" is not a subscription of the topology: use ${valid}`,
    );
  });

  it('is local mode without --stage (with --data-dir when given) and AWS mode with it', () => {
    expect(parse('--target', 'all').mode).toEqual({ kind: 'local' });
    expect(parse('--target', 'all', '--data-dir', '/tmp/x').mode).toEqual({
      kind: 'local',
      dataDir: '/tmp/x',
    });
    expect(
      parse('--target', 'all', '--stage', 'prod', '--region', 'eu-west-1', '--profile', 'ops').mode,
    ).toEqual({
      kind: 'aws',
      stage: 'prod',
      region: 'eu-west-1',
      profile: 'ops',
    });
  });

  it.each([
    [['--region', 'eu-west-1'], '--region needs --stage <stage> (AWS mode)'],
    [['--profile', 'ops'], '--profile needs --stage <stage> (AWS mode)'],
    [
      ['--stage', 'prod', '--data-dir', 'x'],
      '--data-dir (local mode) and --stage (AWS mode) exclude each other',
    ],
    [['--stage', 'a b'], '--stage must hold letters, digits and "-"'],
    [
      ['--stage', 'prod', '--region', 'Ireland'],
      '--region must be an AWS Region such as eu-west-1, got "Ireland"',
    ],
    [['--bogus'], "Unknown option '--bogus'"],
    [['stray'], "Unexpected argument 'stray'"],
  ])('refuses %j with a UsageError saying why', (extra, message) => {
    const attempt = () => parse('--target', 'all', ...extra);
    expect(attempt).toThrow(UsageError);
    expect(attempt).toThrow(message);
  });

  it('parses the command’s own flags and --json, and checks nothing else with --help', () => {
    const options = parse('--target', 'search', '--segments', '4', '--json');
    expect(options.values.segments).toBe('4');
    expect(options.json).toBe(true);
    expect(parse('--help').help).toBe(true);
  });
});

describe('Function: integerOption', () => {
  it('gives the value, the fallback, or a UsageError naming the flag and range', () => {
    expect(integerOption({ rate: '50' }, 'rate', { min: 1, max: 100 })).toBe(50);
    expect(integerOption({}, 'rate', { min: 1, max: 100 })).toBeUndefined();
    expect(integerOption({}, 'segments', { min: 1, max: 100 }, 4)).toBe(4);
    expect(() => integerOption({ rate: '0' }, 'rate', { min: 1, max: 100 })).toThrow(
      '--rate must be an integer from 1 to 100, got "0"',
    );
    expect(() => integerOption({ rate: '2.5' }, 'rate', { min: 1, max: 100 })).toThrow('got "2.5"');
  });
});
