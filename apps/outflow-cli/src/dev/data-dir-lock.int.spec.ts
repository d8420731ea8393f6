import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { acquireDataDirLock, type LockRecord } from './data-dir-lock';
import { commandLineOf, isAlive, reapRecorded, recordProcess } from './processes';

const sleeper = (): Promise<ChildProcess> =>
  new Promise((resolve) => {
    const child = spawn('sleep', ['30'], { stdio: 'ignore' });
    child.once('spawn', () => resolve(child));
  });

const exited = (child: ChildProcess) =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise<void>((resolve) => child.once('exit', () => resolve()));

describe('Function: acquireDataDirLock', () => {
  const dirs: string[] = [];
  const children: ChildProcess[] = [];
  const newDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'outflow-lock-'));
    dirs.push(dir);
    return dir;
  };
  const holdBy = (dir: string, record: Partial<LockRecord> & { pid: number; command: string }) =>
    writeFileSync(
      join(dir, 'dev.lock'),
      JSON.stringify({ port: 3000, startedAt: '2026-11-29T10:00:00.000Z', children: [], ...record }),
    );
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await Promise.all(children.map(exited));
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('takes a free data dir, records the API and started processes, and deletes the lock on release', () => {
    const dir = newDir();
    const outcome = acquireDataDirLock(dir, 3000);
    if (outcome.kind !== 'acquired') throw new Error('expected the lock');
    outcome.lock.update({ api: 'http://127.0.0.1:3000' });
    outcome.lock.update({ child: { what: 'DynamoDB Local', pid: 42, command: 'java -jar x' } });
    const record = JSON.parse(readFileSync(join(dir, 'dev.lock'), 'utf8')) as LockRecord;
    expect(record).toMatchObject({
      pid: process.pid,
      port: 3000,
      api: 'http://127.0.0.1:3000',
      children: [{ what: 'DynamoDB Local', pid: 42, command: 'java -jar x' }],
    });
    expect(acquireDataDirLock(dir, 3001)).toMatchObject({ kind: 'held', holder: { pid: process.pid } });
    outcome.lock.release();
    expect(existsSync(join(dir, 'dev.lock'))).toBe(false);
  });

  it('reports a live holder (pid running its recorded command line) with its pid and API', async () => {
    const dir = newDir();
    const holder = await sleeper();
    children.push(holder);
    const pid = holder.pid as number;
    holdBy(dir, { pid, command: commandLineOf(pid) as string, api: 'http://127.0.0.1:3000' });
    expect(acquireDataDirLock(dir, 3001)).toEqual({
      kind: 'held',
      holder: expect.objectContaining({ pid, api: 'http://127.0.0.1:3000' }),
    });
  });

  it('takes over the lock of a dead holder, or of a reused pid running another command, returning its record', async () => {
    const dead = newDir();
    const gone = await sleeper();
    gone.kill('SIGKILL');
    await exited(gone);
    holdBy(dead, { pid: gone.pid as number, command: 'sleep 30' });
    const reused = newDir();
    holdBy(reused, { pid: process.pid, command: 'node something-else' });
    for (const dir of [dead, reused]) {
      const outcome = acquireDataDirLock(dir, 3000);
      expect(outcome).toMatchObject({ kind: 'acquired', previous: { command: expect.any(String) } });
      if (outcome.kind === 'acquired') outcome.lock.release();
    }
  });
});

describe('Function: reapRecorded', () => {
  it('stops a recorded process whose pid still runs the recorded command line', async () => {
    const child = await sleeper();
    const recorded = recordProcess('a sleeper', child.pid as number);
    expect(recorded.command).toBe('sleep 30');
    await expect(reapRecorded(recorded)).resolves.toBe(true);
    await exited(child);
    expect(child.signalCode).toBe('SIGTERM');
  });

  it('never touches a process whose command line differs from the record (a reused pid)', async () => {
    const child = await sleeper();
    try {
      await expect(
        reapRecorded({
          what: 'DynamoDB Local',
          pid: child.pid as number,
          command: 'java -jar DynamoDBLocal.jar',
        }),
      ).resolves.toBe(false);
      expect(isAlive(child.pid as number)).toBe(true);
    } finally {
      child.kill('SIGKILL');
      await exited(child);
    }
  });
});
