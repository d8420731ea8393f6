// moto has no StartMessageMoveTask: the request and the polling are asserted with an SDK mock.
import { ListMessageMoveTasksCommand, SQSClient, StartMessageMoveTaskCommand } from '@aws-sdk/client-sqs';
import { outflowTopology } from '@outflow/topology';
import { mockClient } from 'aws-sdk-client-mock';
import { awsDeadLetterQueueOps, type DlqView } from './dead-letter-queues';
import type { ProgressReporter } from './progress';
import { localTarget } from './targets';

const quiet: ProgressReporter = { start: () => undefined, update: () => undefined, stop: () => undefined };
const dlq: DlqView = {
  name: 'outflow-legacy-rdb-sync-prod-legacy-rdb-dlq.fifo',
  kind: 'queue',
  source: 'outflow-legacy-rdb-sync-prod-legacy-rdb.fifo',
  depth: 3,
  url: 'https://sqs.eu-west-1.amazonaws.com/123456789012/outflow-legacy-rdb-sync-prod-legacy-rdb-dlq.fifo',
  arn: 'arn:aws:sqs:eu-west-1:123456789012:outflow-legacy-rdb-sync-prod-legacy-rdb-dlq.fifo',
};
const target = localTarget(outflowTopology.subscriptions[0]!);

describe('awsDeadLetterQueueOps: a queue’s DLQ', () => {
  const sqs = mockClient(SQSClient);
  afterEach(() => sqs.reset());

  it('is moved back to its source queue with StartMessageMoveTask (no destination: the original source queue), polled until done', async () => {
    sqs.on(StartMessageMoveTaskCommand).resolves({ TaskHandle: 'task-1' });
    sqs
      .on(ListMessageMoveTasksCommand)
      .resolvesOnce({ Results: [{ Status: 'RUNNING', ApproximateNumberOfMessagesMoved: 1 }] })
      .resolvesOnce({ Results: [{ Status: 'COMPLETED', ApproximateNumberOfMessagesMoved: 3 }] });

    const result = await awsDeadLetterQueueOps(new SQSClient({ region: 'eu-west-1' }), [], 1).redrive(
      dlq,
      target,
      quiet,
    );

    expect(sqs.commandCalls(StartMessageMoveTaskCommand).map((c) => c.args[0].input)).toEqual([
      { SourceArn: dlq.arn },
    ]);
    expect(sqs.commandCalls(ListMessageMoveTasksCommand).map((c) => c.args[0].input)).toEqual([
      { SourceArn: dlq.arn, MaxResults: 1 },
      { SourceArn: dlq.arn, MaxResults: 1 },
    ]);
    expect(result).toMatchObject({ moved: 3, destination: dlq.source, kind: 'queue' });
  });

  it('says why when the move task fails', async () => {
    sqs.on(StartMessageMoveTaskCommand).resolves({ TaskHandle: 'task-1' });
    sqs.on(ListMessageMoveTasksCommand).resolves({
      Results: [{ Status: 'FAILED', FailureReason: 'AWS.SimpleQueueService.NonExistentQueue' }],
    });
    await expect(
      awsDeadLetterQueueOps(new SQSClient({ region: 'eu-west-1' }), [], 1).redrive(dlq, target, quiet),
    ).rejects.toThrow(
      `the message move task of ${dlq.name} ended FAILED: AWS.SimpleQueueService.NonExistentQueue`,
    );
  });

  it('redrives a Pipe’s DLQ through the stream re-read it is given, reporting what the stream no longer holds', async () => {
    const ops = awsDeadLetterQueueOps(new SQSClient({ region: 'eu-west-1' }), [], 1, async () => ({
      moved: 2,
      missing: ['shardId-1 100…100'],
    }));
    expect(await ops.redrive({ ...dlq, kind: 'pipe' }, target, quiet)).toMatchObject({
      kind: 'pipe',
      moved: 2,
      destination: 'the bus',
      missing: ['shardId-1 100…100'],
    });
    expect(sqs.calls()).toHaveLength(0);
  });
});
