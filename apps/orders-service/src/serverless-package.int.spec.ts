import {
  checkGeneratedResources,
  checkTemplate,
  iamStatements,
  onlyResourceOf,
  packageService,
  resourcesOf,
  runCfnLint,
  type PackagedService,
} from '@outflow/deploy-checks';
import { outboxTableDefinition } from '@outflow/dynamodb-outbox';
import { appResources, outflowTopology, sourceLogicalIds } from '@outflow/topology';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { routes } from './routes';

describe('Deployable: orders-service (serverless package)', () => {
  let packaged: PackagedService;

  beforeAll(async () => {
    // With an explicit stage, as CI and deploys pass one (legacy-rdb-sync's test packages without).
    packaged = await packageService(join(__dirname, '..'), 'ci');
    // Measured, not asserted: a benchmark belongs in the report, not in a timed test.
    console.info(`serverless package took ${packaged.seconds.toFixed(1)} s`, packaged.artifacts);
  }, 240_000);
  afterAll(() => rmSync(packaged.dir, { recursive: true, force: true }));

  it('declares the table on demand, with a NEW_AND_OLD_IMAGES stream, a TTL attribute and point-in-time recovery', () => {
    const [[, table] = []] = resourcesOf(packaged.template, 'AWS::DynamoDB::Table');
    expect(resourcesOf(packaged.template, 'AWS::DynamoDB::Table')).toHaveLength(1);
    // The very definition local tables are created from: the two cannot drift.
    expect(table?.Properties).toEqual({
      TableName: 'outflow-orders-ci-outbox',
      ...outboxTableDefinition,
      ResourcePolicy: { PolicyDocument: expect.any(Object) },
    });
    expect(table?.Properties).toMatchObject({
      BillingMode: 'PAY_PER_REQUEST',
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
      TimeToLiveSpecification: { AttributeName: expect.any(String), Enabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    });
  });

  it('denies deleting items of the table to every principal but the service role (resource policy)', () => {
    // Prepare: CloudFormation's Fn::Join, evaluated with the deploy's pseudo parameters.
    const pseudo: Record<string, string> = {
      'AWS::Partition': 'aws',
      'AWS::Region': 'eu-west-1',
      'AWS::AccountId': '123456789012',
    };
    const evaluate = (value: unknown): string => {
      if (typeof value === 'string') return value;
      const node = value as { Ref?: string; 'Fn::Join'?: [string, unknown[]] };
      if (node.Ref) return pseudo[node.Ref] ?? `<${node.Ref}>`;
      if (node['Fn::Join']) return node['Fn::Join'][1].map(evaluate).join(node['Fn::Join'][0]);
      throw new Error(`cannot evaluate ${JSON.stringify(value)}`);
    };
    const [[, table] = []] = resourcesOf(packaged.template, 'AWS::DynamoDB::Table');
    const [[, role] = []] = resourcesOf(packaged.template, 'AWS::IAM::Role').filter(
      ([id]) => id === 'IamRoleLambdaExecution',
    );
    const policy = (table?.Properties?.['ResourcePolicy'] as { PolicyDocument: { Statement: unknown[] } })
      .PolicyDocument;
    const [deny] = policy.Statement as {
      Effect: string;
      Principal: string;
      Action: string[];
      Resource: unknown;
      Condition: { ArnNotEquals: Record<string, unknown> };
    }[];
    // Assess: one Deny for all, except the functions' own role; the table's ARN and the role's name
    // are exactly what CloudFormation creates.
    expect(policy.Statement).toHaveLength(1);
    expect([deny?.Effect, deny?.Principal]).toEqual(['Deny', '*']);
    expect(deny?.Action.sort()).toEqual([
      'dynamodb:BatchWriteItem',
      'dynamodb:DeleteItem',
      'dynamodb:PartiQLDelete',
    ]);
    expect(evaluate(deny?.Resource)).toBe(
      `arn:aws:dynamodb:eu-west-1:123456789012:table/${evaluate(table?.Properties?.['TableName'])}`,
    );
    expect(evaluate(deny?.Condition.ArnNotEquals['aws:PrincipalArn'])).toBe(
      `arn:aws:iam::123456789012:role/${evaluate(role?.Properties?.['RoleName'])}`,
    );
    expect(evaluate(role?.Properties?.['RoleName'])).toBe('outflow-orders-ci-eu-west-1-lambdaRole');
    expect(role?.Properties?.['Path']).toBe('/');
  });

  it('grants DynamoDB actions on the table only: no * resource, only the actions the store needs', () => {
    // Prepare
    const statements = iamStatements(packaged.template)
      .filter(({ at }) => at.startsWith('IamRoleLambdaExecution.'))
      .map(({ statement }) => statement);
    const dynamo = statements.filter((s) => [s.Action].flat().some((a) => a.startsWith('dynamodb:')));
    const onOutbox = dynamo.filter((s) => JSON.stringify(s.Resource).includes('OutboxTable'));
    // Assess
    expect(onOutbox.length).toBeGreaterThan(0);
    for (const statement of dynamo) expect(JSON.stringify(statement.Resource)).not.toContain('*');
    for (const statement of onOutbox)
      expect([statement.Resource].flat()).toEqual([{ 'Fn::GetAtt': ['OutboxTable', 'Arn'] }]);
    expect(onOutbox.flatMap((s) => [s.Action].flat()).sort()).toEqual([
      'dynamodb:GetItem',
      'dynamodb:PutItem',
    ]);
  });

  it('grants the view routes read-only DynamoDB actions on views-sync’s exported table only, and names it by the export', () => {
    const statements = iamStatements(packaged.template)
      .filter(({ at }) => at.startsWith('IamRoleLambdaExecution.'))
      .map(({ statement }) => statement)
      .filter((s) => JSON.stringify(s.Resource).includes('ViewsTableName'));
    const imported = { 'Fn::ImportValue': 'outflow-views-ci-ViewsTableName' };
    expect(statements).toHaveLength(1);
    expect(statements[0]?.Action).toEqual(['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query']);
    expect(JSON.stringify(statements[0]?.Resource)).toContain(JSON.stringify(imported));
    expect(JSON.stringify(statements[0]?.Resource)).toContain(':table/');
    for (const id of ['CustomerSummaryLambdaFunction', 'OrdersByStatusLambdaFunction']) {
      const [, fn] =
        resourcesOf(packaged.template, 'AWS::Lambda::Function').find(([found]) => found === id) ?? [];
      expect(fn?.Properties?.['Environment']).toMatchObject({ Variables: { VIEWS_TABLE_NAME: imported } });
    }
  });

  it('grants the search route read-only OpenSearch actions on this stage’s READ alias only', () => {
    // Prepare: the statements’ resources with the domain path written out.
    const search = iamStatements(packaged.template)
      .filter(({ at }) => at.startsWith('IamRoleLambdaExecution.'))
      .map(({ statement }) => statement)
      .filter((s) => [s.Action].flat().some((a) => a.startsWith('es:')));
    const paths = search
      .flatMap((s) => [s.Resource].flat())
      .map((r) => /:domain\/outflow-placeholder\/","([^"]*)"/.exec(JSON.stringify(r))?.[1]);
    // Assess
    expect(search.flatMap((s) => [s.Action].flat()).sort()).toEqual(['es:ESHttpGet', 'es:ESHttpPost']);
    expect(paths).toEqual(['outflow-ci-orders-read*', 'outflow-ci-orders-read/_search']);
    const [, fn] = resourcesOf(packaged.template, 'AWS::Lambda::Function').find(
      ([id]) => id === 'SearchOrdersLambdaFunction',
    ) ?? [undefined, undefined];
    expect(fn?.Properties?.['Environment']).toMatchObject({
      Variables: {
        OPENSEARCH_ENDPOINT: expect.stringMatching(/^https:\/\/search-/),
        OPENSEARCH_INDEX_PREFIX: 'outflow-ci',
      },
    });
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

  it('passes cfn-lint without errors', async () => {
    const lint = await runCfnLint(packaged.templatePath);
    console.info(`orders-service: ${lint.summary}`);
    expect(lint.errors).toEqual([]);
  }, 120_000);

  describe('the table’s one stream reader: the Pipe, from the topology’s generator', () => {
    const source = outflowTopology.sources.find((s) => s.app === 'orders-service')!;

    it('holds exactly the generator’s resources and outputs for the app: Pipe, role, DLQ, alarms', () => {
      const generated = appResources(
        outflowTopology,
        'orders-service',
        { service: 'outflow-orders', stage: 'ci', backbone: 'outflow-backbone' },
        { streams: { orders: { streamArn: { 'Fn::GetAtt': ['OutboxTable', 'StreamArn'] } } } },
      );
      expect(checkGeneratedResources(packaged.template, generated)).toEqual([]);
    });

    it('is the only reader of this table’s stream: one Pipe, no Lambda stream trigger', () => {
      const [id, pipe] = onlyResourceOf(packaged.template, 'AWS::Pipes::Pipe');
      expect(id).toBe(sourceLogicalIds(source).pipe);
      expect(resourcesOf(packaged.template, 'AWS::Lambda::EventSourceMapping')).toHaveLength(0);
      expect(pipe.Properties?.['Source']).toEqual({ 'Fn::GetAtt': ['OutboxTable', 'StreamArn'] });
    });
  });
});
