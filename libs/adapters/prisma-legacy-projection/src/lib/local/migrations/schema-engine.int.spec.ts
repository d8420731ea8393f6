// A process that applies the migrations must be free to exit as soon as it closes its database:
// Prisma's WebAssembly schema engine leaves a 10 s timer pending after `free()` and never disposes
// the driver adapters it connected (a pg Pool holding an idle connection for 10 s). Measured in a
// child process, as a CLI (`npm start`, `outflow migrate`) or a Jest worker would see it.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import type { LegacyDatabaseTarget } from '../../legacy-database';
import { createTestLegacyDatabase, prismaProject, type TestLegacyDatabase } from '../../../testing';

const repoRoot = resolve(__dirname, '../../../../../../..');
const localEntry = resolve(__dirname, '../../../local.ts');

// Opens the target, applies the migrations, closes it, prints the time, and lets the process end.
const migrateThenClose = `
require('tsx/cjs');
const { applyMigrations, openLocalLegacyDatabase } = require(${JSON.stringify(localEntry)});
(async () => {
  const db = await openLocalLegacyDatabase(JSON.parse(process.env.TARGET));
  const applied = await applyMigrations({ dir: ${JSON.stringify(prismaProject.dir)} }, db.adapterFactory);
  await db.close();
  process.stdout.write(JSON.stringify({ applied, closedAt: Date.now() }));
})();
`;

/** Runs `migrateThenClose` on `target`; resolves with how long the process lived after closing. */
function lingerAfterClose(target: LegacyDatabaseTarget): Promise<{ applied: string[]; lingerMs: number }> {
  return new Promise((done, fail) => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      TARGET: JSON.stringify(target),
      TSX_TSCONFIG_PATH: `${repoRoot}/tsconfig.base.json`,
    };
    delete env['NODE_OPTIONS'];
    const child = spawn(process.execPath, ['-e', migrateThenClose], { cwd: repoRoot, env });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', fail);
    child.on('close', (code) => {
      const exitedAt = Date.now();
      if (code !== 0) return fail(new Error(`the child exited with ${code}: ${err}`));
      const { applied, closedAt } = JSON.parse(out) as { applied: string[]; closedAt: number };
      done({ applied, lingerMs: exitedAt - closedAt });
    });
  });
}

/** Well under the engine's 10 s timer and pg's 10 s idle timeout, well over a process's exit. */
const promptExitMs = 3_000;

describe('Function: withSchemaEngine (through applyMigrations)', () => {
  it('lets a process exit at once after migrating embedded PGlite and closing it', async () => {
    // Act
    const { applied, lingerMs } = await lingerAfterClose({ kind: 'pglite-memory' });

    // Assess
    expect(applied.length).toBeGreaterThan(0);
    expect(lingerMs).toBeLessThan(promptExitMs);
  });

  const serverUrl = process.env['DATABASE_URL'];
  const itServer = serverUrl ? it : it.skip;
  const skipped = serverUrl ? '' : ' (skipped: DATABASE_URL not set)';
  let database: TestLegacyDatabase | undefined;
  afterAll(() => database?.destroy());

  itServer(
    `lets a process exit at once after migrating a PostgreSQL server and closing it${skipped}`,
    async () => {
      // Prepare: a migrated database, so the child connects, finds nothing to apply, and closes
      database = await createTestLegacyDatabase(prismaProject, {
        kind: 'postgres',
        serverUrl: serverUrl as string,
      });
      const url = database.environment['DATABASE_URL'] as string;

      // Act
      const { applied, lingerMs } = await lingerAfterClose({ kind: 'postgres', url });

      // Assess
      expect(applied).toEqual([]);
      expect(lingerMs).toBeLessThan(promptExitMs);
    },
  );
});
