import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Reads one of the conformance vectors copied into test/fixtures (never the shared originals). */
export const loadFixture = <T>(name: string): T =>
  JSON.parse(readFileSync(join(__dirname, 'fixtures', name), 'utf8')) as T;
