import {
  DescribeReplayCommand,
  StartReplayCommand,
  type DescribeReplayCommandOutput,
  type EventBridgeClient,
} from '@aws-sdk/client-eventbridge';
import { sleep } from '@outflow/core-application';
import type { ProgressReporter } from './progress';

/** What `outflow replay` starts on AWS: one rule's events of a window, from the bus archive. */
export interface AwsReplayRequest {
  readonly archiveArn: string;
  readonly busArn: string;
  /** The rule's name; its ARN is built from the bus's (`arn:aws:events:<region>:<account>:rule/<bus>/<rule>`). */
  readonly ruleName: string;
  readonly from: Date;
  readonly to: Date;
  /** @default `<rule>-<yyyymmddThhmmss>` (at most 64 characters of `[.\-_A-Za-z0-9]`) */
  readonly replayName?: string;
}

export interface AwsReplayResult {
  readonly replayName: string;
  readonly state: string;
  readonly ruleArn: string;
  readonly stateReason?: string;
}

/**
 * `arn:aws:events:r:a:event-bus/<bus>` → `arn:aws:events:r:a:rule/<bus>/<rule>` (a rule on a custom bus).
 *
 * @internal Exported for its spec.
 */
export function ruleArnOf(busArn: string, ruleName: string): string {
  const match = /^(arn:[^:]+:events:[^:]*:[^:]*):event-bus\/(.+)$/.exec(busArn);
  if (!match) throw new Error(`not an EventBridge bus ARN: ${busArn}`);
  return `${match[1]}:rule/${match[2]}/${ruleName}`;
}

const defaultName = (rule: string, at: Date) =>
  `${rule}-${at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, '')}`
    .replace(/[^.\-_A-Za-z0-9]/g, '-')
    .slice(0, 64);

/**
 * StartReplay from the bus archive limited to ONE rule: `Destination.FilterArns` = the rule's ARN
 * ("A list of ARNs for rules to replay events to", API_ReplayDestination), so only that
 * subscription receives the events again; then DescribeReplay every `pollMs` until the replay is
 * COMPLETED, FAILED or CANCELLED, reporting progress by `EventLastReplayedTime` across the window.
 *
 * @throws Error naming the replay when it ends FAILED or CANCELLED.
 */
export async function replayOnAws(
  client: EventBridgeClient,
  request: AwsReplayRequest,
  progress: ProgressReporter,
  pollMs = 5000,
): Promise<AwsReplayResult> {
  const replayName = request.replayName ?? defaultName(request.ruleName, new Date());
  const ruleArn = ruleArnOf(request.busArn, request.ruleName);
  await client.send(
    new StartReplayCommand({
      ReplayName: replayName,
      Description: `outflow replay --target ${request.ruleName}`,
      EventSourceArn: request.archiveArn,
      EventStartTime: request.from,
      EventEndTime: request.to,
      Destination: { Arn: request.busArn, FilterArns: [ruleArn] },
    }),
  );
  const windowSeconds = Math.max(1, Math.round((request.to.getTime() - request.from.getTime()) / 1000));
  progress.start(`replaying ${replayName}`, windowSeconds);
  let answer: DescribeReplayCommandOutput;
  for (;;) {
    answer = await client.send(new DescribeReplayCommand({ ReplayName: replayName }));
    const last = answer.EventLastReplayedTime?.getTime();
    if (last !== undefined) progress.update(Math.round((last - request.from.getTime()) / 1000));
    if (answer.State && !['STARTING', 'RUNNING', 'CANCELLING'].includes(answer.State)) break;
    await sleep(pollMs);
  }
  progress.stop();
  if (answer.State !== 'COMPLETED')
    throw new Error(`replay ${replayName} ended ${answer.State}: ${answer.StateReason ?? 'no reason given'}`);
  return {
    replayName,
    state: answer.State,
    ruleArn,
    ...(answer.StateReason ? { stateReason: answer.StateReason } : {}),
  };
}
