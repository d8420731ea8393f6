import { backfillEvent, extraRepairEvent } from '@outflow/core-application';
import { ConcurrencyError, toBusEventDetail, type OutboxEvent } from '@outflow/core-domain';
import { DynamoDbOutboxStore } from '@outflow/dynamodb-outbox';
import type { OpsEnvironment } from '../environment';
import type { OpsTarget } from '../targets';
import { keyOf } from './source-side';
import type { Drift } from './drift';

const body = (event: OutboxEvent): string => JSON.stringify(toBusEventDetail(event));

/**
 * A change of the source aggregate at version + 1 with the state it already has (`<type>.resynced`,
 * id `repair:<type>:<id>:<version>`), written through the outbox like any change: every
 * downstream receives it on the live path and applies it as newer. The only way to fix data a
 * downstream holds at the source's very version (changed behind Outflow's back): the version
 * rule answers `duplicate` to that version again, by design. Conditional on the version read:
 * when the aggregate changed meanwhile, that newer change repairs it.
 */
async function resyncAtSource(drift: Drift): Promise<string> {
  const { snapshot, table } = drift;
  if (!snapshot || !table) return 'not repaired: the aggregate is no longer in the source';
  const version = snapshot.version + 1;
  const event: OutboxEvent = {
    eventId: `repair:${snapshot.aggregateType}:${snapshot.aggregateId}:${version}`,
    eventType:
      snapshot.state === null ? `${snapshot.aggregateType}.deleted` : `${snapshot.aggregateType}.resynced`,
    aggregateType: snapshot.aggregateType,
    aggregateId: snapshot.aggregateId,
    aggregateVersion: version,
    occurredAt: new Date().toISOString(),
    schemaVersion: 1,
    ...(snapshot.state === null ? { deleted: true as const } : { state: snapshot.state }),
  } as OutboxEvent;
  try {
    await new DynamoDbOutboxStore({ tableName: table.tableName, client: table.client }).save({
      aggregateType: snapshot.aggregateType,
      aggregateId: snapshot.aggregateId,
      expectedVersion: snapshot.version,
      state: snapshot.state,
      events: [event],
    });
    return `source re-sent at version ${version} (${event.eventId})`;
  } catch (error) {
    if (error instanceof ConcurrencyError)
      return 'the aggregate changed in the source meanwhile: that change repairs it';
    throw error;
  }
}

/** The change that repairs a drift through the target's entry queue, or why there is none. */
function entryQueueRepair(drift: Drift): OutboxEvent | string {
  if (drift.category === 'extra')
    return drift.downstream
      ? extraRepairEvent(
          drift.aggregateType,
          drift.aggregateId,
          drift.downstream.version,
          new Date().toISOString(),
        )
      : 'not repaired: the store no longer holds it';
  if (!drift.snapshot) return 'not repaired: the aggregate is no longer in the source';
  return backfillEvent(drift.snapshot, new Date().toISOString());
}

/**
 * `--repair`: missing, stale and dead-lettered aggregates get the backfill change of their
 * current state (to the target's entry queue); an extra one a deletion at the store's version + 1
 * (to the entry queue); one that differs at the source's version a re-sent change at the source
 * (once per aggregate, whatever number of targets report it). A store newer than the source, or a
 * source state the store cannot map, cannot be repaired here. Sets each drift's `repair` and
 * returns how many drifts got no repair.
 */
export async function repairDrifts(
  env: OpsEnvironment,
  targets: readonly OpsTarget[],
  drifts: readonly Drift[],
): Promise<number> {
  const resynced = new Map<string, string>();
  for (const target of targets) {
    const mine = drifts.filter((d) => d.subscription === target.subscription.name);
    const bodies: string[] = [];
    for (const drift of mine) {
      const sameVersion =
        drift.downstream && drift.source && drift.downstream.version === drift.source.version;
      if (drift.category === 'differs' && sameVersion && !('error' in (drift.source?.expected ?? {}))) {
        const key = keyOf(drift.aggregateType, drift.aggregateId);
        drift.repair = resynced.get(key) ?? (await resyncAtSource(drift));
        resynced.set(key, drift.repair);
        continue;
      }
      if (drift.category === 'differs') {
        drift.repair = `not repaired: ${drift.detail}`;
        continue;
      }
      const repair = entryQueueRepair(drift);
      if (typeof repair === 'string') drift.repair = repair;
      else {
        bodies.push(body(repair));
        drift.repair = `sent ${repair.eventId} to ${target.entryQueue.name}`;
      }
    }
    if (bodies.length > 0) await env.sendToEntryQueue(target, bodies);
  }
  return drifts.filter((d) => d.repair?.startsWith('not repaired')).length;
}
