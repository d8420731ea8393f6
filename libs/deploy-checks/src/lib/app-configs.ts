import { GENERATED_RESOURCE_TYPES } from '@outflow/topology';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The file names osls reads a service's config from, in its order of preference. */
export const SERVERLESS_CONFIG_FILES = [
  'serverless.yml',
  'serverless.yaml',
  'serverless.json',
  'serverless.js',
  'serverless.cjs',
  'serverless.mjs',
  'serverless.ts',
] as const;

/** One app's Serverless config: the app directory's name and the config file's path. */
export interface AppConfigFile {
  readonly app: string;
  readonly path: string;
}

/** Every Serverless config file under `<repoRoot>/apps/<app>/` (an app may have none: the CLI). */
export function appConfigFiles(repoRoot: string): AppConfigFile[] {
  const apps = join(repoRoot, 'apps');
  return readdirSync(apps, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) =>
      SERVERLESS_CONFIG_FILES.map((file) => join(apps, entry.name, file))
        .filter((path) => existsSync(path))
        .map((path) => ({ app: entry.name, path })),
    );
}

/**
 * The generated resource types (rule, queue, queue policy, alarm, Pipe) a config's text names,
 * e.g. `Type: AWS::SQS::Queue` in YAML or `Type: 'AWS::SQS::Queue'` in TypeScript. An app's config
 * names none: those resources come from `appResources` (@outflow/topology).
 */
export function generatedTypesNamedIn(configText: string): string[] {
  return GENERATED_RESOURCE_TYPES.filter((type) =>
    new RegExp(`${type.replace(/:/g, '\\:')}(?![A-Za-z0-9])`).test(configText),
  );
}

/** {@link generatedTypesNamedIn} for a config file. */
export const generatedTypesDeclaredBy = (config: AppConfigFile): string[] =>
  generatedTypesNamedIn(readFileSync(config.path, 'utf8'));
