import { outflowTopology, type OutflowTopology } from '@outflow/topology';
import { type CliIo, type Command, EXIT_OK, EXIT_USAGE } from '../cli/command';
import { UsageError } from '../errors';
import { openAwsEnvironment } from './aws-environment';
import type { OpsEnvironment } from './environment';
import { openLocalEnvironment } from './local-environment';
import { parseOpsArgs, type OpsMode, type OpsOptions } from './options';

type FlagSpec = Record<string, { type: 'string' | 'boolean' }>;

/**
 * Opens the environment an operator command works in: AWS mode with `--stage`, else the local
 * stack (the running `npm start`).
 */
function openOpsEnvironment(
  mode: OpsMode,
  topology: OutflowTopology,
  env: NodeJS.ProcessEnv = process.env,
): Promise<OpsEnvironment> {
  return mode.kind === 'aws'
    ? openAwsEnvironment(mode, topology, { env })
    : Promise.resolve(openLocalEnvironment(mode.dataDir, topology));
}

/** What an operator command declares; {@link opsCommand} does the rest. */
export interface OpsCommandSpec<F extends FlagSpec> {
  readonly name: string;
  readonly summary: string;
  /** The full help (append COMMON_OPS_USAGE). */
  readonly usage: string;
  /** The command's own flags besides the common ones. */
  readonly flags: F;
  /** The topology. @default outflowTopology */
  readonly topology?: OutflowTopology;
  /**
   * Checks the command's own flags before anything is opened.
   * @throws UsageError for a bad value (answered with the usage and exit 2).
   */
  readonly validate?: (options: OpsOptions<Record<keyof F, unknown>>) => void;
  /** Does the work; returns the exit code. Errors become one line on stderr and exit 1. */
  run(options: OpsOptions<Record<keyof F, unknown>>, environment: OpsEnvironment, io: CliIo): Promise<number>;
}

/**
 * An `outflow <name>` operator command: parses the common options (`--target`, `--json`, local
 * or AWS mode) and its own flags, answers `--help`, bad arguments with usage and exit 2, opens
 * the environment, runs, and closes it. Any other failure prints `outflow <name>: <message>`
 * and exits 1.
 */
export function opsCommand<F extends FlagSpec>(spec: OpsCommandSpec<F>): Command {
  const topology = spec.topology ?? outflowTopology;
  return {
    name: spec.name,
    summary: spec.summary,
    usage: spec.usage,
    async run(args, io) {
      let options: OpsOptions<Record<keyof F, unknown>>;
      try {
        options = parseOpsArgs(args, spec.flags, topology);
        if (options.help) {
          io.out(spec.usage);
          return EXIT_OK;
        }
        spec.validate?.(options);
      } catch (error) {
        if (!(error instanceof UsageError)) throw error;
        io.err(`outflow ${spec.name}: ${error.message}${error.withUsage ? `\n\n${spec.usage}` : ''}`);
        return EXIT_USAGE;
      }
      let environment: OpsEnvironment | undefined;
      try {
        environment = await openOpsEnvironment(options.mode, topology);
        return await spec.run(options, environment, io);
      } catch (error) {
        if (error instanceof UsageError) {
          io.err(`outflow ${spec.name}: ${error.message}`);
          return EXIT_USAGE;
        }
        io.err(`outflow ${spec.name}: ${(error as Error).message}`);
        return 1;
      } finally {
        await environment?.close();
      }
    },
  };
}
