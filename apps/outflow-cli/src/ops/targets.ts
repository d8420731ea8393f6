import { subscriptionLogicalIds, type SubscriptionDefinition } from '@outflow/topology';
import type { StageExports } from './aws-exports';

/** One queue of a subscription as an operator reaches it. @public */
export interface OpsQueue {
  /** The queue's name: physical on AWS (`<service>-<stage>-<subscription>-buffer`), local (`<subscription>-buffer`). */
  readonly name: string;
  /** AWS only. */
  readonly url?: string;
  /** AWS only. */
  readonly arn?: string;
}

/** A DLQ of a subscription and what it catches. @public */
export interface OpsDeadLetterQueue extends OpsQueue {
  /** What it is the DLQ of: `rule`, `buffer` (per-aggregate) or `queue` (the consumer's queue). */
  readonly of: 'rule' | 'buffer' | 'queue';
  /**
   * Local only: the `from` of its entries in the data dir's dead-letters.jsonl
   * (`queue:<local queue name>` or `rule:<subscription>`).
   */
  readonly localFrom?: string;
}

/** How to reach a subscription's resources: where changes enter, its DLQs, rule and Pipe. */
export interface OpsTarget {
  readonly subscription: SubscriptionDefinition;
  /** Where the bus rule sends: the buffer queue (`per-aggregate`) or the standard queue (`unordered`). */
  readonly entryQueue: OpsQueue;
  /** What the consumer reads: the FIFO queue (`per-aggregate`) or the standard queue. */
  readonly consumerQueue: OpsQueue;
  readonly deadLetterQueues: readonly OpsDeadLetterQueue[];
  readonly ruleName: string;
  /** The re-keying Pipe (`per-aggregate` only; on AWS absent when its export is missing). */
  readonly pipeName?: string;
}

/** The names the local runtime gives a subscription's resources (libs/runtime/local, SubscriptionRuntime). */
export function localTarget(subscription: SubscriptionDefinition): OpsTarget {
  const name = subscription.name;
  const perAggregate = subscription.delivery.mode === 'per-aggregate';
  const entry = perAggregate ? `${name}-buffer` : name;
  const consumer = perAggregate ? `${name}.fifo` : name;
  const dlq = (of: OpsDeadLetterQueue['of'], queue: string): OpsDeadLetterQueue => ({
    name: `${queue} (DLQ)`,
    of,
    localFrom: of === 'rule' ? `rule:${name}` : `queue:${queue}`,
  });
  return {
    subscription,
    entryQueue: { name: entry },
    consumerQueue: { name: consumer },
    deadLetterQueues: [
      ...(perAggregate ? [dlq('buffer', entry)] : []),
      dlq('queue', consumer),
      dlq('rule', name),
    ],
    ruleName: name,
    ...(perAggregate ? { pipeName: `${name}-rekey` } : {}),
  };
}

/**
 * A deployed subscription, from the CloudFormation exports the generator writes for it
 * (`<service>-<stage>-<LogicalId><Url|Arn|Name>`, libs/topology `subscriptionResources`).
 *
 * @throws StackExportError naming the first missing export and the app to deploy.
 */
export function awsTarget(subscription: SubscriptionDefinition, exports: StageExports): OpsTarget {
  const ids = subscriptionLogicalIds(subscription);
  const app = subscription.app;
  const queue = (id: string): OpsQueue => ({
    name: exports.get(`${id}Name`, app),
    url: exports.get(`${id}Url`, app),
    arn: exports.get(`${id}Arn`, app),
  });
  const perAggregate = subscription.delivery.mode === 'per-aggregate';
  const consumerQueue = queue(ids.queue);
  return {
    subscription,
    entryQueue: perAggregate ? queue(ids.bufferQueue) : consumerQueue,
    consumerQueue,
    deadLetterQueues: [
      ...(perAggregate ? [{ ...queue(ids.bufferDeadLetterQueue), of: 'buffer' as const }] : []),
      { ...queue(ids.deadLetterQueue), of: 'queue' },
      { ...queue(ids.ruleDeadLetterQueue), of: 'rule' },
    ],
    ruleName: exports.get(`${ids.rule}Name`, app),
    ...(perAggregate && exports.find(`${ids.pipe}Name`) ? { pipeName: exports.find(`${ids.pipe}Name`) } : {}),
  };
}
