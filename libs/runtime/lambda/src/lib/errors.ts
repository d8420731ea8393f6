import { OutflowError } from '@outflow/core-domain';

/**
 * A deployable's settings (its environment, or a secret it points to) are missing or wrong. Thrown
 * by an app's composition root before any handler runs; the message names the deployable and every
 * problem, each with what to set.
 *
 * @example
 * throw new ConfigError('orders-service', ['TABLE_NAME is missing: set it to the orders table name']);
 */
export class ConfigError extends OutflowError {
  readonly code = 'CONFIG_INVALID';

  constructor(
    readonly deployable: string,
    readonly problems: readonly string[],
    options?: { cause?: unknown },
  ) {
    super(`${deployable} configuration is invalid:\n- ${problems.join('\n- ')}`, options);
  }
}
