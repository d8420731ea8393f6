import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DevError } from '../errors';
import { createDataDir } from './create-data-dir';

describe('Function: createDataDir', () => {
  const root = mkdtempSync(join(tmpdir(), 'outflow-cli-data-dir-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('creates the directory and its missing parents', () => {
    createDataDir(join(root, 'a', 'b', 'c'));
    expect(existsSync(join(root, 'a', 'b', 'c'))).toBe(true);
  });

  it('says in one paragraph that a file stands in the way, naming the directory', () => {
    writeFileSync(join(root, 'file'), '');
    const dir = join(root, 'file', 'x');
    expect(() => createDataDir(dir)).toThrow(DevError);
    expect(() => createDataDir(dir)).toThrow(
      new RegExp(
        `^The data directory ${dir} is not writable \\(ENOTDIR: not a directory.*--data-dir <dir>\\.$`,
      ),
    );
  });

  it('fails at once where the file system refuses new directories (/proc), instead of retrying for ever', () => {
    expect(() => createDataDir('/proc/outflow-nope/x')).toThrow(
      /^The data directory \/proc\/outflow-nope\/x is not writable/,
    );
  });
});
