import type { SubscriptionDefinition } from '../topology.types';
import { pascalCase } from './names';

/**
 * Logical ids of one subscription's resources: `<Subscription>Rule`, `<Subscription>Queue` (the
 * consumer's queue, FIFO or standard by mode), … The ids of a resource that exists in both modes
 * are the same in both, and the same as before delivery modes existed; `bufferQueue` … `pipeFailureAlarm`
 * exist only in `per-aggregate` mode.
 */
export const subscriptionLogicalIds = (subscription: SubscriptionDefinition) => {
  const stem = pascalCase(subscription.name);
  return {
    rule: `${stem}Rule`,
    queue: `${stem}Queue`,
    deadLetterQueue: `${stem}DeadLetterQueue`,
    ruleDeadLetterQueue: `${stem}RuleDeadLetterQueue`,
    queuePolicy: `${stem}QueuePolicy`,
    queueAgeAlarm: `${stem}QueueAgeAlarm`,
    deadLetterAlarm: `${stem}DeadLetterAlarm`,
    ruleDeadLetterAlarm: `${stem}RuleDeadLetterAlarm`,
    changeAgeAlarm: `${stem}ChangeAgeAlarm`,
    bufferQueue: `${stem}BufferQueue`,
    bufferDeadLetterQueue: `${stem}BufferDeadLetterQueue`,
    pipe: `${stem}Pipe`,
    pipeRole: `${stem}PipeRole`,
    bufferAgeAlarm: `${stem}BufferQueueAgeAlarm`,
    bufferDeadLetterAlarm: `${stem}BufferDeadLetterAlarm`,
    pipeFailureAlarm: `${stem}PipeFailureAlarm`,
  } as const;
};

export type SubscriptionIds = ReturnType<typeof subscriptionLogicalIds>;

/** What the downstream is called in descriptions: the subscription's description or its name. */
export const downstreamOf = (sub: SubscriptionDefinition) => sub.description ?? `the ${sub.name} downstream`;

/** The queue the bus rule sends to: the buffer queue in `per-aggregate` mode, else the consumer's queue. */
export const ruleTargetQueue = (sub: SubscriptionDefinition, ids: SubscriptionIds): string =>
  sub.delivery.mode === 'per-aggregate' ? ids.bufferQueue : ids.queue;
