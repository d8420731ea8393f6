import { appResources, outflowTopology, sourceLogicalIds } from '@outflow/topology';
import { StackExportError, StageExports } from './aws-exports';
import { awsTarget, localTarget } from './targets';

/**
 * The exports a deployed stage would hold: every app's generated Outputs as CloudFormation
 * resolves them (each value stands for itself: `<ExportName>=value`).
 */
function deployedExports(stage: string): Map<string, string> {
  const exports = new Map<string, string>();
  const apps = new Set([...outflowTopology.sources, ...outflowTopology.subscriptions].map((e) => e.app));
  for (const app of apps) {
    const { Outputs } = appResources(
      outflowTopology,
      app,
      { service: `outflow-${app}`, stage, backbone: 'outflow-backbone' },
      { streams: { orders: { streamArn: 'stream-arn', tableName: 'table' } } },
    );
    for (const output of Object.values(Outputs))
      exports.set(output.Export.Name, `value-of:${output.Export.Name}`);
  }
  return exports;
}

describe('awsTarget', () => {
  const exports = new StageExports(deployedExports('prod'), 'prod', 'eu-west-1');

  it('finds every queue, DLQ, rule and Pipe of each subscription among the generated exports', () => {
    for (const subscription of outflowTopology.subscriptions) {
      const target = awsTarget(subscription, exports);
      const values = [
        target.entryQueue.url,
        target.entryQueue.arn,
        target.ruleName,
        ...target.deadLetterQueues.flatMap((q) => [q.url, q.arn, q.name]),
      ];
      for (const value of values) expect(value).toMatch(/^value-of:outflow-.*-prod-/);
      expect(target.deadLetterQueues.map((q) => q.of)).toEqual(
        subscription.delivery.mode === 'per-aggregate' ? ['buffer', 'queue', 'rule'] : ['queue', 'rule'],
      );
      expect(target.pipeName !== undefined).toBe(subscription.delivery.mode === 'per-aggregate');
    }
  });

  it('enters per-aggregate subscriptions at the buffer queue and unordered ones at their standard queue', () => {
    const [legacy, search] = ['legacy-rdb', 'search'].map((name) =>
      awsTarget(
        outflowTopology.subscriptions.find((s) => s.name === name)!,
        exports,
      ),
    );
    expect(legacy?.entryQueue.url).toBe('value-of:outflow-legacy-rdb-sync-prod-LegacyRdbBufferQueueUrl');
    expect(search?.entryQueue.url).toBe('value-of:outflow-search-sync-prod-SearchQueueUrl');
    expect(exports.get(sourceLogicalIds(outflowTopology.sources[0]!).tableNameOutput, 'orders-service')).toBe(
      'value-of:outflow-orders-service-prod-OrdersTableName',
    );
  });

  it('names the missing export and the app to deploy, and refuses an export two stacks share', () => {
    const other = new StageExports(deployedExports('prod'), 'staging', 'eu-west-1');
    expect(() => awsTarget(outflowTopology.subscriptions[0]!, other)).toThrow(
      new StackExportError(
        'no CloudFormation export ending in -staging-LegacyRdbQueueName in eu-west-1: deploy legacy-rdb-sync to stage staging (cd apps/legacy-rdb-sync && npx serverless deploy --stage staging), or check --stage and --region',
      ),
    );
    const twice = new StageExports(
      new Map([
        ['a-prod-XUrl', '1'],
        ['b-prod-XUrl', '2'],
      ]),
      'prod',
      'eu-west-1',
    );
    expect(() => twice.find('XUrl')).toThrow('several CloudFormation exports end in -prod-XUrl');
  });
});

describe('localTarget', () => {
  it('uses the names the local runtime gives queues and dead letters', () => {
    const [legacy, search] = outflowTopology.subscriptions.map(localTarget);
    expect(legacy).toMatchObject({
      entryQueue: { name: 'legacy-rdb-buffer' },
      consumerQueue: { name: 'legacy-rdb.fifo' },
      pipeName: 'legacy-rdb-rekey',
    });
    expect(legacy?.deadLetterQueues.map((q) => q.localFrom)).toEqual([
      'queue:legacy-rdb-buffer',
      'queue:legacy-rdb.fifo',
      'rule:legacy-rdb',
    ]);
    expect(search?.entryQueue.name).toBe('search');
    expect(search?.deadLetterQueues.map((q) => q.localFrom)).toEqual(['queue:search', 'rule:search']);
  });
});
