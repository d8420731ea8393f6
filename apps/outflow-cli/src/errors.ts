import { OutflowError } from '@outflow/core-domain';

/** A command-line mistake: the message says what is wrong; `withUsage` asks for the help text too. */
export class UsageError extends OutflowError {
  readonly code = 'CLI_USAGE';

  constructor(
    message: string,
    readonly withUsage = true,
  ) {
    super(message);
  }
}

/** `outflow dev` cannot start for a reason the user can fix: the message says what is wrong and what to do. */
export class DevError extends OutflowError {
  readonly code = 'DEV_START_FAILED';
}

/** Another `outflow dev` (`npm start`) holds the data dir: one run per data dir. */
export class DataDirInUseError extends OutflowError {
  readonly code = 'DEV_DATA_DIR_IN_USE';

  constructor(
    readonly dataDir: string,
    readonly holder: {
      readonly pid: number;
      readonly port: number;
      readonly api?: string;
      readonly startedAt: string;
    },
  ) {
    const where = holder.api ? `orders API ${holder.api}` : `still starting, --port ${holder.port}`;
    super(
      `${dataDir} is in use by another \`npm start\` (pid ${holder.pid}, ${where}, started ${holder.startedAt}): stop it first (Ctrl-C in its terminal, or \`kill ${holder.pid}\`), or give this one another --data-dir <dir>.`,
    );
  }
}

/** DynamoDB Local died while `outflow dev` ran (crashed, or killed from outside): nothing works without it. */
export class DynamoDbLocalCrashedError extends OutflowError {
  readonly code = 'DEV_DYNAMODB_LOCAL_CRASHED';

  constructor(
    readonly pid: number,
    readonly exit: { readonly code: number | null; readonly signal: string | null },
  ) {
    const how = exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
    super(
      `DynamoDB Local (pid ${pid}) ${how} while Outflow was running; the stream and the orders API need it, so Outflow stopped — run \`npm start\` again.`,
    );
  }
}
