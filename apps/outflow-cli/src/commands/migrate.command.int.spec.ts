// `outflow migrate` against real databases: a fresh PGlite dir always, a fresh database on the
// PostgreSQL server when DATABASE_URL is set; and the real bin (it exits when done, not ~10 s later).
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import type { CliIo } from '../cli/command';
import { main } from '../main';

const repoRoot = join(__dirname, '..', '..', '..', '..');
const migrations = readdirSync(join(repoRoot, 'prisma', 'migrations'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();
const serverUrl = process.env['DATABASE_URL'];

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (text) => out.push(text), err: (text) => err.push(text) };
  const code = await main(['migrate', ...args], io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('Command: migrate on a fresh PGlite dir', () => {
  const root = mkdtempSync(join(tmpdir(), 'outflow-cli-migrate-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('applies every committed migration, then says it is up to date', async () => {
    // Act
    const first = await run(['--pglite-dir', join(root, 'db')]);
    const again = await run(['--pglite-dir', join(root, 'db')]);
    // Assess
    expect(first).toEqual({
      code: 0,
      out: [
        `applied ${migrations.length} migration(s) to embedded PostgreSQL (PGlite) in ${join(root, 'db')}:`,
        ...migrations.map((name) => `  ${name}`),
      ].join('\n'),
      err: '',
    });
    expect(again).toEqual({
      code: 0,
      out: `embedded PostgreSQL (PGlite) in ${join(root, 'db')} is up to date: all ${migrations.length} migrations in prisma/migrations were applied before`,
      err: '',
    });
  }, 60_000);
});

(serverUrl ? describe : describe.skip)(
  `Command: migrate on a fresh PostgreSQL database${serverUrl ? '' : ' (skipped: DATABASE_URL not set — run with DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres)'}`,
  () => {
    const name = `outflow_migrate_${process.pid}`;
    const url = new URL(serverUrl ?? 'postgresql://localhost/x');
    url.pathname = `/${name}`;
    const admin = async (sql: string) => {
      const client = new Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(sql).finally(() => client.end());
    };
    beforeAll(() => admin(`CREATE DATABASE ${name}`));
    afterAll(() => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));

    it('applies the migrations to --database-url and records them as prisma migrate deploy does', async () => {
      // Act
      const applied = await run(['--database-url', url.toString()]);
      // Assess
      expect(applied.code).toBe(0);
      expect(applied.out.split('\n').slice(1)).toEqual(migrations.map((m) => `  ${m}`));
      const client = new Client({ connectionString: url.toString() });
      await client.connect();
      const recorded = await client
        .query<{ migration_name: string }>(
          'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY 1',
        )
        .finally(() => client.end());
      expect(recorded.rows.map((row) => row.migration_name)).toEqual(migrations);
      expect((await run(['--database-url', url.toString()])).out).toContain('is up to date');
    }, 60_000);

    it('says in one sentence that a database does not exist, suggesting createdb; exit 1', async () => {
      const missing = new URL(url);
      missing.pathname = '/outflow_migrate_missing';
      const result = await run(['--database-url', missing.toString()]);
      expect(result.code).toBe(1);
      expect(result.err).toMatch(
        /^outflow migrate: The database "outflow_migrate_missing" does not exist on .*: create it \(createdb .*\) or name an existing one in --database-url\.$/,
      );
    });
  },
);

describe('Command: migrate, usage and failures', () => {
  const saved = process.env['DATABASE_URL'];
  afterEach(() => {
    if (saved === undefined) delete process.env['DATABASE_URL'];
    else process.env['DATABASE_URL'] = saved;
  });

  it.each([
    [
      ['--database-url', 'postgresql://h/db', '--pglite-dir', 'x'],
      'give --database-url or --pglite-dir, not both',
    ],
    [['--force'], "Unknown option '--force'"],
    [['extra'], "Unexpected argument 'extra'"],
  ])('exits 2 for %j, saying why and showing the usage', async (args, why) => {
    const result = await run(args);
    expect(result.code).toBe(2);
    expect(result.err).toContain(why);
    expect(result.err).toContain('Usage: outflow migrate');
  });

  it('exits 2 naming the ways to give a database when none is given', async () => {
    delete process.env['DATABASE_URL'];
    const result = await run([]);
    expect([result.code, result.err.split('\n')[0]]).toEqual([
      2,
      'outflow migrate: no database given: pass --database-url <url> or --pglite-dir <dir>, or set DATABASE_URL',
    ]);
  });

  it('reads DATABASE_URL by default and refuses DATABASE_URL=notaurl in one sentence; exit 1', async () => {
    process.env['DATABASE_URL'] = 'notaurl';
    expect(await run([])).toEqual({
      code: 1,
      out: '',
      err: 'outflow migrate: DATABASE_URL is not a PostgreSQL URL: expected postgresql://user:password@host:5432/database, got "notaurl".',
    });
  });
});

describe('Bin: outflow migrate', () => {
  /** Runs the real bin; `lingerMs` is how long it ran on after printing its last line. */
  const spawnBin = (args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string; lingerMs: number }>((resolve) => {
      const child = spawn(
        process.execPath,
        [join(repoRoot, 'apps/outflow-cli/bin/outflow.cjs'), 'migrate', ...args],
        {
          cwd: repoRoot,
        },
      );
      let stdout = '';
      let stderr = '';
      let printedAt = Date.now();
      child.stdout.on('data', (chunk: Buffer) => ((stdout += chunk.toString()), (printedAt = Date.now())));
      child.stderr.on('data', (chunk: Buffer) => ((stderr += chunk.toString()), (printedAt = Date.now())));
      child.on('close', (code) =>
        resolve({ code: code ?? -1, stdout, stderr, lingerMs: Date.now() - printedAt }),
      );
    });

  it('prints its help', async () => {
    const help = await spawnBin(['--help']);
    expect([help.code, help.stdout]).toEqual([0, expect.stringContaining('--database-url <url>')]);
  });

  it('exits as soon as the migrations are applied (the schema engine would keep it alive ~10 s)', async () => {
    const root = mkdtempSync(join(tmpdir(), 'outflow-cli-migrate-bin-'));
    try {
      const result = await spawnBin(['--pglite-dir', join(root, 'db')]);
      expect([result.code, result.stderr]).toEqual([0, '']);
      expect(result.stdout).toContain(`applied ${migrations.length} migration(s)`);
      expect(result.lingerMs).toBeLessThan(3_000);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }, 60_000);
});
