import {
  appResources,
  GENERATED_RESOURCE_TYPES,
  outflowTopology,
  subscription,
  validateTopology,
  type DeliveryMode,
} from '@outflow/topology';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generatedTypesNamedIn } from './app-configs';
import { runCfnLint } from './cfn-lint';
import { checkGeneratedResources } from './generated-resources';
import { packageService, resourcesOf, type PackagedService } from './package-service';
import { checkTemplate } from './template-checks';

const repoRoot = join(__dirname, '../../../..');

/** The topology with one more downstream: what a team adds to outflowTopology for a new app. */
const topologyTs = (mode: DeliveryMode) => `
import { outflowTopology, subscription, validateTopology } from '@outflow/topology';
export const topology = validateTopology({
  ...outflowTopology,
  subscriptions: [
    ...outflowTopology.subscriptions,
    subscription('throwaway', 'throwaway-sync', ['order'], { delivery: '${mode}' }),
  ],
});
`;

/** A minimal app: its function and its store only, everything else from the generator. */
const SERVERLESS_TS = `
import { appResources, consumerEnvironment, consumerFunction, consumerIamStatements, subscriptionNamed } from '@outflow/topology';
import { topology } from './topology';

const service = 'outflow-throwaway-sync';
const shared = (key: string) => '\${file(${join(repoRoot, 'serverless.yml')}):custom.shared.' + key + '}';
const sub = subscriptionNamed(topology, 'throwaway');
const generated = appResources(topology, 'throwaway-sync', { service, stage: '\${sls:stage}', backbone: shared('backbone') });

export default {
  service,
  frameworkVersion: '>=3 <5',
  plugins: ['serverless-esbuild'],
  provider: {
    name: 'aws',
    runtime: shared('runtime'),
    architecture: shared('architecture'),
    region: shared('region'),
    stage: "\${opt:stage, 'dev'}",
    iam: { role: { statements: [
      ...consumerIamStatements(sub),
      { Effect: 'Allow', Action: ['dynamodb:GetItem', 'dynamodb:PutItem'], Resource: { 'Fn::GetAtt': ['Store', 'Arn'] } },
    ] } },
  },
  package: { individually: true },
  custom: { esbuild: { bundle: true, minify: true, target: 'node22', platform: 'node', exclude: [], tsconfig: 'tsconfig.json' } },
  functions: {
    apply: {
      handler: 'src/handler.handler',
      environment: { ...consumerEnvironment(sub), STORE_TABLE: { Ref: 'Store' } },
      ...consumerFunction(sub),
    },
  },
  resources: {
    Resources: {
      Store: {
        Type: 'AWS::DynamoDB::Table',
        Properties: {
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        },
      },
      ...generated.Resources,
    },
    Outputs: generated.Outputs,
  },
};
`;

function writeApp(dir: string, mode: DeliveryMode): void {
  mkdirSync(join(dir, 'src'));
  symlinkSync(join(repoRoot, 'node_modules'), join(dir, 'node_modules'), 'dir');
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'throwaway-sync', private: true }));
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({ extends: join(repoRoot, 'tsconfig.base.json'), include: ['**/*.ts'] }),
  );
  writeFileSync(join(dir, 'topology.ts'), topologyTs(mode));
  writeFileSync(join(dir, 'serverless.ts'), SERVERLESS_TS);
  writeFileSync(
    join(dir, 'src/handler.ts'),
    'export const handler = async () => ({ batchItemFailures: [] });\n',
  );
}

/** The generated resources of each type the packaged template must hold, per delivery mode. */
const EXPECTED: Record<DeliveryMode, [string, string[]][]> = {
  'per-aggregate': [
    ['AWS::Events::Rule', ['ThrowawayRule']],
    [
      'AWS::SQS::Queue',
      [
        'ThrowawayBufferQueue',
        'ThrowawayBufferDeadLetterQueue',
        'ThrowawayQueue',
        'ThrowawayDeadLetterQueue',
        'ThrowawayRuleDeadLetterQueue',
      ],
    ],
    ['AWS::SQS::QueuePolicy', ['ThrowawayQueuePolicy']],
    [
      'AWS::CloudWatch::Alarm',
      [
        'ThrowawayQueueAgeAlarm',
        'ThrowawayDeadLetterAlarm',
        'ThrowawayRuleDeadLetterAlarm',
        'ThrowawayChangeAgeAlarm',
        'ThrowawayBufferQueueAgeAlarm',
        'ThrowawayBufferDeadLetterAlarm',
        'ThrowawayPipeFailureAlarm',
      ],
    ],
    ['AWS::Pipes::Pipe', ['ThrowawayPipe']],
  ],
  unordered: [
    ['AWS::Events::Rule', ['ThrowawayRule']],
    ['AWS::SQS::Queue', ['ThrowawayQueue', 'ThrowawayDeadLetterQueue', 'ThrowawayRuleDeadLetterQueue']],
    ['AWS::SQS::QueuePolicy', ['ThrowawayQueuePolicy']],
    [
      'AWS::CloudWatch::Alarm',
      [
        'ThrowawayQueueAgeAlarm',
        'ThrowawayDeadLetterAlarm',
        'ThrowawayRuleDeadLetterAlarm',
        'ThrowawayChangeAgeAlarm',
      ],
    ],
    ['AWS::Pipes::Pipe', []],
  ],
};

describe.each(['per-aggregate', 'unordered'] as const)(
  'A new %s downstream: one topology entry plus a minimal app, no other edit',
  (mode) => {
    const dir = mkdtempSync(join(tmpdir(), `throwaway-sync-${mode}-`));
    const topology = validateTopology({
      ...outflowTopology,
      subscriptions: [
        ...outflowTopology.subscriptions,
        subscription('throwaway', 'throwaway-sync', ['order'], { delivery: mode }),
      ],
    });
    let packaged: PackagedService;

    beforeAll(async () => {
      writeApp(dir, mode);
      packaged = await packageService(dir);
    }, 240_000);
    afterAll(() => {
      rmSync(dir, { recursive: true, force: true });
      rmSync(packaged.dir, { recursive: true, force: true });
    });

    it('declares only its function and its store', () => {
      expect(generatedTypesNamedIn(readFileSync(join(dir, 'serverless.ts'), 'utf8'))).toEqual([]);
    });

    it('gets its rule, queues, DLQs, policy, alarms (and Pipe) from the generator, exactly', () => {
      const generated = appResources(topology, 'throwaway-sync', {
        service: 'outflow-throwaway-sync',
        stage: 'dev',
        backbone: 'outflow-backbone',
      });
      expect(checkGeneratedResources(packaged.template, generated)).toEqual([]);
      const byType = (type: string) => resourcesOf(packaged.template, type).map(([id]) => id);
      expect(GENERATED_RESOURCE_TYPES.map((type) => [type, byType(type)])).toEqual(EXPECTED[mode]);
      expect(
        resourcesOf(packaged.template, 'AWS::Lambda::EventSourceMapping')[0]?.[1].Properties,
      ).toMatchObject({
        EventSourceArn: { 'Fn::GetAtt': ['ThrowawayQueue', 'Arn'] },
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        ScalingConfig: { MaximumConcurrency: 2 },
      });
    });

    it('keeps every deployment rule and passes cfn-lint without errors', async () => {
      expect(checkTemplate(packaged.template)).toEqual([]);
      const lint = await runCfnLint(packaged.templatePath);
      console.info(`throwaway-sync (${mode}): ${lint.summary}`);
      expect(lint.errors).toEqual([]);
    }, 120_000);

    it('leaves every other app’s resources as they were', () => {
      const names = { service: 'any', stage: 'dev', backbone: 'outflow-backbone' };
      const streams = { orders: { streamArn: 'arn:aws:dynamodb:eu-west-1:1:table/t/stream/s' } };
      for (const app of ['orders-service', 'legacy-rdb-sync'])
        expect(appResources(topology, app, names, { streams })).toEqual(
          appResources(outflowTopology, app, names, { streams }),
        );
    });
  },
);
