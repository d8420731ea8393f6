import { appResources, outflowTopology } from '@outflow/topology';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { runCfnLint } from './cfn-lint';
import { onlyResourceOf, packageService, type PackagedService } from './package-service';
import { checkTemplate } from './template-checks';

const repoRoot = join(__dirname, '../../../..');

describe('Deployable: the backbone (root serverless.yml)', () => {
  let packaged: PackagedService;
  beforeAll(async () => {
    // As a new user runs it: `npx serverless package` at the root, no stage (so `dev`).
    packaged = await packageService(repoRoot);
    console.info(`serverless package (backbone) took ${packaged.seconds.toFixed(1)} s`);
  }, 240_000);
  afterAll(() => rmSync(packaged.dir, { recursive: true, force: true }));

  it('keeps every deployment rule', () => {
    expect(checkTemplate(packaged.template)).toEqual([]);
  });

  it('passes cfn-lint without errors', async () => {
    const lint = await runCfnLint(packaged.templatePath);
    console.info(`backbone: ${lint.summary}`);
    expect(lint.errors).toEqual([]);
  }, 120_000);

  it('deploys the topology’s bus and its archive', () => {
    expect(onlyResourceOf(packaged.template, 'AWS::Events::EventBus')[1].Properties).toEqual({
      Name: `outflow-backbone-dev-${outflowTopology.bus.name}`,
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

  it('exports every output the generated app resources import, under the name they use', () => {
    const exported = Object.values(packaged.template.Outputs ?? {}).map((output) => output.Export?.Name);
    const names = { service: 'any', stage: 'dev', backbone: 'outflow-backbone' };
    const streams = { orders: { streamArn: 'arn:aws:dynamodb:eu-west-1:1:table/t/stream/s' } };
    const apps = [
      ...new Set([...outflowTopology.sources, ...outflowTopology.subscriptions].map((e) => e.app)),
    ];
    const imported = new Set(
      apps
        .flatMap((app) => [
          ...JSON.stringify(appResources(outflowTopology, app, names, { streams })).matchAll(
            /"Fn::ImportValue":"([^"]+)"/g,
          ),
        ])
        .map((m) => m[1]),
    );
    expect([...imported].sort()).toEqual([
      'outflow-backbone-dev-AlarmTopicArn',
      'outflow-backbone-dev-BusArn',
      'outflow-backbone-dev-BusName',
    ]);
    for (const name of imported) expect(exported).toContain(name);
  });
});
