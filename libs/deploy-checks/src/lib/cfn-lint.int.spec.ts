import { appResources, outflowTopology } from '@outflow/topology';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCfnLint } from './cfn-lint';

const dir = mkdtempSync(join(tmpdir(), 'cfn-lint-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const lint = (name: string, resources: Record<string, unknown>) => {
  const path = join(dir, `${name}.json`);
  writeFileSync(path, JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Resources: resources }));
  return runCfnLint(path);
};

describe('cfn-lint: runCfnLint', () => {
  it('reports a property AWS would refuse as an error, naming the rule and the path', async () => {
    const generated = appResources(outflowTopology, 'legacy-rdb-sync', {
      service: 'svc',
      stage: 'test',
      backbone: 'bb',
    });
    const queue = generated.Resources['LegacyRdbQueue']!;
    const result = await lint('broken', {
      ...generated.Resources,
      LegacyRdbQueue: { ...queue, Properties: { ...queue.Properties, VisibilityTimeout: 50_000 } },
    });
    expect(result.errors).toEqual([
      expect.objectContaining({
        rule: expect.stringMatching(/^E3/),
        path: 'Resources/LegacyRdbQueue/Properties/VisibilityTimeout',
      }),
    ]);
    expect(result.summary).toMatch(/^cfn-lint: 1 errors, \d+ warnings/);
  }, 120_000);

  it('finds no error in the resources the generator gives a subscription', async () => {
    const generated = appResources(outflowTopology, 'legacy-rdb-sync', {
      service: 'svc',
      stage: 'test',
      backbone: 'bb',
    });
    const result = await lint('generated', generated.Resources);
    console.info(`generated legacy-rdb resources: ${result.summary}`);
    expect(result.errors).toEqual([]);
  }, 120_000);
});
