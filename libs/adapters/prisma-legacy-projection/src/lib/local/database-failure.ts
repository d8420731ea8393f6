import { sqlStateOf } from '../database-errors';
import { LegacyDatabaseError } from '../errors';

/** Why a PostgreSQL server could not be used, one kind per thing a user does differently. */
type DatabaseFailureKind =
  | 'bad-url'
  | 'host-unknown'
  | 'refused'
  | 'auth-failed'
  | 'no-database'
  | 'no-role'
  | 'permission-denied'
  | 'other';

/** One failure, explained: `message` is one sentence saying what is wrong and what to do. */
export interface DatabaseFailure {
  readonly kind: DatabaseFailureKind;
  readonly message: string;
}

/** Where a URL came from, named in messages: `DATABASE_URL`, `--database-url`. */
export interface DatabaseUrlSource {
  readonly url: string;
  readonly setting: string;
}

const EXAMPLE = 'postgresql://user:password@host:5432/database';

/** Host, port, user and database of a URL that parses; the password is never kept. */
interface UrlParts {
  readonly host: string;
  readonly port: string;
  readonly user: string;
  readonly database: string;
}

const partsOf = (url: string): UrlParts | undefined => {
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'postgresql:' && parsed.protocol !== 'postgres:') return undefined;
    if (!parsed.hostname) return undefined;
    return {
      host: parsed.hostname,
      port: parsed.port || '5432',
      user: decodeURIComponent(parsed.username) || 'the default user',
      database: decodeURIComponent(parsed.pathname.slice(1)) || 'the default database',
    };
  } catch {
    return undefined;
  }
};

/** The text of a bad URL when it cannot hold a password (no `@`), else a placeholder. */
const shown = (url: string) =>
  url.includes('@') ? '(not shown: it may hold a password)' : JSON.stringify(url);

/**
 * Checks that `source.url` is a PostgreSQL URL (`postgresql://` or `postgres://` with a host)
 * before a driver reads it: the driver would read `notaurl` as a host named `base`.
 *
 * @throws LegacyDatabaseError (one sentence naming the setting and the expected form)
 */
export function assertDatabaseUrl(source: DatabaseUrlSource): void {
  if (partsOf(source.url)) return;
  throw new LegacyDatabaseError(
    `${source.setting} is not a PostgreSQL URL: expected ${EXAMPLE}, got ${shown(source.url)}.`,
  );
}

/** The first line of a message, without the schema engine's backtrace or blank lines. */
const firstLine = (error: unknown): string =>
  (error instanceof Error ? error.message : String(error))
    .split('\n')
    .map((line) => line.trim())
    .find((line) => line.length > 0)
    ?.replace(/^ERROR:\s*/, '') ?? 'unknown error';

/** The innermost cause: the database's own words, not a wrapper's. */
const rootOf = (error: unknown): unknown => {
  let current = error;
  while (current instanceof Error && current.cause instanceof Error) current = current.cause;
  return current;
};

type Explain = (p: UrlParts, setting: string, detail: string) => string;

const EXPLAIN: Record<Exclude<DatabaseFailureKind, 'bad-url' | 'other'>, Explain> = {
  'host-unknown': (p, s) =>
    `Cannot find the PostgreSQL host "${p.host}" named in ${s}: check the host name in the URL.`,
  refused: (p, s) =>
    `Nothing accepts connections at ${p.host}:${p.port} (${s}): start the PostgreSQL server, or fix the host and port in the URL.`,
  'auth-failed': (p, s) =>
    `PostgreSQL at ${p.host}:${p.port} refused the password of user "${p.user}": fix the user and password in ${s}.`,
  'no-database': (p, s) =>
    `The database "${p.database}" does not exist on ${p.host}:${p.port}: create it (createdb -h ${p.host} -p ${p.port} -U ${p.user} ${p.database}) or name an existing one in ${s}.`,
  'no-role': (p, s) =>
    `The role "${p.user}" does not exist on ${p.host}:${p.port}: create it (createuser -h ${p.host} -p ${p.port} ${p.user}) or name an existing user in ${s}.`,
  'permission-denied': (p, s, detail) =>
    `User "${p.user}" may not create the legacy tables in "${p.database}" (${detail}): grant it the right (GRANT CREATE ON SCHEMA public TO "${p.user}") or use the database's owner in ${s}.`,
};

/** The kind of a failure, from the SQLSTATE, the driver's kind or the node error code. */
function kindOf(error: unknown): Exclude<DatabaseFailureKind, 'bad-url'> {
  const state = sqlStateOf(error);
  const e = error as { code?: unknown; cause?: { kind?: unknown; port?: unknown } } | undefined;
  const code = state?.code ?? (typeof e?.code === 'string' ? e.code : undefined);
  if (code === '3D000') return 'no-database';
  if (code === '28P01') return 'auth-failed';
  if (code === '28000')
    return /role .* does not exist/.test(state?.message ?? '') ? 'no-role' : 'auth-failed';
  if (code === '42501' || /permission denied/i.test(firstLine(error))) return 'permission-denied';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host-unknown';
  if (code === 'ECONNREFUSED') return 'refused';
  // @prisma/adapter-pg maps ENOTFOUND and ECONNREFUSED to one kind: only a refusal has a port.
  if (e?.cause?.kind === 'DatabaseNotReachable')
    return e.cause.port === undefined ? 'host-unknown' : 'refused';
  return 'other';
}

/**
 * Explains why the PostgreSQL server at `source.url` could not be used, in one sentence that says
 * what to do: bad URL syntax, unknown host, connection refused, password refused (28P01), database
 * (3D000) or role (28000) does not exist, no right to create tables (42501). Reads SQLSTATEs from
 * Prisma's driver adapter errors and node's error codes (ENOTFOUND, ECONNREFUSED); anything else
 * is its first line, without the schema engine's backtrace.
 */
export function explainDatabaseFailure(error: unknown, source: DatabaseUrlSource): DatabaseFailure {
  const parts = partsOf(source.url);
  if (!parts)
    return {
      kind: 'bad-url',
      message: `${source.setting} is not a PostgreSQL URL: expected ${EXAMPLE}, got ${shown(source.url)}.`,
    };
  const kind = kindOf(error);
  const detail = sqlStateOf(error)?.message ?? firstLine(rootOf(error));
  if (kind === 'other')
    return {
      kind,
      message: `PostgreSQL at ${parts.host}:${parts.port} (${source.setting}) failed: ${detail}.`,
    };
  return { kind, message: EXPLAIN[kind](parts, source.setting, detail) };
}

/** The database's own first line of an error (no wrapper, backtrace or blank lines), e.g. for PGlite's. */
export const briefMessage = (error: unknown): string => firstLine(rootOf(error));
