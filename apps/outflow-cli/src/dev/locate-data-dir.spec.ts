import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { locateDataDir } from './locate-data-dir';
import { listRunning, registerRunning } from './running-registry';

describe('Function: locateDataDir', () => {
  const root = mkdtempSync(join(tmpdir(), 'outflow-cli-locate-'));
  const registry = join(root, 'running');
  const defaultDir = join(root, '.outflow');
  const saved = process.env['OUTFLOW_RUNNING_DIR'];
  beforeEach(() => {
    rmSync(registry, { recursive: true, force: true });
    rmSync(defaultDir, { recursive: true, force: true });
    process.env['OUTFLOW_RUNNING_DIR'] = registry;
  });
  afterAll(() => {
    if (saved === undefined) delete process.env['OUTFLOW_RUNNING_DIR'];
    else process.env['OUTFLOW_RUNNING_DIR'] = saved;
    rmSync(root, { recursive: true, force: true });
  });

  it('takes --data-dir as given', () => {
    expect(locateDataDir('somewhere', defaultDir, root)).toBe(join(process.cwd(), 'somewhere'));
  });

  it('says no npm start was found in the default dir and to pass --data-dir', () => {
    expect(() => locateDataDir(undefined, defaultDir, root)).toThrow(
      `no \`npm start\` found in ${defaultDir} (none runs, and it holds no data); if it runs with --data-dir <dir>, pass the same --data-dir`,
    );
  });

  it('finds the one npm start of this checkout running on another data dir, and forgets it once stopped', () => {
    const unregister = registerRunning(join(root, 'elsewhere'), root);
    registerRunningAs(999_999_999, join(root, 'gone'), root); // a process that no longer runs
    expect(locateDataDir(undefined, defaultDir, root)).toBe(join(root, 'elsewhere'));
    expect(readdirSync(registry)).toEqual([`${process.pid}.json`]);
    expect(listRunning(join(root, 'another-checkout'))).toEqual([]);
    unregister();
    expect(listRunning(root)).toEqual([]);
  });

  it('removes registrations of processes that are gone when one registers, and the folder when the last one stops', () => {
    registerRunningAs(999_999_998, join(root, 'killed'), join(root, 'another-checkout')); // e.g. kill -9
    const unregister = registerRunning(join(root, 'here'), root);
    expect(readdirSync(registry)).toEqual([`${process.pid}.json`]);
    unregister();
    expect(existsSync(registry)).toBe(false);
  });

  it('keeps the folder while another npm start is registered in it', () => {
    registerRunningAs(process.ppid, join(root, 'b'), root); // another live process
    registerRunning(join(root, 'a'), root)();
    expect(readdirSync(registry)).toEqual([`${process.ppid}.json`]);
  });

  it('asks which one when several run', () => {
    registerRunning(join(root, 'a'), root);
    registerRunningAs(process.ppid, join(root, 'b'), root); // another live process
    expect(() => locateDataDir(undefined, defaultDir, root)).toThrow(
      /^several `npm start` run from this checkout: pass one of --data-dir .*\/[ab], --data-dir .*\/[ab]$/,
    );
  });

  it('falls back to the data kept in the default dir when nothing runs', () => {
    mkdirSync(join(defaultDir, 'dynamodb'), { recursive: true });
    expect(locateDataDir(undefined, defaultDir, root)).toBe(defaultDir);
  });

  /** A registration as another process would write it. */
  function registerRunningAs(pid: number, dataDir: string, repoRoot: string): void {
    mkdirSync(registry, { recursive: true });
    writeFileSync(join(registry, `${pid}.json`), JSON.stringify({ pid, dataDir, repoRoot }));
  }
});
