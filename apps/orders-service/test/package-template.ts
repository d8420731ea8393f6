import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/** A CloudFormation resource as it appears in the generated template. */
export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
}

export interface PackagedService {
  readonly template: { readonly Resources: Record<string, CfnResource>; readonly Outputs?: Record<string, { Value: unknown; Export?: { Name: unknown } }> };
  /** Artifact file name → size in bytes. */
  readonly artifacts: Record<string, number>;
  readonly seconds: number;
}

const appDir = join(__dirname, '..');

/**
 * Runs `serverless package` (osls + serverless-esbuild) into a temporary directory with an
 * environment that holds no AWS settings and a fresh HOME, so it proves packaging needs neither
 * credentials nor a network. Returns the update-stack template and the artifacts' sizes.
 */
export async function packageService(): Promise<PackagedService> {
  const out = mkdtempSync(join(tmpdir(), 'orders-service-package-'));
  const home = mkdtempSync(join(tmpdir(), 'orders-service-home-'));
  const started = process.hrtime.bigint();
  await promisify(execFile)(process.execPath, [require.resolve('osls/bin/serverless.js'), 'package', '--package', out, '--stage', 'ci'], {
    cwd: appDir,
    env: { PATH: process.env['PATH'] ?? '', HOME: home },
    timeout: 180_000,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const artifacts = Object.fromEntries(
    readdirSync(out)
      .filter((name) => name.endsWith('.zip'))
      .map((name) => [name, statSync(join(out, name)).size]),
  );
  return { template: JSON.parse(readFileSync(join(out, 'cloudformation-template-update-stack.json'), 'utf8')), artifacts, seconds };
}

/** The resources of one CloudFormation type. */
export const resourcesOf = (template: PackagedService['template'], type: string): [string, CfnResource][] =>
  Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);
