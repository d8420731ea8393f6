// A source Pipe's DLQ on AWS (moto_server: DynamoDB Streams, EventBridge with a rule → SQS target,
// SQS): the DLQ message names a stream location; the redrive re-reads the record, puts it through
// the Pipe's filter and input template onto the bus, and deletes the message; a location the
// stream no longer has stays in the DLQ and is reported.
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { DescribeStreamCommand, DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import {
  CreateEventBusCommand,
  EventBridgeClient,
  PutRuleCommand,
  PutTargetsCommand,
} from '@aws-sdk/client-eventbridge';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { OUTBOX_ATTRIBUTES, toBusEventDetail } from '@outflow/core-domain';
import { makeEvent } from '@outflow/testing';
import { outflowTopology } from '@outflow/topology';
import { startMotoServer, type MotoServer } from '../../test/moto-server';
import { redrivePipeOnAws } from './aws-pipe-redrive';
import type { ProgressReporter } from './progress';

const quiet: ProgressReporter = { start: () => undefined, update: () => undefined, stop: () => undefined };

describe('AWS mode on moto: redriving the source Pipe’s DLQ re-reads the stream', () => {
  jest.setTimeout(60_000);
  let moto: MotoServer;
  afterAll(() => moto?.stop());

  it('puts the re-read record on the bus through the Pipe’s template and deletes the DLQ message', async () => {
    moto = await startMotoServer();
    const config = moto.clientConfig;
    const [dynamo, streams, events, sqs] = [
      new DynamoDBClient(config),
      new DynamoDBStreamsClient(config),
      new EventBridgeClient(config),
      new SQSClient(config),
    ];
    try {
      // Prepare: the table with its stream, one outbox write
      await dynamo.send(
        new CreateTableCommand({
          TableName: 'orders',
          KeySchema: [
            { AttributeName: 'pk', KeyType: 'HASH' },
            { AttributeName: 'sk', KeyType: 'RANGE' },
          ],
          AttributeDefinitions: [
            { AttributeName: 'pk', AttributeType: 'S' },
            { AttributeName: 'sk', AttributeType: 'S' },
          ],
          BillingMode: 'PAY_PER_REQUEST',
          StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
        }),
      );
      const detail = toBusEventDetail(makeEvent('order', 'o-1', 1, { state: { n: 1 } }));
      await dynamo.send(
        new PutItemCommand({
          TableName: 'orders',
          Item: {
            pk: { S: detail.aggregateKey },
            sk: { S: 'AGGREGATE' },
            [OUTBOX_ATTRIBUTES.eventId]: { S: detail.eventId },
            [OUTBOX_ATTRIBUTES.eventType]: { S: detail.eventType },
            [OUTBOX_ATTRIBUTES.aggregateType]: { S: detail.aggregateType },
            [OUTBOX_ATTRIBUTES.aggregateId]: { S: detail.aggregateId },
            [OUTBOX_ATTRIBUTES.aggregateVersion]: { N: detail.aggregateVersion },
            [OUTBOX_ATTRIBUTES.event]: { S: detail.event },
          },
        }),
      );
      const streamArn = (await dynamo.send(new DescribeTableCommand({ TableName: 'orders' }))).Table
        ?.LatestStreamArn as string;
      const shard = (await streams.send(new DescribeStreamCommand({ StreamArn: streamArn })))
        .StreamDescription?.Shards?.[0];
      const sequenceNumber = shard?.SequenceNumberRange?.StartingSequenceNumber as string;
      // The bus, a rule for order events, its target queue
      const { EventBusArn: busArn } = await events.send(new CreateEventBusCommand({ Name: 'bus' }));
      const { QueueUrl: targetUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'target' }));
      const targetArn = (
        await sqs.send(new GetQueueAttributesCommand({ QueueUrl: targetUrl, AttributeNames: ['QueueArn'] }))
      ).Attributes?.QueueArn;
      await events.send(
        new PutRuleCommand({
          Name: 'orders',
          EventBusName: 'bus',
          EventPattern: JSON.stringify({ source: ['outflow.order'] }),
        }),
      );
      await events.send(
        new PutTargetsCommand({
          Rule: 'orders',
          EventBusName: 'bus',
          Targets: [{ Id: 't', Arn: targetArn }],
        }),
      );
      // The Pipe's DLQ: one location the stream holds, one it does not
      const { QueueUrl: dlqUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'orders-pipe-dlq' }));
      const location = (shardId: string) =>
        JSON.stringify({
          context: {
            partnerResourceArn: 'arn:aws:pipes:us-east-1:123456789012:pipe/orders',
            condition: 'RetryAttemptsExhausted',
          },
          version: '1.0',
          timestamp: new Date().toISOString(),
          DDBStreamBatchInfo: {
            shardId,
            startSequenceNumber: sequenceNumber,
            endSequenceNumber: sequenceNumber,
            approximateArrivalOfFirstRecord: new Date().toISOString(),
            approximateArrivalOfLastRecord: new Date().toISOString(),
            batchSize: 1,
            streamArn,
          },
        });
      await sqs.send(
        new SendMessageCommand({ QueueUrl: dlqUrl, MessageBody: location(shard?.ShardId as string) }),
      );
      await sqs.send(new SendMessageCommand({ QueueUrl: dlqUrl, MessageBody: location('shardId-gone') }));

      // Act
      const result = await redrivePipeOnAws(
        { name: 'orders-pipe-dlq', kind: 'pipe', source: 'orders Pipe', depth: 2, url: dlqUrl as string },
        {
          sqs,
          eventBridge: events,
          clientConfig: config,
          busArn: busArn as string,
          source: outflowTopology.sources[0]!,
        },
        quiet,
      );

      // Assess
      expect(result).toEqual({ moved: 1, missing: [`shardId-gone ${sequenceNumber}…${sequenceNumber}`] });
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: targetUrl, WaitTimeSeconds: 2 }),
      );
      // moto delivers the whole event (it ignores InputPath): its detail is what the Pipe's template renders.
      expect(Messages.map((m) => JSON.parse(m.Body ?? '{}') as { source: string; detail: unknown })).toEqual([
        expect.objectContaining({
          source: 'outflow.order',
          'detail-type': 'order.changed',
          detail: expect.objectContaining({ ...detail, approximateCreationDateTime: expect.any(Number) }),
        }),
      ]);
      const left = await sqs.send(new ReceiveMessageCommand({ QueueUrl: dlqUrl, MaxNumberOfMessages: 10 }));
      expect(left.Messages?.map((m) => JSON.parse(m.Body ?? '{}').DDBStreamBatchInfo.shardId)).toEqual([
        'shardId-gone',
      ]);
    } finally {
      for (const client of [dynamo, streams, events, sqs]) client.destroy();
    }
  });
});
