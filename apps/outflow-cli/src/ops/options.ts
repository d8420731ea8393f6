import type { OutflowTopology, SubscriptionDefinition } from '@outflow/topology';
import { parseArgs } from 'node:util';
import { UsageError } from '../errors';

/** Where an operator command works: the local stack (`npm start`'s data dir) or a deployed stage on AWS. */
export type OpsMode =
  | { readonly kind: 'local'; readonly dataDir?: string }
  | {
      readonly kind: 'aws';
      readonly stage: string;
      /** AWS Region; absent: the SDK's default chain (AWS_REGION, the profile's region). */
      readonly region?: string;
      /** Named profile of the shared config/credentials files; absent: the default chain. */
      readonly profile?: string;
    };

/** The options every operator command takes, parsed; `values` holds the command's own flags. */
export interface OpsOptions<V> {
  /** The subscriptions to work on, in topology order (`--target all`: every one). */
  readonly targets: readonly SubscriptionDefinition[];
  readonly json: boolean;
  readonly mode: OpsMode;
  readonly help: boolean;
  /** The command's own flags, as `node:util` parseArgs gives them. */
  readonly values: V;
}

type FlagSpec = Record<string, { type: 'string' | 'boolean'; multiple?: boolean }>;

/** The usage lines of the common options, for each operator command's help text. */
export const COMMON_OPS_USAGE = `Common options:
  --target <subscription>|all  the subscription(s) of the topology to work on (required)
  --json                       print one JSON document instead of text; no progress output
  --data-dir <dir>             local mode (the default): the data dir of \`npm start\`
                               (default: the one running, else .outflow)
  --stage <stage>              AWS mode: work on the deployed stage <stage> (names from the
                               CloudFormation exports of its stacks) instead of the local stack
  --region <region>            AWS mode: the Region (default: AWS_REGION / the profile's)
  --profile <name>             AWS mode: a named profile (default: the SDK's credential chain)
  --help                       this text`;

const COMMON_FLAGS = {
  target: { type: 'string' },
  json: { type: 'boolean' },
  'data-dir': { type: 'string' },
  stage: { type: 'string' },
  region: { type: 'string' },
  profile: { type: 'string' },
  help: { type: 'boolean' },
} as const;

const NAME = /^[A-Za-z0-9][A-Za-z0-9-]*$/;

/**
 * `--target <subscription>|all` against the topology.
 * @throws UsageError naming the valid targets when `target` is missing or unknown.
 */
function resolveTargetFlag(target: string | undefined, topology: OutflowTopology): SubscriptionDefinition[] {
  const names = topology.subscriptions.map((s) => s.name);
  const valid = `one of ${[...names, 'all'].join(', ')}`;
  if (target === undefined || target === '') throw new UsageError(`--target is required: ${valid}`);
  if (target === 'all') return [...topology.subscriptions];
  const found = topology.subscriptions.find((s) => s.name === target);
  if (!found)
    throw new UsageError(`--target "${target}" is not a subscription of the topology: use ${valid}`);
  return [found];
}

function modeOf(values: Record<string, unknown>): OpsMode {
  const stage = values['stage'] as string | undefined;
  const region = values['region'] as string | undefined;
  const profile = values['profile'] as string | undefined;
  const dataDir = values['data-dir'] as string | undefined;
  if (stage === undefined) {
    const awsOnly = region !== undefined ? '--region' : profile !== undefined ? '--profile' : undefined;
    if (awsOnly)
      throw new UsageError(
        `${awsOnly} needs --stage <stage> (AWS mode); without --stage the local stack is used`,
      );
    return { kind: 'local', ...(dataDir === undefined ? {} : { dataDir }) };
  }
  if (dataDir !== undefined)
    throw new UsageError('--data-dir (local mode) and --stage (AWS mode) exclude each other: give one');
  if (!NAME.test(stage))
    throw new UsageError(`--stage must hold letters, digits and "-" (a Serverless stage), got "${stage}"`);
  if (region !== undefined && !/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region))
    throw new UsageError(`--region must be an AWS Region such as eu-west-1, got "${region}"`);
  return {
    kind: 'aws',
    stage,
    ...(region === undefined ? {} : { region }),
    ...(profile === undefined ? {} : { profile }),
  };
}

/**
 * Parses an operator command's arguments: the common options ({@link COMMON_OPS_USAGE}) plus
 * `flags`, strictly (an unknown flag or a stray word is a mistake). With `--help` nothing else is
 * checked.
 *
 * @throws UsageError saying what is wrong (the command prints it with its usage and exits 2).
 */
export function parseOpsArgs<F extends FlagSpec>(
  args: readonly string[],
  flags: F,
  topology: OutflowTopology,
): OpsOptions<Record<keyof F, unknown>> {
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: { ...flags, ...COMMON_FLAGS },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const help = values['help'] === true;
  return {
    targets: help ? [] : resolveTargetFlag(values['target'] as string | undefined, topology),
    json: values['json'] === true,
    mode: help ? { kind: 'local' } : modeOf(values),
    help,
    values: values as Record<keyof F, unknown>,
  };
}

/** An optional integer flag within `[min, max]`, or `fallback`. @throws UsageError naming the flag and range. */
export function integerOption(
  values: Record<string, unknown>,
  flag: string,
  range: { min: number; max: number },
  fallback: number,
): number;
export function integerOption(
  values: Record<string, unknown>,
  flag: string,
  range: { min: number; max: number },
): number | undefined;
export function integerOption(
  values: Record<string, unknown>,
  flag: string,
  range: { min: number; max: number },
  fallback?: number,
): number | undefined {
  const text = values[flag];
  if (text === undefined) return fallback;
  const value = Number(text);
  if (typeof text !== 'string' || !/^[0-9]+$/.test(text.trim()) || value < range.min || value > range.max)
    throw new UsageError(
      `--${flag} must be an integer from ${range.min} to ${range.max}, got "${String(text)}"`,
    );
  return value;
}
