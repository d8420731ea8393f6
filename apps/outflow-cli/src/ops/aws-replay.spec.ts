// moto's StartReplay ignores the time window and the rule filter, so the exact request is
// asserted here with an SDK mock (replay semantics are proved on the local archive).
import { DescribeReplayCommand, EventBridgeClient, StartReplayCommand } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { replayOnAws, ruleArnOf } from './aws-replay';
import type { ProgressReporter } from './progress';

const busArn = 'arn:aws:events:eu-west-1:123456789012:event-bus/outflow-backbone-prod-bus';
const request = {
  archiveArn: 'arn:aws:events:eu-west-1:123456789012:archive/outflow-backbone-prod-archive',
  busArn,
  ruleName: 'outflow-legacy-rdb-sync-prod-legacy-rdb',
  from: new Date('2026-11-29T08:00:00Z'),
  to: new Date('2026-11-29T09:00:00Z'),
  replayName: 'legacy-rdb-20261130T000000',
};
const progress = (): ProgressReporter & { updates: number[] } => {
  const updates: number[] = [];
  return { updates, start: () => undefined, update: (n) => void updates.push(n), stop: () => undefined };
};

describe('Function: replayOnAws', () => {
  const eventBridge = mockClient(EventBridgeClient);
  afterEach(() => eventBridge.reset());

  it('starts a replay of the window limited to the subscription’s rule, then polls DescribeReplay until it completes', async () => {
    eventBridge.on(StartReplayCommand).resolves({ State: 'STARTING' });
    eventBridge
      .on(DescribeReplayCommand)
      .resolvesOnce({ State: 'RUNNING', EventLastReplayedTime: new Date('2026-11-29T08:30:00Z') })
      .resolvesOnce({ State: 'COMPLETED', EventLastReplayedTime: new Date('2026-11-29T09:00:00Z') });
    const reporter = progress();

    const result = await replayOnAws(new EventBridgeClient({ region: 'eu-west-1' }), request, reporter, 1);

    expect(eventBridge.commandCalls(StartReplayCommand).map((call) => call.args[0].input)).toEqual([
      {
        ReplayName: 'legacy-rdb-20261130T000000',
        Description: 'outflow replay --target outflow-legacy-rdb-sync-prod-legacy-rdb',
        EventSourceArn: request.archiveArn,
        EventStartTime: new Date('2026-11-29T08:00:00Z'),
        EventEndTime: new Date('2026-11-29T09:00:00Z'),
        Destination: {
          Arn: busArn,
          FilterArns: [
            'arn:aws:events:eu-west-1:123456789012:rule/outflow-backbone-prod-bus/outflow-legacy-rdb-sync-prod-legacy-rdb',
          ],
        },
      },
    ]);
    expect(eventBridge.commandCalls(DescribeReplayCommand).map((c) => c.args[0].input)).toEqual([
      { ReplayName: 'legacy-rdb-20261130T000000' },
      { ReplayName: 'legacy-rdb-20261130T000000' },
    ]);
    expect(reporter.updates).toEqual([1800, 3600]);
    expect(result).toMatchObject({ replayName: 'legacy-rdb-20261130T000000', state: 'COMPLETED' });
  });

  it('says why when the replay fails', async () => {
    eventBridge.on(StartReplayCommand).resolves({});
    eventBridge.on(DescribeReplayCommand).resolves({ State: 'FAILED', StateReason: 'archive is empty' });
    await expect(
      replayOnAws(new EventBridgeClient({ region: 'eu-west-1' }), request, progress(), 1),
    ).rejects.toThrow('replay legacy-rdb-20261130T000000 ended FAILED: archive is empty');
  });

  it('builds the rule ARN from the bus ARN, and refuses anything else', () => {
    expect(ruleArnOf(busArn, 'r')).toBe(
      'arn:aws:events:eu-west-1:123456789012:rule/outflow-backbone-prod-bus/r',
    );
    expect(() => ruleArnOf('arn:aws:sqs:eu-west-1:1:q', 'r')).toThrow(
      'not an EventBridge bus ARN: arn:aws:sqs:eu-west-1:1:q',
    );
  });
});
