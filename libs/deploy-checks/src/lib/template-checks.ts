import {
  inRange,
  LAMBDA_LIMITS,
  PIPE_STREAM_LIMITS,
  RULE_RETRY_LIMITS,
  SQS_LIMITS,
  SQS_MAX_RETENTION_SECONDS,
} from '@outflow/core-domain';
import {
  checkDeadLetterAlarms,
  checkFifoPipeTargets,
  checkRuleTargetsNotFifo,
  checkSqsSourcePipes,
} from './delivery-checks';
import { iamStatements, resourcesOf, type CfnTemplate } from './package-service';
import { deadLetterIds, props, span, type Props, type TemplateIssue } from './template-refs';

export type { TemplateIssue } from './template-refs';

/** Services that hold or move data: a statement on them may never grant `*` resources. */
export const DATA_SERVICES = [
  'dynamodb',
  'sqs',
  'sns',
  's3',
  'secretsmanager',
  'ssm',
  'kms',
  'events',
  'pipes',
  'kinesis',
  'rds',
  'rds-data',
  'es',
  'aoss',
] as const;

/** Environment variable names that would carry a credential if given a literal value. */
const SECRET_NAME =
  /(PASSWORD|PASSWD|SECRET(?!_ARN$|_NAME$)|TOKEN|API_KEY|PRIVATE_KEY|DATABASE_URL|CONNECTION_STRING)/i;

/** A stream-source Pipe: a DLQ, finite retries and a finite record age. */
function checkStreamPipes(template: CfnTemplate, issues: TemplateIssue[]): void {
  for (const [id, pipe] of resourcesOf(template, 'AWS::Pipes::Pipe')) {
    const source = props(pipe.Properties?.['SourceParameters']);
    for (const kind of ['DynamoDBStreamParameters', 'KinesisStreamParameters'] as const) {
      if (!(kind in source)) continue;
      const at = `${id}.SourceParameters.${kind}`;
      const stream = props(source[kind]);
      if (!props(stream['DeadLetterConfig'])['Arn'])
        issues.push({
          at: `${at}.DeadLetterConfig.Arn`,
          message: 'a stream Pipe needs a DLQ: records that exhaust their retries are otherwise dropped',
        });
      if (!inRange(stream['MaximumRetryAttempts'], PIPE_STREAM_LIMITS.maximumRetryAttempts))
        issues.push({
          at: `${at}.MaximumRetryAttempts`,
          message: `must be set to ${span(PIPE_STREAM_LIMITS.maximumRetryAttempts)} (unset or -1 retries until the record expires and blocks the shard), got ${JSON.stringify(stream['MaximumRetryAttempts'])}`,
        });
      if (!inRange(stream['MaximumRecordAgeInSeconds'], PIPE_STREAM_LIMITS.maximumRecordAgeInSeconds))
        issues.push({
          at: `${at}.MaximumRecordAgeInSeconds`,
          message: `must be set to ${span(PIPE_STREAM_LIMITS.maximumRecordAgeInSeconds)} (unset or -1 is infinite), got ${JSON.stringify(stream['MaximumRecordAgeInSeconds'])}`,
        });
    }
  }
}

function checkQueues(template: CfnTemplate, issues: TemplateIssue[]): void {
  const deadLetters = deadLetterIds(template);
  for (const [id, queue] of resourcesOf(template, 'AWS::SQS::Queue')) {
    const p = props(queue.Properties);
    if (deadLetters.has(id)) {
      if (p['MessageRetentionPeriod'] !== SQS_MAX_RETENTION_SECONDS)
        issues.push({
          at: `${id}.MessageRetentionPeriod`,
          message: `a DLQ keeps its messages as long as SQS allows (${SQS_MAX_RETENTION_SECONDS} s), got ${JSON.stringify(p['MessageRetentionPeriod'])}`,
        });
      continue;
    }
    const redrive = props(p['RedrivePolicy']);
    if (!redrive['deadLetterTargetArn'])
      issues.push({
        at: `${id}.RedrivePolicy.deadLetterTargetArn`,
        message: 'every queue needs a DLQ (or must itself be one)',
      });
    if (!inRange(redrive['maxReceiveCount'], SQS_LIMITS.maxReceiveCount))
      issues.push({
        at: `${id}.RedrivePolicy.maxReceiveCount`,
        message: `must be a finite ${span(SQS_LIMITS.maxReceiveCount)} so a poison message reaches the DLQ, got ${JSON.stringify(redrive['maxReceiveCount'])}`,
      });
  }
}

function checkRules(template: CfnTemplate, issues: TemplateIssue[]): void {
  for (const [id, rule] of resourcesOf(template, 'AWS::Events::Rule')) {
    const targets = (rule.Properties?.['Targets'] as Props[] | undefined) ?? [];
    targets.forEach((target, t) => {
      const at = `${id}.Targets[${t}]`;
      if (!props(target['DeadLetterConfig'])['Arn'])
        issues.push({
          at: `${at}.DeadLetterConfig.Arn`,
          message: 'a rule target needs a DLQ: events that exhaust the retry policy are otherwise dropped',
        });
      const retry = props(target['RetryPolicy']);
      if (!inRange(retry['MaximumRetryAttempts'], RULE_RETRY_LIMITS.maximumRetryAttempts))
        issues.push({
          at: `${at}.RetryPolicy.MaximumRetryAttempts`,
          message: `must be set to ${span(RULE_RETRY_LIMITS.maximumRetryAttempts)}, got ${JSON.stringify(retry['MaximumRetryAttempts'])}`,
        });
      if (!inRange(retry['MaximumEventAgeInSeconds'], RULE_RETRY_LIMITS.maximumEventAgeInSeconds))
        issues.push({
          at: `${at}.RetryPolicy.MaximumEventAgeInSeconds`,
          message: `must be set to ${span(RULE_RETRY_LIMITS.maximumEventAgeInSeconds)}, got ${JSON.stringify(retry['MaximumEventAgeInSeconds'])}`,
        });
    });
  }
}

function checkEventSourceMappings(template: CfnTemplate, issues: TemplateIssue[]): void {
  for (const [id, mapping] of resourcesOf(template, 'AWS::Lambda::EventSourceMapping')) {
    const p = props(mapping.Properties);
    if (p['StartingPosition'] !== undefined) {
      // A stream source (DynamoDB or Kinesis): the same finiteness rules as a Pipe.
      if (!inRange(p['MaximumRetryAttempts'], LAMBDA_LIMITS.streamMaximumRetryAttempts))
        issues.push({
          at: `${id}.MaximumRetryAttempts`,
          message: `must be set to ${span(LAMBDA_LIMITS.streamMaximumRetryAttempts)} for a stream source`,
        });
      if (!inRange(p['MaximumRecordAgeInSeconds'], LAMBDA_LIMITS.streamMaximumRecordAgeInSeconds))
        issues.push({
          at: `${id}.MaximumRecordAgeInSeconds`,
          message: `must be set to ${span(LAMBDA_LIMITS.streamMaximumRecordAgeInSeconds)} for a stream source`,
        });
      if (!props(props(p['DestinationConfig'])['OnFailure'])['Destination'])
        issues.push({
          at: `${id}.DestinationConfig.OnFailure`,
          message: 'a stream source needs an on-failure destination',
        });
    } else if (![p['FunctionResponseTypes']].flat().includes('ReportBatchItemFailures')) {
      issues.push({
        at: `${id}.FunctionResponseTypes`,
        message:
          'an SQS consumer must report partial batch failures (ReportBatchItemFailures); without it one failure retries the whole batch',
      });
    }
  }
}

function checkIam(template: CfnTemplate, issues: TemplateIssue[]): void {
  for (const { at, statement } of iamStatements(template)) {
    if (statement.Effect !== 'Allow') continue;
    const actions = [statement.Action].flat();
    for (const action of actions.filter((a) => a === '*' || a.endsWith(':*')))
      issues.push({ at: `${at}.Action`, message: `grants ${action}: name the actions the code needs` });
    const wildcard = [statement.Resource].flat().some((r) => r === '*');
    const data = actions.filter(
      (a) => (DATA_SERVICES as readonly string[]).includes(a.split(':')[0] ?? '') || a === '*',
    );
    if (wildcard && data.length > 0)
      issues.push({
        at: `${at}.Resource`,
        message: `grants ${data.join(', ')} on every resource (*): name the resources`,
      });
  }
}

function checkEnvironment(template: CfnTemplate, issues: TemplateIssue[]): void {
  for (const [id, fn] of resourcesOf(template, 'AWS::Lambda::Function')) {
    const variables = props(props(fn.Properties?.['Environment'])['Variables']);
    for (const [name, value] of Object.entries(variables)) {
      if (SECRET_NAME.test(name) && typeof value === 'string')
        issues.push({
          at: `${id}.Environment.Variables.${name}`,
          message:
            'looks like a credential in plain environment: read it from Secrets Manager or SSM at run time',
        });
    }
  }
}

/**
 * The rules every packaged Outflow template keeps, with each resource's error handling as AWS
 * defines it: a stream-source Pipe has a DLQ, finite retries and a finite record age; an
 * SQS-source Pipe has none of those (it has none to set) and its source queue a redrive policy with
 * a finite `maxReceiveCount`; every queue has a DLQ (or is one) and every DLQ keeps messages
 * 14 days and has a CloudWatch alarm on its depth; rule targets have a retry policy and a DLQ and
 * never send to a FIFO queue (a rule could only give it one fixed message group); a FIFO queue a
 * Pipe feeds runs in high-throughput mode and gets its group from a JSON path; SQS consumers report
 * partial batch failures; no IAM statement grants `*` actions or `*` resources on data services;
 * no credential sits in a function's plain environment. Returns every issue found (empty when clean).
 */
export function checkTemplate(template: CfnTemplate): TemplateIssue[] {
  const issues: TemplateIssue[] = [];
  checkStreamPipes(template, issues);
  checkSqsSourcePipes(template, issues);
  checkFifoPipeTargets(template, issues);
  checkQueues(template, issues);
  checkDeadLetterAlarms(template, issues);
  checkRules(template, issues);
  checkRuleTargetsNotFifo(template, issues);
  checkEventSourceMappings(template, issues);
  checkIam(template, issues);
  checkEnvironment(template, issues);
  return issues;
}

/** Fails with every issue, one per line, naming the service. */
export function assertTemplateKeepsRules(service: string, template: CfnTemplate): void {
  const issues = checkTemplate(template);
  if (issues.length > 0)
    throw new Error(
      `${service}: the packaged template breaks ${issues.length} rule(s):\n${issues.map((i) => `  ${i.at}: ${i.message}`).join('\n')}`,
    );
}
