import type { CfnTemplate } from './package-service';
import { assertTemplateKeepsRules, checkTemplate } from './template-checks';

const arn = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });

const depthAlarm = (queue: string) => ({
  Type: 'AWS::CloudWatch::Alarm',
  Properties: {
    Namespace: 'AWS/SQS',
    MetricName: 'ApproximateNumberOfMessagesVisible',
    Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queue, 'QueueName'] } }],
  },
});

/**
 * A small template that keeps every rule: a stream Pipe with its DLQ; a rule → standard buffer
 * queue → re-keying Pipe → high-throughput FIFO queue → consumer (per-aggregate delivery); every
 * DLQ with a depth alarm.
 */
const clean = (): { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> } => ({
  Resources: {
    Pipe: {
      Type: 'AWS::Pipes::Pipe',
      Properties: {
        SourceParameters: {
          DynamoDBStreamParameters: {
            StartingPosition: 'TRIM_HORIZON',
            MaximumRetryAttempts: 5,
            MaximumRecordAgeInSeconds: 3600,
            DeadLetterConfig: { Arn: arn('PipeDlq') },
          },
        },
      },
    },
    PipeDlq: { Type: 'AWS::SQS::Queue', Properties: { MessageRetentionPeriod: 1_209_600 } },
    Buffer: {
      Type: 'AWS::SQS::Queue',
      Properties: { RedrivePolicy: { deadLetterTargetArn: arn('BufferDlq'), maxReceiveCount: 5 } },
    },
    BufferDlq: { Type: 'AWS::SQS::Queue', Properties: { MessageRetentionPeriod: 1_209_600 } },
    RekeyPipe: {
      Type: 'AWS::Pipes::Pipe',
      Properties: {
        Source: arn('Buffer'),
        SourceParameters: { SqsQueueParameters: { BatchSize: 10, MaximumBatchingWindowInSeconds: 0 } },
        Target: arn('Queue'),
        TargetParameters: {
          InputTemplate: '{"detail": <$.body>}',
          SqsQueueParameters: {
            MessageGroupId: '$.body.aggregateKey',
            MessageDeduplicationId: '$.body.eventId',
          },
        },
      },
    },
    Queue: {
      Type: 'AWS::SQS::Queue',
      Properties: {
        FifoQueue: true,
        DeduplicationScope: 'messageGroup',
        FifoThroughputLimit: 'perMessageGroupId',
        RedrivePolicy: { deadLetterTargetArn: arn('QueueDlq'), maxReceiveCount: 5 },
      },
    },
    QueueDlq: { Type: 'AWS::SQS::Queue', Properties: { FifoQueue: true, MessageRetentionPeriod: 1_209_600 } },
    RuleDlq: { Type: 'AWS::SQS::Queue', Properties: { MessageRetentionPeriod: 1_209_600 } },
    PipeDlqAlarm: depthAlarm('PipeDlq'),
    BufferDlqAlarm: depthAlarm('BufferDlq'),
    QueueDlqAlarm: depthAlarm('QueueDlq'),
    RuleDlqAlarm: depthAlarm('RuleDlq'),
    Rule: {
      Type: 'AWS::Events::Rule',
      Properties: {
        Targets: [
          {
            Id: 'q',
            Arn: arn('Buffer'),
            DeadLetterConfig: { Arn: arn('RuleDlq') },
            RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86_400 },
          },
        ],
      },
    },
    Consumer: {
      Type: 'AWS::Lambda::EventSourceMapping',
      Properties: { EventSourceArn: arn('Queue'), FunctionResponseTypes: ['ReportBatchItemFailures'] },
    },
    Fn: {
      Type: 'AWS::Lambda::Function',
      Properties: {
        Environment: {
          Variables: {
            LEGACY_DB_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:1:secret:db',
            TABLE_NAME: { Ref: 'Table' },
          },
        },
      },
    },
    Role: {
      Type: 'AWS::IAM::Role',
      Properties: {
        Policies: [
          {
            PolicyName: 'p',
            PolicyDocument: {
              Statement: [
                {
                  Effect: 'Allow',
                  Action: ['sqs:ReceiveMessage', 'sqs:DeleteMessage'],
                  Resource: arn('Queue'),
                },
                { Effect: 'Allow', Action: 'ec2:DescribeNetworkInterfaces', Resource: '*' },
              ],
            },
          },
        ],
      },
    },
  },
});

const issuesAfter = (change: (t: ReturnType<typeof clean>) => void) => {
  const template = clean();
  change(template);
  return checkTemplate(template as CfnTemplate);
};

describe('Template checks: checkTemplate', () => {
  it('finds nothing wrong with a template that keeps every rule', () => {
    expect(checkTemplate(clean() as CfnTemplate)).toEqual([]);
    expect(() => assertTemplateKeepsRules('clean', clean() as CfnTemplate)).not.toThrow();
  });

  it('requires a DLQ, finite retries and a finite record age on every stream Pipe', () => {
    const issues = issuesAfter((t) => {
      t.Resources['Pipe']!.Properties['SourceParameters'] = {
        DynamoDBStreamParameters: { StartingPosition: 'LATEST', MaximumRetryAttempts: -1 },
      };
    });
    expect(issues.map((i) => i.at).filter((at) => at.startsWith('Pipe.'))).toEqual([
      'Pipe.SourceParameters.DynamoDBStreamParameters.DeadLetterConfig.Arn',
      'Pipe.SourceParameters.DynamoDBStreamParameters.MaximumRetryAttempts',
      'Pipe.SourceParameters.DynamoDBStreamParameters.MaximumRecordAgeInSeconds',
    ]);
    expect(issues[1]?.message).toContain('got -1');
    expect(issues[2]?.message).toContain('got undefined');
  });

  it('requires a DLQ with a finite maxReceiveCount behind every queue, and DLQs that keep messages 14 days', () => {
    const issues = issuesAfter((t) => {
      t.Resources['Queue']!.Properties['RedrivePolicy'] = undefined;
      t.Resources['PipeDlq']!.Properties['MessageRetentionPeriod'] = 345_600;
    });
    // QueueDlq is no longer anyone's DLQ, so it too needs one.
    expect(issues.map((i) => i.at).sort()).toEqual([
      'PipeDlq.MessageRetentionPeriod',
      'Queue.RedrivePolicy.deadLetterTargetArn',
      'Queue.RedrivePolicy.maxReceiveCount',
      'QueueDlq.RedrivePolicy.deadLetterTargetArn',
      'QueueDlq.RedrivePolicy.maxReceiveCount',
    ]);
  });

  it('treats a queue as a DLQ only when something sends its failures there', () => {
    // QueueDlq is a DLQ only because Queue's RedrivePolicy names it; drop that and it needs its own.
    const issues = issuesAfter((t) => {
      t.Resources['Queue']!.Properties['RedrivePolicy'] = {
        deadLetterTargetArn: arn('RuleDlq'),
        maxReceiveCount: 5,
      };
    });
    expect(issues.map((i) => i.at)).toEqual([
      'QueueDlq.RedrivePolicy.deadLetterTargetArn',
      'QueueDlq.RedrivePolicy.maxReceiveCount',
    ]);
  });

  it('requires a retry policy and a DLQ on every rule target', () => {
    const issues = issuesAfter((t) => {
      t.Resources['Rule']!.Properties['Targets'] = [
        { Id: 'q', Arn: arn('Buffer'), RetryPolicy: { MaximumRetryAttempts: 500 } },
      ];
      t.Resources['RuleDlq']!.Properties['MessageRetentionPeriod'] = 1_209_600;
    });
    // RuleDlq is no longer anyone's DLQ, so it needs its own.
    expect(issues.map((i) => i.at)).toEqual([
      'RuleDlq.RedrivePolicy.deadLetterTargetArn',
      'RuleDlq.RedrivePolicy.maxReceiveCount',
      'Rule.Targets[0].DeadLetterConfig.Arn',
      'Rule.Targets[0].RetryPolicy.MaximumRetryAttempts',
      'Rule.Targets[0].RetryPolicy.MaximumEventAgeInSeconds',
    ]);
  });

  it('requires SQS consumers to report partial batch failures, and stream consumers to be finite', () => {
    const issues = issuesAfter((t) => {
      t.Resources['Consumer']!.Properties['FunctionResponseTypes'] = undefined;
      t.Resources['StreamConsumer'] = {
        Type: 'AWS::Lambda::EventSourceMapping',
        Properties: { StartingPosition: 'LATEST' },
      };
    });
    expect(issues.map((i) => i.at)).toEqual([
      'Consumer.FunctionResponseTypes',
      'StreamConsumer.MaximumRetryAttempts',
      'StreamConsumer.MaximumRecordAgeInSeconds',
      'StreamConsumer.DestinationConfig.OnFailure',
    ]);
  });

  it('rejects * actions anywhere and * resources on data services, but allows * for services that need it', () => {
    const issues = issuesAfter((t) => {
      const role = t.Resources['Role']!.Properties['Policies'] as {
        PolicyDocument: { Statement: unknown[] };
      }[];
      role[0]!.PolicyDocument.Statement.push(
        { Effect: 'Allow', Action: 'dynamodb:*', Resource: arn('Table') },
        { Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: '*' },
        { Effect: 'Deny', Action: '*', Resource: '*' },
      );
      t.Resources['Extra'] = {
        Type: 'AWS::IAM::Policy',
        Properties: { PolicyDocument: { Statement: { Effect: 'Allow', Action: '*', Resource: '*' } } },
      };
    });
    expect(issues).toEqual([
      {
        at: 'Role.Policies[0].Statement[2].Action',
        message: 'grants dynamodb:*: name the actions the code needs',
      },
      {
        at: 'Role.Policies[0].Statement[3].Resource',
        message: 'grants secretsmanager:GetSecretValue on every resource (*): name the resources',
      },
      {
        at: 'Extra.PolicyDocument.Statement[0].Action',
        message: 'grants *: name the actions the code needs',
      },
      {
        at: 'Extra.PolicyDocument.Statement[0].Resource',
        message: 'grants * on every resource (*): name the resources',
      },
    ]);
  });

  it('rejects credentials in a function’s plain environment, naming the variable', () => {
    const issues = issuesAfter((t) => {
      t.Resources['Fn']!.Properties['Environment'] = {
        Variables: {
          DATABASE_URL: 'postgresql://u:p@db/x',
          DB_PASSWORD: 'hunter2',
          LEGACY_DB_SECRET_ARN: 'arn:…',
        },
      };
    });
    expect(issues.map((i) => i.at)).toEqual([
      'Fn.Environment.Variables.DATABASE_URL',
      'Fn.Environment.Variables.DB_PASSWORD',
    ]);
    expect(() =>
      assertTemplateKeepsRules('svc', {
        Resources: {
          Fn: { Type: 'AWS::Lambda::Function', Properties: { Environment: { Variables: { API_KEY: 'x' } } } },
        },
      }),
    ).toThrow(
      /svc: the packaged template breaks 1 rule\(s\):\n {2}Fn\.Environment\.Variables\.API_KEY: looks like a credential/,
    );
  });

  it('requires an SQS-source Pipe to set no DLQ, retries or record age, and its source queue to redrive to a DLQ', () => {
    const issues = issuesAfter((t) => {
      t.Resources['RekeyPipe']!.Properties['SourceParameters'] = {
        SqsQueueParameters: {
          BatchSize: 10,
          MaximumRetryAttempts: 3,
          DeadLetterConfig: { Arn: arn('BufferDlq') },
        },
      };
      t.Resources['Buffer']!.Properties['RedrivePolicy'] = undefined;
    });
    expect(issues.map((i) => i.at)).toEqual([
      'RekeyPipe.SourceParameters.SqsQueueParameters.MaximumRetryAttempts',
      'RekeyPipe.SourceParameters.SqsQueueParameters.DeadLetterConfig',
      'Buffer.RedrivePolicy',
      'Buffer.RedrivePolicy.deadLetterTargetArn',
      'Buffer.RedrivePolicy.maxReceiveCount',
    ]);
    expect(issues[0]?.message).toBe(
      "an SQS-source Pipe has only BatchSize and MaximumBatchingWindowInSeconds: its failures go back to the source queue and on to the DLQ of the queue's RedrivePolicy",
    );
    expect(issues[2]?.message).toContain(
      'the source queue of Pipe RekeyPipe needs a DLQ and a finite maxReceiveCount',
    );
  });

  it('requires an SQS-source Pipe’s source queue to be in the template, and a finite maxReceiveCount on it', () => {
    expect(
      issuesAfter((t) => {
        t.Resources['RekeyPipe']!.Properties['Source'] = 'arn:aws:sqs:eu-west-1:1:elsewhere';
      }).map((i) => i.at),
    ).toEqual(['RekeyPipe.Source']);
    expect(
      issuesAfter((t) => {
        t.Resources['Buffer']!.Properties['RedrivePolicy'] = { deadLetterTargetArn: arn('BufferDlq') };
      }).map((i) => i.at),
    ).toEqual(['Buffer.RedrivePolicy', 'Buffer.RedrivePolicy.maxReceiveCount']);
  });

  it('requires a FIFO queue fed by a Pipe to run in high-throughput mode, with its group from a JSON path', () => {
    const issues = issuesAfter((t) => {
      t.Resources['Queue']!.Properties['DeduplicationScope'] = 'queue';
      t.Resources['Queue']!.Properties['FifoThroughputLimit'] = undefined;
      t.Resources['RekeyPipe']!.Properties['TargetParameters'] = {
        SqsQueueParameters: { MessageGroupId: 'legacy-rdb' },
      };
    });
    expect(issues.map((i) => i.at)).toEqual([
      'Queue.DeduplicationScope',
      'Queue.FifoThroughputLimit',
      'RekeyPipe.TargetParameters.SqsQueueParameters.MessageGroupId',
    ]);
    expect(issues[2]?.message).toMatch(
      /^must be a JSON path to the aggregate key .*one message group serializes/,
    );
  });

  it('refuses a rule target that sends to a FIFO queue or sets a fixed message group', () => {
    const issues = issuesAfter((t) => {
      const rule = t.Resources['Rule']!.Properties;
      const [target] = rule['Targets'] as Record<string, unknown>[];
      rule['Targets'] = [
        { ...target, Arn: arn('Queue'), SqsParameters: { MessageGroupId: 'legacy-rdb' } },
        { ...target, Id: 'imported', Arn: 'arn:aws:sqs:eu-west-1:1:other.fifo' },
        { ...target, Id: 'group', SqsParameters: { MessageGroupId: 'legacy-rdb' } },
      ];
    });
    expect(issues.map((i) => i.at)).toEqual([
      'Rule.Targets[0].Arn',
      'Rule.Targets[1].Arn',
      'Rule.Targets[2].SqsParameters.MessageGroupId',
    ]);
    expect(issues[0]?.message).toContain(
      'sends to a FIFO queue with a fixed group: one message group serializes the whole downstream',
    );
  });

  it('requires a depth alarm on every DLQ: of a queue, a rule target and a Pipe', () => {
    const issues = issuesAfter((t) => {
      delete t.Resources['PipeDlqAlarm'];
      delete t.Resources['BufferDlqAlarm'];
      delete t.Resources['RuleDlqAlarm'];
      t.Resources['QueueDlqAlarm'] = {
        Type: 'AWS::CloudWatch::Alarm',
        Properties: {
          Metrics: [
            {
              Id: 'depth',
              MetricStat: { Metric: depthAlarm('QueueDlq').Properties },
            },
          ],
        },
      };
    });
    expect(issues).toEqual(
      ['PipeDlq', 'BufferDlq', 'RuleDlq'].map((at) => ({
        at,
        message:
          'a DLQ needs a CloudWatch alarm on its depth (AWS/SQS ApproximateNumberOfMessagesVisible, dimension QueueName): otherwise what lands there goes unnoticed until its retention ends',
      })),
    );
  });
});
