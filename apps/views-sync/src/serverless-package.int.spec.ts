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

describe('Deployable: views-sync (serverless package)', () => {
  const subscription = subscriptionNamed(outflowTopology, 'views');
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
    console.info(`views-sync: ${lint.summary}`);
    expect(lint.errors).toEqual([]);
  }, 120_000);

  it('holds exactly the generator’s resources and outputs for the app: rule, queue, DLQs, policy, alarms', () => {
    const generated = appResources(outflowTopology, 'views-sync', {
      service: 'outflow-views',
      stage: 'dev',
      backbone: 'outflow-backbone',
    });
    expect(checkGeneratedResources(packaged.template, generated)).toEqual([]);
  });

  it('consumes the generated standard queue (delivery unordered) with the topology’s batch size, reporting partial batch failures', () => {
    const [, mapping] = onlyResourceOf(packaged.template, 'AWS::Lambda::EventSourceMapping');
    expect(subscription.delivery).toEqual({ mode: 'unordered' });
    expect(mapping.Properties).toMatchObject({
      EventSourceArn: { 'Fn::GetAtt': [subscriptionLogicalIds(subscription).queue, 'Arn'] },
      BatchSize: subscription.consumer.batchSize,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    const [, fn] = onlyResourceOf(packaged.template, 'AWS::Lambda::Function');
    expect(fn.Properties).toMatchObject({
      Timeout: subscription.consumer.timeoutSeconds,
      Handler: 'src/handlers/queue-apply.handler.handler',
    });
  });

  it('declares the views table with its ledger index and exports its name for readers', () => {
    const [id, table] = onlyResourceOf(packaged.template, 'AWS::DynamoDB::Table');
    expect(id).toBe('ViewsTable');
    expect((table.Properties as Props)['TableName']).toBe('outflow-views-dev-views');
    expect((table.Properties as Props)['GlobalSecondaryIndexes'][0].IndexName).toBe('byAggregateType');
    expect((packaged.template as Props)['Outputs']['ViewsTableName']).toEqual({
      Value: { Ref: 'ViewsTable' },
      Export: { Name: 'outflow-views-dev-ViewsTableName' },
    });
  });

  it('allows DynamoDB calls only on the views table and its index', () => {
    const dynamo = iamStatements(packaged.template).filter(({ statement }) =>
      [statement.Action].flat().some((a) => a.startsWith('dynamodb:')),
    );
    expect(dynamo).toHaveLength(1);
    expect(dynamo[0]!.statement).toEqual({
      Effect: 'Allow',
      Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query'],
      Resource: [
        { 'Fn::GetAtt': ['ViewsTable', 'Arn'] },
        { 'Fn::Join': ['/', [{ 'Fn::GetAtt': ['ViewsTable', 'Arn'] }, 'index', '*']] },
      ],
    });
  });

  it('names the table in the environment, and no credential', () => {
    const [, fn] = onlyResourceOf(packaged.template, 'AWS::Lambda::Function');
    expect((fn.Properties as Props)['Environment'].Variables).toEqual({
      // The lag metric's service dimension and namespace, as the generated alarm reads them.
      POWERTOOLS_SERVICE_NAME: 'views',
      POWERTOOLS_METRICS_NAMESPACE: 'Outflow',
      // Where the handler sends a permanent failure at once (the generated DLQ).
      OUTFLOW_DEAD_LETTER_QUEUE_URL: { Ref: 'ViewsDeadLetterQueue' },
      VIEWS_TABLE_NAME: { Ref: 'ViewsTable' },
      LOG_LEVEL: 'info',
    });
  });

  it('ships one bundle for the consumer', () => {
    expect(Object.keys(packaged.artifacts)).toEqual(['applyToViews.zip']);
  });
});
