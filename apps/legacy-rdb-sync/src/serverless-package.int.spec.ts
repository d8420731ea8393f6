import {
  checkGeneratedResources,
  checkTemplate,
  iamStatements,
  onlyResourceOf,
  packageService,
  runCfnLint,
  type PackagedService,
} from '@outflow/deploy-checks';
import { appResources, outflowTopology, subscriptionLogicalIds, subscriptionNamed } from '@outflow/topology';
import { rmSync } from 'node:fs';
import { join } from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- CloudFormation properties, read by path
type Props = Record<string, any>;

describe('Deployable: legacy-rdb-sync (serverless package)', () => {
  const subscription = subscriptionNamed(outflowTopology, 'legacy-rdb');
  let packaged: PackagedService;

  beforeAll(async () => {
    // As a new user runs it: `npx serverless package`, no stage (so `dev`), no parameters.
    packaged = await packageService(join(__dirname, '..'));
    console.info(`serverless package took ${packaged.seconds.toFixed(1)} s`, packaged.artifacts);
  }, 240_000);
  afterAll(() => rmSync(packaged.dir, { recursive: true, force: true }));

  it('keeps every deployment rule (DLQs, finite retries, partial batch failures, no * on data services, no plain credentials)', () => {
    expect(checkTemplate(packaged.template)).toEqual([]);
  });

  it('passes cfn-lint without errors', async () => {
    const lint = await runCfnLint(packaged.templatePath);
    console.info(`legacy-rdb-sync: ${lint.summary}`);
    expect(lint.errors).toEqual([]);
  }, 120_000);

  it('holds exactly the generator’s resources and outputs for the app: rule, queues, policy, alarms', () => {
    const generated = appResources(outflowTopology, 'legacy-rdb-sync', {
      service: 'outflow-legacy-rdb-sync',
      stage: 'dev',
      backbone: 'outflow-backbone',
    });
    expect(checkGeneratedResources(packaged.template, generated)).toEqual([]);
  });

  it('consumes the generated queue with the topology’s batch size, timeout and memory, reporting partial batch failures', () => {
    const [, mapping] = onlyResourceOf(packaged.template, 'AWS::Lambda::EventSourceMapping');
    expect(mapping.Properties).toMatchObject({
      EventSourceArn: { 'Fn::GetAtt': [subscriptionLogicalIds(subscription).queue, 'Arn'] },
      BatchSize: subscription.consumer.batchSize,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    const [, fn] = onlyResourceOf(packaged.template, 'AWS::Lambda::Function');
    expect(fn.Properties).toMatchObject({
      Runtime: 'nodejs22.x',
      Timeout: subscription.consumer.timeoutSeconds,
      MemorySize: subscription.consumer.memorySize,
      Handler: 'src/handlers/queue-apply.handler.handler',
    });
  });

  it('reads database credentials from Secrets Manager by ARN, allowed on that one secret only, and runs in the given VPC', () => {
    const [, fn] = onlyResourceOf(packaged.template, 'AWS::Lambda::Function');
    const variables = (fn.Properties as Props)['Environment'].Variables as Record<string, unknown>;
    expect(Object.keys(variables).sort()).toEqual(['LEGACY_DB_SECRET_ARN', 'LOG_LEVEL']);
    expect(variables['LEGACY_DB_SECRET_ARN']).toMatch(/^arn:aws:secretsmanager:/);
    const secretStatements = iamStatements(packaged.template).filter(({ statement }) =>
      [statement.Action].flat().some((a) => a.startsWith('secretsmanager:')),
    );
    expect(secretStatements.map(({ statement }) => [statement.Action, statement.Resource])).toEqual([
      [['secretsmanager:GetSecretValue'], variables['LEGACY_DB_SECRET_ARN']],
    ]);
    // The packaging placeholders of `params.default`; a deploy passes real ones with --param.
    expect((fn.Properties as Props)['VpcConfig']).toEqual({
      SubnetIds: { 'Fn::Split': [',', 'subnet-00000000000000001,subnet-00000000000000002'] },
      SecurityGroupIds: { 'Fn::Split': [',', 'sg-00000000000000001'] },
    });
  });

  it('ships one bundle for the consumer', () => {
    expect(Object.keys(packaged.artifacts)).toEqual(['applyToLegacyDb.zip']);
  });
});
