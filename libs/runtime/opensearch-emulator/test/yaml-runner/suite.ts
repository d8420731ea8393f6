/**
 * Loads one of OpenSearch's REST API YAML test files: `setup` and `teardown` sections and the
 * named test cases, each a list of steps (`do`, `match`, `length`, `is_true`, `is_false`, `set`,
 * `gt`/`gte`/`lt`/`lte`, `skip`).
 * Format: rest-api-spec/src/main/resources/rest-api-spec/test/README.asciidoc in OpenSearch.
 */
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';

/** One step: `{ <kind>: <argument> }`. */
export type Step = Record<string, unknown>;

/** A YAML test file. */
export interface Suite {
  readonly file: string;
  readonly setup: Step[];
  readonly teardown: Step[];
  readonly cases: ReadonlyArray<{ readonly name: string; readonly steps: Step[] }>;
}

/** Parses a YAML test file (a stream of documents, each one section). */
export function loadSuite(file: string): Suite {
  const setup: Step[] = [];
  const teardown: Step[] = [];
  const cases: Array<{ name: string; steps: Step[] }> = [];
  for (const document of parseAllDocuments(readFileSync(file, 'utf8'))) {
    if (document.errors.length > 0) throw new Error(`${file}: ${document.errors[0]?.message}`);
    const section = document.toJS() as Record<string, Step[]> | null;
    for (const [name, steps] of Object.entries(section ?? {})) {
      if (name === 'setup') setup.push(...steps);
      else if (name === 'teardown') teardown.push(...steps);
      else cases.push({ name, steps });
    }
  }
  return { file, setup, teardown, cases };
}
