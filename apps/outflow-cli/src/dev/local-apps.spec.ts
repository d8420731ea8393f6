import { outflowTopology, subscription } from '@outflow/topology';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DevError } from '../errors';
import { buildLocalSubscriptions, loadLocalSubscriptionFactory } from './local-apps';

const cliRoot = join(__dirname, '../..');

/** Every production file of the CLI (specs and test fixtures excepted). */
function productionFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : productionFiles(path);
    return /\.(ts|cjs|json)$/.test(name) && !/\.spec\.ts$/.test(name) && !/jest\.config/.test(name)
      ? [path]
      : [];
  });
}

describe('Module: local-apps (the CLI is the only place that loads apps)', () => {
  it('names no downstream: no subscription or consumer app of the topology appears in the CLI’s code', () => {
    const names = outflowTopology.subscriptions.flatMap((s) => [s.name, s.app]);
    // The chaos suite (src/chaos, `npm run chaos`) is test tooling, not the CLI: it starts the
    // backends the subscriptions' ./local entries connect to, the @outflow/opensearch-emulator
    // among them, whose package name holds a subscription's name. It names no subscription.
    const chaos = join(cliRoot, 'src', 'chaos');
    const files = [...productionFiles(join(cliRoot, 'src')), ...productionFiles(join(cliRoot, 'bin'))].filter(
      (file) => !file.startsWith(chaos),
    );
    expect(files.length).toBeGreaterThan(10);
    const found = files.flatMap((file) =>
      names.filter((name) => readFileSync(file, 'utf8').includes(name)).map((name) => `${file}: ${name}`),
    );
    expect(found).toEqual([]);
  });

  describe('Function: loadLocalSubscriptionFactory', () => {
    const apps = mkdtempSync(join(tmpdir(), 'outflow-apps-'));
    afterAll(() => rmSync(apps, { recursive: true, force: true }));
    const app = (name: string, manifest: object, files: Record<string, string> = {}) => {
      mkdirSync(join(apps, name, 'src'), { recursive: true });
      writeFileSync(join(apps, name, 'package.json'), JSON.stringify({ name: `@x/${name}`, ...manifest }));
      for (const [file, text] of Object.entries(files)) writeFileSync(join(apps, name, file), text);
    };
    const sub = (appName: string) => subscription('probe', appName, ['order']);

    it('names the subscription’s app and where it looked when the app is missing', () => {
      expect(() => loadLocalSubscriptionFactory(sub('nowhere-sync'), [apps])).toThrow(
        new DevError(
          `The topology names the app "nowhere-sync", but there is no nowhere-sync/package.json in ${apps}. Fix the subscription's \`app\` in libs/topology, or add the app.`,
        ),
      );
    });

    it('says what to add when the app has no exports["./local"]', () => {
      app('bare-sync', {});
      expect(() => loadLocalSubscriptionFactory(sub('bare-sync'), [apps])).toThrow(
        /bare-sync\/package.json has no exports\["\.\/local"\]\. Add "exports": \{ "\.\/local": "\.\/src\/local\.ts" \}/,
      );
    });

    it('says what to export when the entry has no createLocalSubscription', () => {
      app(
        'wrong-sync',
        { exports: { './local': './src/local.js' } },
        { 'src/local.js': 'exports.other = 1;' },
      );
      expect(() => loadLocalSubscriptionFactory(sub('wrong-sync'), [apps])).toThrow(
        /does not export a function createLocalSubscription/,
      );
    });

    it('disposes the consumers already built when a later one fails, and names the failing subscription', async () => {
      const disposed: string[] = [];
      (globalThis as Record<string, unknown>)['__disposed'] = disposed;
      app(
        'ok-sync',
        { exports: { './local': { require: './src/local.js' } } },
        {
          'src/local.js':
            'exports.createLocalSubscription = async (s) => ({ handler: async () => {}, dispose: async () => globalThis.__disposed.push(s.subscription.name) });',
        },
      );
      app(
        'failing-sync',
        { exports: { './local': './src/local.js' } },
        {
          'src/local.js':
            'exports.createLocalSubscription = async () => { throw new Error("no database"); };',
        },
      );
      const topology = {
        ...outflowTopology,
        subscriptions: [
          subscription('first', 'ok-sync', ['order']),
          subscription('second', 'failing-sync', ['order']),
        ],
      };
      const stack = {
        dataDir: apps,
        repoRoot: apps,
        dynamoDbEndpoint: 'http://127.0.0.1:1',
        env: {},
        purpose: 'run' as const,
        log: () => undefined,
        warn: () => undefined,
      };
      await expect(buildLocalSubscriptions(topology, stack, [apps])).rejects.toThrow(
        'The second subscription (app failing-sync) could not start: no database',
      );
      expect(disposed).toEqual(['first']);
    });
  });
});
