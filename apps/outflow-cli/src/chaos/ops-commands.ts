import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const CLI_DIR = join(__dirname, '../..');

/** Whether this checkout's CLI has `outflow <name>` (backfill and reconcile came after the suite). */
export const hasCommand = (name: string): boolean =>
  existsSync(join(CLI_DIR, 'src', 'commands', `${name}.command.ts`));

/** Runs `outflow <args>` (the real bin) and resolves with its exit code and output. */
export function outflow(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(CLI_DIR, 'bin', 'outflow.cjs'), ...args],
      {
        cwd: CLI_DIR,
        maxBuffer: 64 * 1024 * 1024,
        env: { ...process.env, TSX_TSCONFIG_PATH: join(CLI_DIR, 'tsconfig.json'), LOG_LEVEL: 'error' },
      },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** One difference `outflow reconcile --json` reports. */
interface ReconcileDifference {
  readonly subscription: string;
  readonly aggregateId: string;
  readonly category: string;
  readonly label: string;
  readonly detail: string;
}

/** What the suite reads of `outflow reconcile --target all --json`. */
export interface ReconcileReport {
  readonly code: number;
  readonly drift: number;
  readonly differences: readonly ReconcileDifference[];
  /** When the command did not answer JSON: what it printed. */
  readonly error?: string;
}

/** `outflow reconcile --target all --json` on the running stack's data dir (its control API). */
export async function reconcileAll(dataDir: string): Promise<ReconcileReport> {
  const run = await outflow([
    'reconcile',
    '--target',
    'all',
    '--json',
    '--grace',
    '1',
    '--data-dir',
    dataDir,
  ]);
  try {
    const result = JSON.parse(run.stdout) as {
      drift: number;
      targets: { name: string; differences: Omit<ReconcileDifference, 'subscription'>[] }[];
    };
    return {
      code: run.code,
      drift: result.drift,
      differences: result.targets.flatMap((t) => t.differences.map((d) => ({ ...d, subscription: t.name }))),
    };
  } catch {
    return { code: run.code, drift: -1, differences: [], error: `${run.stdout}${run.stderr}`.slice(0, 2000) };
  }
}
