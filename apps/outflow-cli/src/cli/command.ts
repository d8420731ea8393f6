/** Where a command writes; the real bin passes the process streams, tests may capture them. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

/** Exit codes: 0 done (a `false` match is still a successful answer), 2 bad usage or input. */
export const EXIT_OK = 0;
export const EXIT_USAGE = 2;

/** One `outflow <name>` command; `main.ts` routes to it by name. */
export interface Command {
  readonly name: string;
  /** One line for `outflow --help`. */
  readonly summary: string;
  /** Full help for `outflow <name> --help`. */
  readonly usage: string;
  run(args: readonly string[], io: CliIo): Promise<number>;
}
