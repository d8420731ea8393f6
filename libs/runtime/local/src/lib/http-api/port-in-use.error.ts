import { OutflowError } from '@outflow/core-domain';

/** The port a local server was asked to listen on is taken by another process. */
export class PortInUseError extends OutflowError {
  readonly code = 'PORT_IN_USE';

  constructor(
    readonly port: number,
    readonly host: string,
    /** How the caller chooses the port, for the message (e.g. `--port`, `ORDERS_PORT`). */
    readonly setting: string,
    options?: { cause?: unknown },
  ) {
    super(
      `port ${port} on ${host} is already in use: stop the process holding it, or choose another port with ${setting} (0 picks a free one)`,
      options,
    );
  }
}

export const isPortInUseError = (error: unknown): error is PortInUseError => error instanceof PortInUseError;
