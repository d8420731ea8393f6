type AdapterErrorCause = { originalCode?: string; originalMessage?: string };

/**
 * The SQLSTATE and message of a database error raised through Prisma's driver adapters: thrown by
 * the adapter itself (a DriverAdapterError whose `cause` holds them) or wrapped by the Prisma
 * client (`meta.driverAdapterError.cause`).
 */
export function sqlStateOf(error: unknown): { code: string; message: string } | undefined {
  const e = error as
    | {
        name?: string;
        cause?: AdapterErrorCause;
        meta?: { driverAdapterError?: { cause?: AdapterErrorCause } };
      }
    | undefined;
  const cause = e?.name === 'DriverAdapterError' ? e.cause : e?.meta?.driverAdapterError?.cause;
  if (!cause?.originalCode) return undefined;
  return { code: cause.originalCode, message: cause.originalMessage ?? 'database error' };
}

/**
 * True for errors caused by the data of one change — data exceptions (class 22: value too large,
 * bad number) and integrity violations (class 23) — which must fail that change only. Anything
 * else (connection lost, out of resources) fails the whole batch so it is retried.
 */
export function isDataError(error: unknown): boolean {
  const state = sqlStateOf(error);
  return state !== undefined && (state.code.startsWith('22') || state.code.startsWith('23'));
}

/** The reason reported for a change the database refused, e.g. `numeric field overflow (SQLSTATE 22003)`. */
export function refusalReason(error: unknown): string {
  const state = sqlStateOf(error);
  if (state) return `the legacy database refused the change: ${state.message} (SQLSTATE ${state.code})`;
  return `the legacy database refused the change: ${error instanceof Error ? error.message : String(error)}`;
}
