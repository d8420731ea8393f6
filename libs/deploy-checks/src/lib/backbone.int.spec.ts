import { outflowTopology } from '@outflow/topology';
import { readdirSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { onlyResourceOf, packageService, type PackagedService } from './package-service';
import { checkTemplate } from './template-checks';

const repoRoot = join(__dirname, '../../../..');

describe('Deployable: the backbone (root serverless.yml)', () => {
  let packaged: PackagedService;
  beforeAll(async () => {
    packaged = await packageService(repoRoot);
    console.info(`serverless package (backbone) took ${packaged.seconds.toFixed(1)} s`);
  }, 240_000);
  afterAll(() => rmSync(packaged.dir, { recursive: true, force: true }));

  it('keeps every deployment rule', () => {
    expect(checkTemplate(packaged.template)).toEqual([]);
  });

  it('deploys the topology’s bus and its archive', () => {
    expect(onlyResourceOf(packaged.template, 'AWS::Events::EventBus')[1].Properties).toEqual({
      Name: `outflow-backbone-ci-${outflowTopology.bus.name}`,
    });
    expect(onlyResourceOf(packaged.template, 'AWS::Events::Archive')[1].Properties).toMatchObject({
      SourceArn: { 'Fn::GetAtt': ['EventBus', 'Arn'] },
      RetentionDays: outflowTopology.bus.archive.retentionDays,
    });
  });

  it('deploys the alarm topic, which only CloudWatch alarms of this account may publish to', () => {
    const [, policy] = onlyResourceOf(packaged.template, 'AWS::SNS::TopicPolicy');
    expect(policy.Properties).toMatchObject({
      Topics: [{ Ref: 'AlarmTopic' }],
      PolicyDocument: {
        Statement: [
          {
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: 'sns:Publish',
            Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
          },
        ],
      },
    });
  });

  it('exports every output an app imports, under the name the app uses', () => {
    const exported = Object.values(packaged.template.Outputs ?? {}).map((output) => output.Export?.Name);
    const apps = readdirSync(join(repoRoot, 'apps')).filter((app) =>
      existsSync(join(repoRoot, 'apps', app, 'serverless.yml')),
    );
    const imported = apps.flatMap((app) =>
      [
        ...readFileSync(join(repoRoot, 'apps', app, 'serverless.yml'), 'utf8').matchAll(
          /custom\.shared\.backbone\}-\$\{sls:stage\}-(\w+)/g,
        ),
      ].map((m) => ({ app, name: `outflow-backbone-ci-${m[1]}` })),
    );
    expect(imported.map((i) => i.app)).toEqual(expect.arrayContaining(['orders-service', 'legacy-rdb-sync']));
    for (const { name } of imported) expect(exported).toContain(name);
  });
});
