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

describe('Deployable: search-sync (serverless package)', () => {
  const subscription = subscriptionNamed(outflowTopology, 'search');
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
    console.info(`search-sync: ${lint.summary}`);
    expect(lint.errors).toEqual([]);
  }, 120_000);

  it('holds exactly the generator’s resources and outputs for the app: rule, queue, DLQs, policy, alarms', () => {
    const generated = appResources(outflowTopology, 'search-sync', {
      service: 'outflow-search-sync',
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
    expect(fn.Properties).not.toHaveProperty('VpcConfig');
  });

  it('allows OpenSearch HTTP calls only on the stage’s order index paths and template, never the domain root', () => {
    const es = iamStatements(packaged.template).filter(({ statement }) =>
      [statement.Action].flat().some((a) => a.startsWith('es:')),
    );
    expect(es).toHaveLength(1);
    const { statement } = es[0]!;
    expect(statement.Action).toEqual(['es:ESHttpGet', 'es:ESHttpHead', 'es:ESHttpPost', 'es:ESHttpPut']);
    const arn = (path: string) => ({
      'Fn::Join': [
        '',
        [
          'arn:',
          { Ref: 'AWS::Partition' },
          ':es:',
          { Ref: 'AWS::Region' },
          ':',
          { Ref: 'AWS::AccountId' },
          ':domain/outflow-placeholder/',
          path,
        ],
      ],
    });
    expect(statement.Resource).toEqual([
      arn('outflow-dev-orders*'),
      arn('_index_template/outflow-dev-orders'),
    ]);
  });

  it('names the endpoint and the index prefix in the environment, and no credential', () => {
    const [, fn] = onlyResourceOf(packaged.template, 'AWS::Lambda::Function');
    const variables = (fn.Properties as Props)['Environment'].Variables as Record<string, unknown>;
    expect(variables).toEqual({
      // The lag metric's service dimension and namespace, as the generated alarm reads them.
      POWERTOOLS_SERVICE_NAME: 'search',
      POWERTOOLS_METRICS_NAMESPACE: 'Outflow',
      // Where the handler sends a permanent failure at once (the generated DLQ).
      OUTFLOW_DEAD_LETTER_QUEUE_URL: { Ref: 'SearchDeadLetterQueue' },
      OPENSEARCH_ENDPOINT: 'https://search-outflow-placeholder-000000000000.eu-west-1.es.amazonaws.com',
      OPENSEARCH_INDEX_PREFIX: 'outflow-dev',
      LOG_LEVEL: 'info',
    });
  });

  it('ships one bundle for the consumer', () => {
    expect(Object.keys(packaged.artifacts)).toEqual(['applyToSearch.zip']);
  });
});
