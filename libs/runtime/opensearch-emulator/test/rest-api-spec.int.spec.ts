import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { startOpenSearchEmulator, type OpenSearchEmulator } from '../src/index';
import { runCase } from './yaml-runner/runner';
import { loadSuite } from './yaml-runner/suite';

// Every case of OpenSearch's own REST API YAML tests copied into fixtures/rest-api-spec (see its
// README: source commit, licence, and what was left out and why) runs against the emulator.
const root = join(__dirname, 'fixtures', 'rest-api-spec');
const files = readdirSync(root, { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.yml'))
  .sort();

describe('OpenSearch REST API YAML tests against the emulator', () => {
  let emulator: OpenSearchEmulator;

  beforeAll(async () => {
    emulator = await startOpenSearchEmulator();
  });
  afterEach(() => emulator.reset());
  afterAll(() => emulator.stop());

  it('has the copied test files', () => {
    expect(files.length).toBeGreaterThanOrEqual(24);
  });

  for (const file of files) {
    const suite = loadSuite(join(root, file));
    describe(relative(root, join(root, file)), () => {
      for (const testCase of suite.cases) {
        it(testCase.name, () => runCase(emulator.url, suite, testCase.name));
      }
    });
  }
});
