// The Lambda bundle carries only what the deployed consumer runs: no embedded database (PGlite)
// and no migration engine (Prisma's WebAssembly schema engine) — those are `npm start`'s, in
// src/local.ts and @outflow/prisma-legacy-projection/local.
import { packageService, readArtifactEntry } from '@outflow/deploy-checks';
import { rmSync } from 'node:fs';
import { join } from 'node:path';

interface ZipFile {
  on(event: 'entry', listener: (entry: { fileName: string; uncompressedSize: number }) => void): void;
  on(event: 'end', listener: () => void): void;
  on(event: 'error', listener: (error: Error) => void): void;
  readEntry(): void;
  close(): void;
}

/** Every entry of a zip, with its uncompressed size in bytes. */
function zipEntries(path: string): Promise<Record<string, number>> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- yauzl ships no types
  const yauzl = require('yauzl') as {
    open(path: string, options: { lazyEntries: boolean }, cb: (e: Error | null, zip: ZipFile) => void): void;
  };
  return new Promise((resolve, reject) =>
    yauzl.open(path, { lazyEntries: true }, (error, zip) => {
      if (error) return reject(error);
      const entries: Record<string, number> = {};
      zip.on('error', reject);
      zip.on('entry', (entry) => ((entries[entry.fileName] = entry.uncompressedSize), zip.readEntry()));
      zip.on('end', () => (zip.close(), resolve(entries)));
      zip.readEntry();
    }),
  );
}

describe('Deployable: the legacy-rdb-sync Lambda bundle', () => {
  const zip = 'applyToLegacyDb.zip';
  let dir: string;
  let entries: Record<string, number>;
  let bundle: string;

  beforeAll(async () => {
    const packaged = await packageService(join(__dirname, '..'));
    dir = packaged.dir;
    entries = await zipEntries(join(dir, zip));
    bundle = (await readArtifactEntry(join(dir, zip), 'src/handlers/queue-apply.handler.js')).toString(
      'utf8',
    );
  }, 240_000);
  afterAll(() => dir && rmSync(dir, { recursive: true, force: true }));

  it('holds no PGlite file and no schema-engine file', () => {
    const names = Object.keys(entries);
    expect(names).toContain('src/handlers/queue-apply.handler.js');
    expect(names.filter((name) => /pglite|schema[-_]engine|\.data$/i.test(name))).toEqual([]);
  });

  it('bundles neither PGlite nor the schema engine into the handler', () => {
    for (const marker of [
      '@electric-sql/pglite',
      'pglite-prisma-adapter',
      'PGlite',
      'schema_engine_bg',
      'SchemaEngine',
    ])
      expect({ marker, found: bundle.includes(marker) }).toEqual({ marker, found: false });
  });

  it('stays small: under 1.5 MB unpacked in all (the PGlite-and-Prisma-client bundle was 6 MB)', () => {
    const total = Object.values(entries).reduce((sum, size) => sum + size, 0);
    console.info(
      `${zip}: ${Object.keys(entries).length} entries, ${(total / 1e6).toFixed(2)} MB unpacked`,
      entries,
    );
    expect(total).toBeLessThan(1_500_000);
  });
});
