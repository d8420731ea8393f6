import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { sleep } from '@outflow/core-application';

/** A process this run started, as recorded in the data dir's lock file. */
export interface RecordedProcess {
  /** What it is, for messages: e.g. `DynamoDB Local`. */
  readonly what: string;
  readonly pid: number;
  /** Its command line when it was started ({@link commandLineOf}); a reaper kills only on a match. */
  readonly command: string;
}

/** Whether a process with this pid exists (one we may not signal counts too). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The command line of a running process (arguments joined by spaces), or undefined when it is gone. */
export function commandLineOf(pid: number): string | undefined {
  const proc = `/proc/${pid}/cmdline`;
  if (existsSync('/proc/self/cmdline')) {
    try {
      return readFileSync(proc, 'utf8').split('\0').filter(Boolean).join(' ');
    } catch {
      return undefined;
    }
  }
  const ps = spawnSync('ps', ['-o', 'command=', '-p', String(pid)], { encoding: 'utf8' });
  return ps.status === 0 ? ps.stdout.trim() || undefined : undefined;
}

/** Records a process just started, so a later run can reap it if this one dies without stopping it. */
export function recordProcess(what: string, pid: number): RecordedProcess {
  return { what, pid, command: commandLineOf(pid) ?? '' };
}

/**
 * Stops a recorded process left running by a run that died: only when a process with that pid is
 * alive AND runs the recorded command line (a reused pid is left alone). SIGTERM, then SIGKILL
 * after `graceMs`. Returns whether it stopped one.
 */
export async function reapRecorded(recorded: RecordedProcess, graceMs = 5_000): Promise<boolean> {
  const command = commandLineOf(recorded.pid);
  if (!recorded.command || command !== recorded.command) return false;
  try {
    process.kill(recorded.pid, 'SIGTERM');
  } catch {
    return false;
  }
  const deadline = Date.now() + graceMs;
  while (commandLineOf(recorded.pid) === command) {
    if (Date.now() > deadline) process.kill(recorded.pid, 'SIGKILL');
    await sleep(50);
  }
  return true;
}
