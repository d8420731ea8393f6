import { inRange, SQS_LIMITS } from '@outflow/core-domain';
import { resourcesOf, type CfnTemplate } from './package-service';
import {
  deadLetterIds,
  isFifo,
  pipesOf,
  props,
  queuesReferencedBy,
  referencedIds,
  span,
  type TemplateIssue,
} from './template-refs';

/** The only settings `PipeSourceSqsQueueParameters` has (CloudFormation, AWS::Pipes::Pipe). */
const SQS_SOURCE_SETTINGS = ['BatchSize', 'MaximumBatchingWindowInSeconds'];
/** Stream-source error settings that an SQS-source Pipe does not have. */
const STREAM_ONLY_SETTINGS = ['DeadLetterConfig', 'MaximumRetryAttempts', 'MaximumRecordAgeInSeconds'];

const FIXED_GROUP =
  'one message group serializes the whole downstream (one batch in flight) and a failed message stalls every other change for its visibility timeout × maxReceiveCount';

/**
 * An SQS-source Pipe has no DLQ, retry or record-age setting of its own: a message it keeps
 * failing returns to the source queue, whose redrive policy (finite `maxReceiveCount`, a DLQ) is
 * the only way out (AWS, eb-pipes-sqs). So the Pipe sets none of those, and its source queue —
 * declared in this template — has that redrive policy.
 */
export function checkSqsSourcePipes(template: CfnTemplate, issues: TemplateIssue[]): void {
  for (const [id, pipe] of pipesOf(template)) {
    const source = props(pipe['SourceParameters']);
    const sourceQueues = queuesReferencedBy(template, pipe['Source']);
    if (!('SqsQueueParameters' in source) && sourceQueues.length === 0) continue;
    const at = `${id}.SourceParameters`;
    for (const [kind, value] of Object.entries(source))
      for (const key of Object.keys(props(value)))
        if (
          STREAM_ONLY_SETTINGS.includes(key) ||
          (kind === 'SqsQueueParameters' && !SQS_SOURCE_SETTINGS.includes(key))
        )
          issues.push({
            at: `${at}.${kind}.${key}`,
            message: `an SQS-source Pipe has only ${SQS_SOURCE_SETTINGS.join(' and ')}: its failures go back to the source queue and on to the DLQ of the queue's RedrivePolicy`,
          });
    if (sourceQueues.length === 0)
      issues.push({
        at: `${id}.Source`,
        message:
          "the Pipe's source queue must be declared in this template, so that its redrive policy (the Pipe's only DLQ path) can be checked",
      });
    for (const [queueId, queue] of sourceQueues) {
      const redrive = props(props(queue.Properties)['RedrivePolicy']);
      if (!redrive['deadLetterTargetArn'] || !inRange(redrive['maxReceiveCount'], SQS_LIMITS.maxReceiveCount))
        issues.push({
          at: `${queueId}.RedrivePolicy`,
          message: `the source queue of Pipe ${id} needs a DLQ and a finite maxReceiveCount (${span(SQS_LIMITS.maxReceiveCount)}): the Pipe has no DLQ of its own, so a message it cannot forward would be retried until its retention ends`,
        });
    }
  }
}

/**
 * A FIFO queue a Pipe feeds runs in high-throughput mode (deduplication and throughput per message
 * group), and the Pipe sets its `MessageGroupId` from a JSON path — one group per aggregate, never
 * one fixed group.
 */
export function checkFifoPipeTargets(template: CfnTemplate, issues: TemplateIssue[]): void {
  for (const [id, pipe] of pipesOf(template)) {
    for (const [queueId, queue] of queuesReferencedBy(template, pipe['Target']).filter(([, q]) =>
      isFifo(q),
    )) {
      const p = props(queue.Properties);
      for (const [key, expected] of [
        ['DeduplicationScope', 'messageGroup'],
        ['FifoThroughputLimit', 'perMessageGroupId'],
      ] as const)
        if (p[key] !== expected)
          issues.push({
            at: `${queueId}.${key}`,
            message: `a FIFO queue fed by Pipe ${id} runs in high-throughput mode (${key}: ${expected}); otherwise it takes 300 sends a second, got ${JSON.stringify(p[key])}`,
          });
      const groupId = props(props(pipe['TargetParameters'])['SqsQueueParameters'])['MessageGroupId'];
      if (typeof groupId !== 'string' || !groupId.startsWith('$.'))
        issues.push({
          at: `${id}.TargetParameters.SqsQueueParameters.MessageGroupId`,
          message: `must be a JSON path to the aggregate key (e.g. $.body.aggregateKey): ${FIXED_GROUP}; got ${JSON.stringify(groupId)}`,
        });
    }
  }
}

/** No rule target sends to a FIFO queue: its `SqsParameters.MessageGroupId` can only be one fixed group. */
export function checkRuleTargetsNotFifo(template: CfnTemplate, issues: TemplateIssue[]): void {
  const advice =
    "send to a standard queue (delivery 'unordered') or a standard buffer queue re-keyed into the FIFO queue by a Pipe (delivery 'per-aggregate')";
  for (const [id, rule] of resourcesOf(template, 'AWS::Events::Rule')) {
    const targets = (props(rule.Properties)['Targets'] as unknown[] | undefined) ?? [];
    targets.forEach((target, t) => {
      const at = `${id}.Targets[${t}]`;
      const arn = props(target)['Arn'];
      const fifo = queuesReferencedBy(template, arn).some(([, q]) => isFifo(q));
      if (fifo || (typeof arn === 'string' && arn.endsWith('.fifo')))
        issues.push({
          at: `${at}.Arn`,
          message: `sends to a FIFO queue with a fixed group: ${FIXED_GROUP}; ${advice}`,
        });
      else if (props(props(target)['SqsParameters'])['MessageGroupId'] !== undefined)
        issues.push({
          at: `${at}.SqsParameters.MessageGroupId`,
          message: `a fixed message group: ${FIXED_GROUP}; ${advice}`,
        });
    });
  }
}

/** Queue logical ids an alarm watches the depth of (`AWS/SQS` `ApproximateNumberOfMessagesVisible`). */
function depthAlarmedQueues(template: CfnTemplate): Set<string> {
  const watched = new Set<string>();
  for (const [, alarm] of resourcesOf(template, 'AWS::CloudWatch::Alarm')) {
    const p = props(alarm.Properties);
    const metrics = [
      p,
      ...((p['Metrics'] as unknown[] | undefined) ?? []).map((m) => props(props(m)['MetricStat'])['Metric']),
    ];
    for (const metric of metrics.map(props))
      if (metric['Namespace'] === 'AWS/SQS' && metric['MetricName'] === 'ApproximateNumberOfMessagesVisible')
        referencedIds(metric['Dimensions'], watched);
  }
  return watched;
}

/** Every DLQ (a queue named by a redrive policy, a rule's or a Pipe's DeadLetterConfig) has an alarm on its depth. */
export function checkDeadLetterAlarms(template: CfnTemplate, issues: TemplateIssue[]): void {
  const deadLetters = deadLetterIds(template);
  const alarmed = depthAlarmedQueues(template);
  for (const [id] of resourcesOf(template, 'AWS::SQS::Queue'))
    if (deadLetters.has(id) && !alarmed.has(id))
      issues.push({
        at: id,
        message:
          'a DLQ needs a CloudWatch alarm on its depth (AWS/SQS ApproximateNumberOfMessagesVisible, dimension QueueName): otherwise what lands there goes unnoticed until its retention ends',
      });
}
