import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';

/** A CloudFormation resource as it appears in a packaged template. */
export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
}

export interface CfnTemplate {
  readonly Resources: Record<string, CfnResource>;
  readonly Outputs?: Record<
    string,
    { readonly Value: unknown; readonly Export?: { readonly Name: unknown } }
  >;
}

export interface PackagedService {
  readonly template: CfnTemplate;
  /** The packaged `cloudformation-template-update-stack.json` (what cfn-lint checks). */
  readonly templatePath: string;
  /** Artifact file name → size in bytes. */
  readonly artifacts: Record<string, number>;
  /** The directory holding the artifacts and templates (a temporary directory; remove it when done). */
  readonly dir: string;
  readonly seconds: number;
}

/** Where osls (the open fork of Serverless Framework v3) keeps its CLI. */
const oslsBin = () => require.resolve('osls/bin/serverless.js');

/**
 * Runs `serverless package` (osls; serverless-esbuild where the service uses it) for the service
 * in `serviceDir` into a temporary directory, with an environment that holds no AWS settings and
 * a fresh HOME and TMPDIR (removed afterwards): packaging needs neither credentials nor a network.
 * Without `stage`, no `--stage` is passed: the service packages as a new user runs it
 * (`npx serverless package`, stage `dev`).
 * Returns the update-stack template, the artifacts' sizes and where they are; fails with osls's
 * own output when packaging fails.
 */
export async function packageService(serviceDir: string, stage?: string): Promise<PackagedService> {
  const out = mkdtempSync(join(tmpdir(), `${basename(serviceDir)}-package-`));
  const home = mkdtempSync(join(tmpdir(), `${basename(serviceDir)}-home-`));
  // serverless-esbuild zips through a `<function>-<pid>-<time>-<hex>` dir in the temp dir and never
  // removes it (it removes the dir without `recursive`, ignoring the error): a private TMPDIR
  // inside `home` goes with it.
  const temp = join(home, 'tmp');
  mkdirSync(temp);
  const started = process.hrtime.bigint();
  try {
    const stageArgs = stage === undefined ? [] : ['--stage', stage];
    await promisify(execFile)(process.execPath, [oslsBin(), 'package', '--package', out, ...stageArgs], {
      cwd: serviceDir,
      env: {
        PATH: process.env['PATH'] ?? '',
        HOME: home,
        TMPDIR: temp,
        SLS_TELEMETRY_DISABLED: '1',
        SLS_NOTIFICATIONS_MODE: 'off',
      },
      timeout: 240_000,
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    const failure = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(
      `serverless package failed in ${serviceDir}:\n${failure.stderr || failure.stdout || failure.message}`,
    );
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const artifacts = Object.fromEntries(
    readdirSync(out)
      .filter((name) => name.endsWith('.zip'))
      .map((name) => [name, statSync(join(out, name)).size]),
  );
  const templatePath = join(out, 'cloudformation-template-update-stack.json');
  const template = JSON.parse(readFileSync(templatePath, 'utf8')) as CfnTemplate;
  return { template, templatePath, artifacts, dir: out, seconds };
}

/** The resources of one CloudFormation type, as [logical id, resource]. */
export const resourcesOf = (template: CfnTemplate, type: string): [string, CfnResource][] =>
  Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);

/** The one resource of a type; fails naming the type when there is none or more than one. */
export function onlyResourceOf(template: CfnTemplate, type: string): [string, CfnResource] {
  const found = resourcesOf(template, type);
  if (found.length !== 1)
    throw new Error(
      `expected exactly one ${type}, found ${found.length}: ${found.map(([id]) => id).join(', ')}`,
    );
  return found[0] as [string, CfnResource];
}

export interface IamStatement {
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: unknown;
}

/** Every IAM statement of the template (inline role policies and standalone policies), with where it lives. */
export function iamStatements(template: CfnTemplate): { at: string; statement: IamStatement }[] {
  const found: { at: string; statement: IamStatement }[] = [];
  for (const [id, resource] of Object.entries(template.Resources)) {
    const props = resource.Properties ?? {};
    if (resource.Type === 'AWS::IAM::Role') {
      const policies =
        (props['Policies'] as
          { PolicyName?: unknown; PolicyDocument: { Statement: IamStatement[] } }[] | undefined) ?? [];
      policies.forEach((policy, p) =>
        [policy.PolicyDocument.Statement]
          .flat()
          .forEach((statement, s) => found.push({ at: `${id}.Policies[${p}].Statement[${s}]`, statement })),
      );
    }
    if (resource.Type === 'AWS::IAM::Policy' || resource.Type === 'AWS::IAM::ManagedPolicy') {
      const document = props['PolicyDocument'] as { Statement: IamStatement[] } | undefined;
      [document?.Statement ?? []]
        .flat()
        .forEach((statement, s) => found.push({ at: `${id}.PolicyDocument.Statement[${s}]`, statement }));
    }
  }
  return found;
}

interface ZipEntry {
  readonly fileName: string;
}
interface ZipFile {
  on(event: 'entry', listener: (entry: ZipEntry) => void): void;
  on(event: 'end', listener: () => void): void;
  on(event: 'error', listener: (error: Error) => void): void;
  readEntry(): void;
  openReadStream(
    entry: ZipEntry,
    callback: (error: Error | null, stream: NodeJS.ReadableStream) => void,
  ): void;
  close(): void;
}

/** One file of a packaged artifact (a zip), as bytes; fails naming the entries there are. */
export function readArtifactEntry(zipPath: string, entryName: string): Promise<Buffer> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- yauzl ships no types
  const yauzl = require('yauzl') as {
    open(
      path: string,
      options: { lazyEntries: boolean },
      cb: (error: Error | null, zip: ZipFile) => void,
    ): void;
  };
  return new Promise((resolveEntry, reject) => {
    yauzl.open(zipPath, { lazyEntries: true }, (openError, zip) => {
      if (openError) return reject(openError);
      const names: string[] = [];
      zip.on('error', reject);
      zip.on('end', () =>
        reject(new Error(`${entryName} is not in ${zipPath}; it holds: ${names.join(', ')}`)),
      );
      zip.on('entry', (entry) => {
        names.push(entry.fileName);
        if (entry.fileName !== entryName) return zip.readEntry();
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError) return reject(streamError);
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('error', reject);
          stream.on('end', () => (zip.close(), resolveEntry(Buffer.concat(chunks))));
        });
      });
      zip.readEntry();
    });
  });
}
