import { type CliIo, type Command, EXIT_OK, EXIT_USAGE } from './cli/command';
import { renderInputTemplateCommand } from './commands/render-input-template.command';
import { testEventPatternCommand } from './commands/test-event-pattern.command';
import { devCommand } from './commands/dev.command';
import { showCommand } from './commands/show.command';
import { pruneMarkersCommand } from './commands/prune-markers.command';
import { migrateCommand } from './commands/migrate.command';
import { backfillCommand } from './commands/backfill.command';
import { reconcileCommand } from './commands/reconcile.command';
import { costCommand } from './commands/cost.command';
import { dlqCommand } from './commands/dlq.command';
import { replayCommand } from './commands/replay.command';
import { statusCommand } from './commands/status.command';

/**
 * Every `outflow <command>`; a new command is one file in src/commands plus one line here.
 *
 * @internal Exported for the main spec, which checks the command table.
 */
export const COMMANDS: readonly Command[] = [
  devCommand,
  showCommand,
  testEventPatternCommand,
  renderInputTemplateCommand,
  pruneMarkersCommand,
  migrateCommand,
  backfillCommand,
  reconcileCommand,
  costCommand,
  dlqCommand,
  replayCommand,
  statusCommand,
];

const usage = (commands: readonly Command[]) => {
  const width = Math.max(...commands.map((command) => command.name.length));
  return [
    'Usage: outflow <command> [options]',
    '',
    'Commands:',
    ...commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
    '',
    'Run `outflow <command> --help` for the options of a command.',
  ].join('\n');
};

/**
 * Routes `outflow <command> [options]` to its command and returns the exit code (0 done,
 * 2 usage or input error). The bin (bin/outflow.cjs) passes process.argv and the process streams.
 */
export const main = async (
  argv: readonly string[],
  io: CliIo,
  commands: readonly Command[] = COMMANDS,
): Promise<number> => {
  const [name, ...args] = argv;
  if (name === '--help' || name === '-h' || name === 'help') {
    io.out(usage(commands));
    return EXIT_OK;
  }
  const command = commands.find((candidate) => candidate.name === name);
  if (command === undefined) {
    io.err(
      `${name === undefined ? 'outflow: no command given' : `outflow: unknown command "${name}"`}\n\n${usage(commands)}`,
    );
    return EXIT_USAGE;
  }
  return command.run(args, io);
};
