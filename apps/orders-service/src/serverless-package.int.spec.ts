import {
  checkTemplate,
  iamStatements,
  onlyResourceOf,
  packageService,
  resourcesOf,
  type PackagedService,
} from '@outflow/deploy-checks';
import { outboxTableDefinition } from '@outflow/dynamodb-outbox';
import { outflowTopology } from '@outflow/topology';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { routes } from './routes';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- CloudFormation properties, read by path
type Props = Record<string, any>;
const backboneImport = (output: string) => ({ 'Fn::ImportValue': `outflow-backbone-ci-${output}` });

describe('Deployable: orders-service (serverless package)', () => {
  let packaged: PackagedService;

  beforeAll(async () => {
    packaged = await packageService(join(__dirname, '..'));
    // Measured, not asserted: a benchmark belongs in the report, not in a timed test.
    console.info(`serverless package took ${packaged.seconds.toFixed(1)} s`, packaged.artifacts);
  }, 240_000);
  afterAll(() => rmSync(packaged.dir, { recursive: true, force: true }));

  it('declares the table on demand, with a NEW_AND_OLD_IMAGES stream, a TTL attribute and point-in-time recovery', () => {
    const [[, table] = []] = resourcesOf(packaged.template, 'AWS::DynamoDB::Table');
    expect(resourcesOf(packaged.template, 'AWS::DynamoDB::Table')).toHaveLength(1);
    // The very definition local tables are created from: the two cannot drift.
    expect(table?.Properties).toEqual({ TableName: 'outflow-orders-ci-outbox', ...outboxTableDefinition });
    expect(table?.Properties).toMatchObject({
      BillingMode: 'PAY_PER_REQUEST',
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
      TimeToLiveSpecification: { AttributeName: expect.any(String), Enabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    });
  });

  it('grants DynamoDB actions on the table only: no * resource, only the actions the store needs', () => {
    // Prepare
    const statements = iamStatements(packaged.template)
      .filter(({ at }) => at.startsWith('IamRoleLambdaExecution.'))
      .map(({ statement }) => statement);
    const dynamo = statements.filter((s) => [s.Action].flat().some((a) => a.startsWith('dynamodb:')));
    // Assess
    expect(dynamo.length).toBeGreaterThan(0);
    for (const statement of dynamo) {
      expect(JSON.stringify(statement.Resource)).not.toContain('*');
      expect([statement.Resource].flat()).toEqual([{ 'Fn::GetAtt': ['OutboxTable', 'Arn'] }]);
    }
    expect(dynamo.flatMap((s) => [s.Action].flat()).sort()).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem']);
  });

  it('deploys one nodejs22.x function per route, each given the table name as TABLE_NAME', () => {
    const functions = resourcesOf(packaged.template, 'AWS::Lambda::Function');
    expect(functions.map(([id]) => id).sort()).toEqual(
      routes.map((r) => `${r.name[0]?.toUpperCase()}${r.name.slice(1)}LambdaFunction`).sort(),
    );
    for (const [, fn] of functions) {
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Environment: { Variables: { TABLE_NAME: { Ref: 'OutboxTable' } } },
      });
    }
  });

  it('routes exactly the routes the local server serves, each to its own function', () => {
    const routeKeys = resourcesOf(packaged.template, 'AWS::ApiGatewayV2::Route').map(
      ([, r]) => r.Properties?.['RouteKey'],
    );
    expect(routeKeys.sort()).toEqual(routes.map((r) => `${r.method} ${r.path}`).sort());
    for (const route of routes) {
      const handler = resourcesOf(packaged.template, 'AWS::Lambda::Function').find(
        ([id]) => id.toLowerCase() === `${route.name}LambdaFunction`.toLowerCase(),
      );
      expect(handler?.[1].Properties?.['Handler']).toBe(`${route.file}.handler`);
    }
  });

  it('exports the table name, ARN and stream ARN for the stacks that read it', () => {
    expect(packaged.template.Outputs).toMatchObject({
      TableName: { Value: { Ref: 'OutboxTable' }, Export: { Name: 'outflow-orders-ci-TableName' } },
      TableArn: {
        Value: { 'Fn::GetAtt': ['OutboxTable', 'Arn'] },
        Export: { Name: 'outflow-orders-ci-TableArn' },
      },
      TableStreamArn: {
        Value: { 'Fn::GetAtt': ['OutboxTable', 'StreamArn'] },
        Export: { Name: 'outflow-orders-ci-TableStreamArn' },
      },
    });
  });

  it('bundles one artifact per function', () => {
    expect(Object.keys(packaged.artifacts).sort()).toEqual(routes.map((r) => `${r.name}.zip`).sort());
  });

  it('keeps every deployment rule (DLQs, finite retries, no * on data services, no plain credentials)', () => {
    expect(checkTemplate(packaged.template)).toEqual([]);
  });

  describe('the table’s one stream reader: the Pipe, as the topology defines it', () => {
    const source = outflowTopology.sources.find((s) => s.app === 'orders-service')!;
    const pipe = () => onlyResourceOf(packaged.template, 'AWS::Pipes::Pipe')[1].Properties as Props;

    it('is the only reader of the stream: one Pipe, no Lambda stream trigger', () => {
      expect(resourcesOf(packaged.template, 'AWS::Pipes::Pipe')).toHaveLength(1);
      expect(resourcesOf(packaged.template, 'AWS::Lambda::EventSourceMapping')).toHaveLength(0);
      expect(pipe()['Source']).toEqual({ 'Fn::GetAtt': ['OutboxTable', 'StreamArn'] });
    });

    it('filters and renders exactly as the topology (which the local runtime runs) says', () => {
      const [filter, ...more] = pipe()['SourceParameters'].FilterCriteria.Filters;
      expect(more).toEqual([]);
      expect(JSON.parse(filter.Pattern)).toEqual(source.pipe.filterPattern);
      expect(pipe()['TargetParameters']).toEqual({
        InputTemplate: source.pipe.inputTemplate,
        EventBridgeEventBusParameters: {
          DetailType: source.pipe.detailTypePath,
          Source: source.pipe.eventSource,
        },
      });
    });

    it('batches and retries as the topology says: finite retries and record age, bisect, a DLQ', () => {
      expect(pipe()['SourceParameters'].DynamoDBStreamParameters).toEqual({
        StartingPosition: source.pipe.startingPosition,
        BatchSize: source.pipe.batchSize,
        MaximumBatchingWindowInSeconds: source.pipe.maximumBatchingWindowInSeconds,
        MaximumRetryAttempts: source.pipe.maximumRetryAttempts,
        MaximumRecordAgeInSeconds: source.pipe.maximumRecordAgeInSeconds,
        OnPartialBatchItemFailure: source.pipe.onPartialBatchItemFailure,
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': ['OrdersPipeDeadLetterQueue', 'Arn'] } },
      });
    });

    it('publishes to the backbone’s bus through its CloudFormation export', () => {
      expect(pipe()['Target']).toEqual(backboneImport('BusArn'));
    });

    it('runs under a role that can read this stream, put events on that bus and write its DLQ, nothing more', () => {
      const statements = iamStatements(packaged.template).filter(({ at }) =>
        at.startsWith('OrdersPipeRole.'),
      );
      expect(statements.map(({ statement }) => [statement.Action, statement.Resource])).toEqual([
        [
          [
            'dynamodb:DescribeStream',
            'dynamodb:GetRecords',
            'dynamodb:GetShardIterator',
            'dynamodb:ListStreams',
          ],
          { 'Fn::GetAtt': ['OutboxTable', 'StreamArn'] },
        ],
        ['events:PutEvents', backboneImport('BusArn')],
        ['sqs:SendMessage', { 'Fn::GetAtt': ['OrdersPipeDeadLetterQueue', 'Arn'] }],
      ]);
    });

    it('alarms to the backbone’s topic when the DLQ is not empty and when deliveries fail', () => {
      const alarms = resourcesOf(packaged.template, 'AWS::CloudWatch::Alarm').map(
        ([, a]) => a.Properties as Props,
      );
      expect(
        alarms.map((a) => [a['Namespace'], a['MetricName'], a['ComparisonOperator'], a['Threshold']]),
      ).toEqual([
        ['AWS/SQS', 'ApproximateNumberOfMessagesVisible', 'GreaterThanThreshold', 0],
        ['AWS/EventBridge/Pipes', 'ExecutionFailed', 'GreaterThanThreshold', 0],
      ]);
      for (const alarm of alarms) expect(alarm['AlarmActions']).toEqual([backboneImport('AlarmTopicArn')]);
    });
  });
});
