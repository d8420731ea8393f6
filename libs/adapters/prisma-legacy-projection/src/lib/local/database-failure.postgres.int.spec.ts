// The PostgreSQL-server lane of the failure messages: each cause a user meets with DATABASE_URL,
// reproduced against the real server (skipped, saying why, when DATABASE_URL is unset).
import { Client } from 'pg';
import { createServer } from 'node:net';
import { prismaProject } from '../testing/legacy-projection.suite';
import { openLocalLegacyDatabase } from './pglite-database';
import { applyMigrations } from './migrations/migrations';
import { assertDatabaseUrl, explainDatabaseFailure, type DatabaseFailure } from './database-failure';

const serverUrl = process.env['DATABASE_URL'];
const describeServer = serverUrl ? describe : describe.skip;
const skipped = serverUrl
  ? ''
  : ' (skipped: DATABASE_URL not set — run with DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres)';

/** What opening `url` and applying the migrations fails with, explained as `npm start` does. */
async function failureOf(url: string): Promise<DatabaseFailure> {
  const source = { url, setting: 'DATABASE_URL' };
  try {
    assertDatabaseUrl(source);
    const db = await openLocalLegacyDatabase({ kind: 'postgres', url });
    try {
      await db.sql.$queryRawUnsafe('SELECT 1');
      await applyMigrations(prismaProject, db.adapterFactory);
    } finally {
      await db.close();
    }
  } catch (error) {
    return explainDatabaseFailure(error, source);
  }
  throw new Error(`${url} worked`);
}

const withPath = (path: string, user?: string) => {
  const url = new URL(serverUrl as string);
  url.pathname = path;
  if (user) url.username = user;
  return url.toString();
};

describeServer(`Function: explainDatabaseFailure, PostgreSQL server lane${skipped}`, () => {
  const role = `outflow_nocreate_${process.pid}`;
  // A database of its own: what other runs left in the server's `postgres` database never matters.
  const database = `outflow_nocreate_db_${process.pid}`;
  const admin = async (sql: string) => {
    const client = new Client({ connectionString: serverUrl });
    await client.connect();
    await client.query(sql).finally(() => client.end());
  };

  beforeAll(async () => {
    await admin(`CREATE ROLE ${role} LOGIN`);
    await admin(`CREATE DATABASE ${database}`);
  });
  afterAll(async () => {
    await admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin(`DROP ROLE IF EXISTS ${role}`);
  });

  it('a database that does not exist: says so and suggests createdb', async () => {
    const failure = await failureOf(withPath('/outflow_no_such_db'));
    expect(failure).toEqual({
      kind: 'no-database',
      message: expect.stringMatching(
        /^The database "outflow_no_such_db" does not exist on 127\.0\.0\.1:5432: create it \(createdb -h 127\.0\.0\.1 -p 5432 -U postgres outflow_no_such_db\) or name an existing one in DATABASE_URL\.$/,
      ),
    });
  });

  it('a role that does not exist: says so and suggests createuser', async () => {
    const failure = await failureOf(withPath('/postgres', 'outflow_no_such_role'));
    expect(failure.kind).toBe('no-role');
    expect(failure.message).toBe(
      'The role "outflow_no_such_role" does not exist on 127.0.0.1:5432: create it (createuser -h 127.0.0.1 -p 5432 outflow_no_such_role) or name an existing user in DATABASE_URL.',
    );
  });

  it('a role without the right to create tables: one sentence, no schema engine backtrace', async () => {
    const failure = await failureOf(withPath(`/${database}`, role));
    expect(failure).toEqual({
      kind: 'permission-denied',
      message: `User "${role}" may not create the legacy tables in "${database}" (permission denied for schema public): grant it the right (GRANT CREATE ON SCHEMA public TO "${role}") or use the database's owner in DATABASE_URL.`,
    });
  });

  it('a closed port: nothing accepts connections there', async () => {
    // Prepare: a port that was free a moment ago.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as { port: number }).port;
    await new Promise((resolve) => probe.close(resolve));
    // Act
    const failure = await failureOf(`postgresql://postgres@127.0.0.1:${port}/postgres`);
    // Assess
    expect(failure).toEqual({
      kind: 'refused',
      message: `Nothing accepts connections at 127.0.0.1:${port} (DATABASE_URL): start the PostgreSQL server, or fix the host and port in the URL.`,
    });
  });
});

describe('Function: explainDatabaseFailure, without a server', () => {
  it('`notaurl`: names the setting and the expected form, before any driver reads it', async () => {
    expect(await failureOf('notaurl')).toEqual({
      kind: 'bad-url',
      message:
        'DATABASE_URL is not a PostgreSQL URL: expected postgresql://user:password@host:5432/database, got "notaurl".',
    });
  });

  it('never shows a bad URL that may hold a password', async () => {
    expect((await failureOf('mysql://u:secret@h/db')).message).not.toContain('secret');
  });

  it('an unknown host: names it', async () => {
    expect(await failureOf('postgresql://postgres@outflow-no-such-host.invalid/postgres')).toEqual({
      kind: 'host-unknown',
      message:
        'Cannot find the PostgreSQL host "outflow-no-such-host.invalid" named in DATABASE_URL: check the host name in the URL.',
    });
  });

  it('a password refused (28P01) and a node error code, from the error alone', () => {
    const source = { url: 'postgresql://ada@db.example:5433/shop', setting: '--database-url' };
    const refused = { name: 'DriverAdapterError', cause: { originalCode: '28P01', originalMessage: 'x' } };
    expect(explainDatabaseFailure(refused, source).message).toBe(
      'PostgreSQL at db.example:5433 refused the password of user "ada": fix the user and password in --database-url.',
    );
    const econnrefused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    expect(explainDatabaseFailure(econnrefused, source).kind).toBe('refused');
  });
});
