import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

/** One finding of cfn-lint (its JSON output), reduced to what a report needs. */
export interface CfnLintFinding {
  /** `Error`, `Warning` or `Informational`. */
  readonly level: string;
  /** The rule id, e.g. `E3002` or `W3005`. */
  readonly rule: string;
  readonly message: string;
  /** Where in the template, e.g. `Resources/LegacyRdbQueue/Properties/VisibilityTimeout`. */
  readonly path: string;
}

export interface CfnLintResult {
  readonly errors: readonly CfnLintFinding[];
  readonly warnings: readonly CfnLintFinding[];
  readonly informational: readonly CfnLintFinding[];
  /** `cfn-lint: 0 errors, 5 warnings (W3005 ×5)`: one line for a test log or report. */
  readonly summary: string;
}

interface RawFinding {
  readonly Level: string;
  readonly Message: string;
  readonly Rule: { readonly Id: string };
  readonly Location: { readonly Path?: readonly (string | number)[] };
}

const summarize = (errors: CfnLintFinding[], warnings: CfnLintFinding[]): string => {
  const counts = new Map<string, number>();
  for (const f of [...errors, ...warnings]) counts.set(f.rule, (counts.get(f.rule) ?? 0) + 1);
  const rules = [...counts].map(([rule, n]) => `${rule} ×${n}`).join(', ');
  return `cfn-lint: ${errors.length} errors, ${warnings.length} warnings${rules ? ` (${rules})` : ''}`;
};

/**
 * Runs `cfn-lint` (AWS's CloudFormation linter: every resource property against the
 * CloudFormation schemas, offline) on a template file and sorts its findings by level. cfn-lint
 * exits non-zero whenever it finds something (bit flags 2 error, 4 warning, 8 informational);
 * only a missing binary or unreadable output is a failure here (thrown, naming what to install).
 */
export async function runCfnLint(templatePath: string): Promise<CfnLintResult> {
  let stdout: string;
  try {
    ({ stdout } = await promisify(execFile)('cfn-lint', ['--format', 'json', templatePath], {
      maxBuffer: 16 * 1024 * 1024,
      timeout: 120_000,
    }));
  } catch (error) {
    const failure = error as { code?: unknown; stdout?: string; stderr?: string; message: string };
    if (failure.code === 'ENOENT')
      throw new Error('cfn-lint is not on PATH: install it (`pipx install cfn-lint`, version 1.x) and rerun');
    if (typeof failure.code !== 'number' || !failure.stdout)
      throw new Error(`cfn-lint failed on ${templatePath}: ${failure.stderr || failure.message}`);
    stdout = failure.stdout;
  }
  const findings = (JSON.parse(stdout) as RawFinding[]).map((raw): CfnLintFinding => ({
    level: raw.Level,
    rule: raw.Rule.Id,
    message: raw.Message,
    path: (raw.Location.Path ?? []).join('/'),
  }));
  const errors = findings.filter((f) => f.level === 'Error');
  const warnings = findings.filter((f) => f.level === 'Warning');
  const informational = findings.filter((f) => f.level === 'Informational');
  return { errors, warnings, informational, summary: summarize(errors, warnings) };
}
