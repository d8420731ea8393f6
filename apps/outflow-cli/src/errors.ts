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
