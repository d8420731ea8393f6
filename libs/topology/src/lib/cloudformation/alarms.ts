import type { CfnResource, StackNames } from './cfn.types';
import { CHANGE_AGE_METRIC } from '@outflow/core-domain';
import { backboneImport, getAtt, physicalName } from './names';

/** What one alarm watches: a metric of one resource, above a threshold. */
export interface AlarmSpec {
  /** Physical-name suffix: the alarm is `<service>-<stage>-<name>`. */
  readonly name: string;
  readonly description: string;
  readonly namespace: 'AWS/SQS' | 'AWS/EventBridge/Pipes' | typeof CHANGE_AGE_METRIC.namespace;
  readonly metricName: string;
  readonly dimension: { readonly Name: string; readonly Value: unknown };
  readonly statistic: 'Maximum' | 'Sum';
  /** Seconds per evaluation period. */
  readonly period: number;
  /** Alarms when the statistic is greater than this. */
  readonly threshold: number;
}

/**
 * A CloudWatch alarm notifying the backbone's alarm topic; missing data (an idle queue) is not a
 * breach.
 */
export const alarm = (names: StackNames, spec: AlarmSpec): CfnResource => ({
  Type: 'AWS::CloudWatch::Alarm',
  Properties: {
    AlarmName: physicalName(names, spec.name),
    AlarmDescription: spec.description,
    Namespace: spec.namespace,
    MetricName: spec.metricName,
    Dimensions: [spec.dimension],
    Statistic: spec.statistic,
    Period: spec.period,
    EvaluationPeriods: 1,
    Threshold: spec.threshold,
    ComparisonOperator: 'GreaterThanThreshold',
    TreatMissingData: 'notBreaching',
    AlarmActions: [backboneImport(names, 'AlarmTopicArn')],
  },
});

/** Alarms while a queue (a DLQ) holds more than `threshold` visible messages. */
export const queueDepthAlarm = (
  names: StackNames,
  queueLogicalId: string,
  name: string,
  description: string,
  threshold: number,
): CfnResource =>
  alarm(names, {
    name,
    description,
    namespace: 'AWS/SQS',
    metricName: 'ApproximateNumberOfMessagesVisible',
    dimension: { Name: 'QueueName', Value: getAtt(queueLogicalId, 'QueueName') },
    statistic: 'Maximum',
    period: 60,
    threshold,
  });

/** `300` → `5 minutes`; `90` → `90 s`. */
export const duration = (seconds: number): string =>
  seconds % 60 === 0 ? `${seconds / 60} minute${seconds === 60 ? '' : 's'}` : `${seconds} s`;
