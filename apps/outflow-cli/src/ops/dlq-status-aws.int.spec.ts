// AWS mode against moto_server (real SQS and CloudWatch APIs on loopback): a rule target's DLQ is
// shown without being consumed and redriven by re-sending each event's detail to the entry queue;
// status reads queue attributes and the consumers' ChangeAge metric.
import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { CHANGE_AGE_METRIC } from '@outflow/core-domain';
import { outflowTopology } from '@outflow/topology';
import { startMotoServer, type MotoServer } from '../../test/moto-server';
import { awsStatus, formatStatus } from '../commands/status.command';
import { awsDeadLetterQueueOps } from './dead-letter-queues';
import type { ProgressReporter } from './progress';
import type { OpsTarget } from './targets';

const quiet: ProgressReporter = { start: () => undefined, update: () => undefined, stop: () => undefined };

describe('AWS mode on moto: rule DLQ redrive and status', () => {
  jest.setTimeout(60_000);
  let moto: MotoServer;
  let sqs: SQSClient;
  let target: OpsTarget;

  const queue = async (name: string) => {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name }));
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }),
    );
    return { name, url: QueueUrl as string, arn: Attributes?.QueueArn as string };
  };
  const depth = async (url: string) => {
    const { Attributes = {} } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages'] }),
    );
    return Number(Attributes.ApproximateNumberOfMessages);
  };

  beforeAll(async () => {
    moto = await startMotoServer();
    sqs = new SQSClient(moto.clientConfig);
    const search = outflowTopology.subscriptions.find((s) => s.name === 'search')!;
    const entry = await queue('outflow-search-sync-test-search');
    target = {
      subscription: search,
      entryQueue: entry,
      consumerQueue: entry,
      deadLetterQueues: [
        { ...(await queue('outflow-search-sync-test-search-dlq')), of: 'queue' },
        { ...(await queue('outflow-search-sync-test-search-rule-dlq')), of: 'rule' },
      ],
      ruleName: 'outflow-search-sync-test-search',
    };
  });
  afterAll(async () => {
    sqs?.destroy();
    await moto?.stop();
  });

  it('shows a rule DLQ message with its EventBridge error attributes, leaves it, then re-sends its detail to the entry queue', async () => {
    const ruleDlq = target.deadLetterQueues[1]!;
    const detail = {
      eventId: 'e-1',
      aggregateType: 'order',
      aggregateId: 'o-1',
      aggregateVersion: '2',
      event: '{}',
    };
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: ruleDlq.url,
        MessageBody: JSON.stringify({
          version: '0',
          id: 'ev-1',
          source: 'outflow.order',
          'detail-type': 'order.changed',
          detail,
        }),
        MessageAttributes: {
          ERROR_CODE: { DataType: 'String', StringValue: 'SQSError' },
          ERROR_MESSAGE: { DataType: 'String', StringValue: 'Access to the queue was denied' },
          RULE_ARN: {
            DataType: 'String',
            StringValue: 'arn:aws:events:us-east-1:123456789012:rule/bus/search',
          },
        },
      }),
    );
    const ops = awsDeadLetterQueueOps(sqs, []);
    const [, view] = await ops.list(target);
    expect(view).toMatchObject({ name: ruleDlq.name, kind: 'rule', depth: 1, source: target.ruleName });

    const [message] = await ops.messages(view!);
    expect(message).toMatchObject({
      reason: 'SQSError: Access to the queue was denied',
      changes: [{ aggregateType: 'order', aggregateId: 'o-1', version: 2 }],
      attributes: { RULE_ARN: 'arn:aws:events:us-east-1:123456789012:rule/bus/search' },
    });
    expect(await depth(ruleDlq.url as string)).toBe(1);

    const result = await ops.redrive(view!, target, quiet);

    expect(result).toMatchObject({ moved: 1, destination: target.entryQueue.name, kind: 'rule' });
    expect(await depth(ruleDlq.url as string)).toBe(0);
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: target.entryQueue.url }));
    expect(Messages.map((m) => JSON.parse(m.Body ?? ''))).toEqual([detail]);
  });

  it('status: queue depths from SQS and the lag from the consumers’ ChangeAge metric', async () => {
    await sqs.send(new SendMessageCommand({ QueueUrl: target.deadLetterQueues[0]!.url, MessageBody: '{}' }));
    const cloudwatch = new CloudWatchClient(moto.clientConfig);
    const now = new Date();
    await cloudwatch.send(
      new PutMetricDataCommand({
        Namespace: CHANGE_AGE_METRIC.namespace,
        MetricData: [
          {
            MetricName: CHANGE_AGE_METRIC.name,
            Unit: 'Seconds',
            Value: 4.2,
            Timestamp: new Date(now.getTime() - 60_000),
            Dimensions: [{ Name: 'service', Value: 'search' }],
          },
          {
            MetricName: CHANGE_AGE_METRIC.name,
            Unit: 'Seconds',
            Value: 99,
            Timestamp: new Date(now.getTime() - 60_000),
            Dimensions: [{ Name: 'service', Value: 'legacy-rdb' }],
          },
        ],
      }),
    );
    try {
      const report = await awsStatus([target], 'stage test in us-east-1', sqs, cloudwatch, now);
      expect(report.subscriptions).toEqual([
        {
          subscription: 'search',
          mode: 'unordered',
          lagSeconds: 4.2,
          // The detail re-sent above, received by the first spec and not deleted: in flight.
          queues: [{ name: 'outflow-search-sync-test-search', depth: 1, inFlight: 1 }],
          maximumConcurrency: 2,
          deadLetterQueues: [
            { name: 'outflow-search-sync-test-search-dlq', depth: 1 },
            { name: 'outflow-search-sync-test-search-rule-dlq', depth: 0 },
          ],
        },
      ]);
      expect(formatStatus(report).split('\n')[1]).toBe(
        'search (unordered): lag 4.2 s · outflow-search-sync-test-search 1 · in flight 1 messages · DLQs outflow-search-sync-test-search-dlq 1, outflow-search-sync-test-search-rule-dlq 0 · last error: none',
      );
    } finally {
      cloudwatch.destroy();
    }
  });
});
