import { REKEY_INPUT_TEMPLATE, rekeyTargetParameters } from '../delivery';
import type { PerAggregateDelivery, SubscriptionDefinition } from '../topology.types';
import type { CfnResource, StackNames } from './cfn.types';
import { arnOf, physicalName } from './names';
import { pipesRole } from './pipe-role';
import { downstreamOf, type SubscriptionIds } from './subscription-ids';

/**
 * `per-aggregate`: the Pipe from the standard buffer queue to the FIFO queue. Its SQS source
 * takes only a batch size and window: no DLQ, retry or record-age setting — a message the Pipe
 * keeps failing to forward returns to the buffer queue and moves to the buffer's DLQ by its
 * redrive policy.
 */
export function rekeyPipe(
  sub: SubscriptionDefinition,
  delivery: PerAggregateDelivery,
  names: StackNames,
  ids: SubscriptionIds,
): CfnResource {
  return {
    Type: 'AWS::Pipes::Pipe',
    Properties: {
      Name: physicalName(names, `${sub.name}-pipe`),
      Description: `Re-keys changes for ${downstreamOf(sub)} into one FIFO message group per aggregate`,
      RoleArn: arnOf(ids.pipeRole),
      Source: arnOf(ids.bufferQueue),
      SourceParameters: {
        SqsQueueParameters: {
          BatchSize: delivery.pipe.batchSize,
          MaximumBatchingWindowInSeconds: delivery.pipe.maximumBatchingWindowInSeconds,
        },
      },
      Target: arnOf(ids.queue),
      TargetParameters: {
        InputTemplate: REKEY_INPUT_TEMPLATE,
        SqsQueueParameters: rekeyTargetParameters(delivery),
      },
    },
  };
}

/** The re-keying Pipe's role: read and delete from the buffer queue, send to the FIFO queue; nothing more. */
export function rekeyPipeRole(ids: SubscriptionIds): CfnResource {
  return pipesRole('read-buffer-send-to-fifo', [
    {
      Effect: 'Allow',
      Action: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'],
      Resource: arnOf(ids.bufferQueue),
    },
    { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: arnOf(ids.queue) },
  ]);
}
