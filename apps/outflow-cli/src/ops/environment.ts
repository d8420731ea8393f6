import type { ProjectionListQuery, ProjectionPage } from '@outflow/core-application';
import type { AggregateState } from '@outflow/core-domain';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { OutflowTopology, SourceDefinition, SubscriptionDefinition } from '@outflow/topology';
import type { DeadLetteredChange } from './dead-letter-changes';
import type { OpsMode } from './options';
import type { OpsTarget } from './targets';

/** A source table as an operator scans it. */
export interface OpsSourceTable {
  readonly source: SourceDefinition;
  readonly tableName: string;
  readonly client: DynamoDBClient;
}

/** An item whose hash a store is asked for (`ProjectionStore.expectedHash`). */
interface HashRequest {
  readonly aggregateType: string;
  readonly aggregateId: string;
  /** null: a tombstone. */
  readonly state: AggregateState | null;
}

/** A subscription's downstream store, as reconcile enumerates it. */
export interface DownstreamListing {
  /** Where it is, for the output. */
  readonly describe: string;
  /** `ProjectionStore.list`. */
  list(query: ProjectionListQuery): Promise<ProjectionPage>;
  /** `ProjectionStore.expectedHash` per item, in order: the hash, or why the store would refuse the state. */
  expectedHashes(items: readonly HashRequest[]): Promise<readonly ({ hash: string } | { error: string })[]>;
  dispose(): Promise<void>;
}

/**
 * What an operator command works with, in local mode (the running `npm start`, through its
 * control API and DynamoDB Local) or AWS mode (a deployed stage, through SDK v3 clients and the
 * stacks' CloudFormation exports). Commands are written once against this.
 */
export interface OpsEnvironment {
  readonly mode: OpsMode;
  /** e.g. `the npm start on /repo/.outflow (pid 4242)` or `stage prod in eu-west-1`. */
  readonly describe: string;
  readonly topology: OutflowTopology;
  /** Every source table of the topology. */
  readonly sources: readonly OpsSourceTable[];
  /** How to reach the subscription's queues, rule and Pipe. */
  target(subscription: SubscriptionDefinition): OpsTarget;
  /**
   * Sends message bodies (bus event details as JSON text) to the subscription's entry queue
   * (buffer or standard queue); resolves once every one was accepted.
   */
  sendToEntryQueue(target: OpsTarget, bodies: readonly string[]): Promise<void>;
  /** Opens the subscription's downstream store for listing. */
  openDownstream(target: OpsTarget): Promise<DownstreamListing>;
  /** The changes held in the subscription's DLQs now. */
  deadLettered(target: OpsTarget): Promise<readonly DeadLetteredChange[]>;
  /** Where this environment keeps an operator command's checkpoints (a directory). */
  readonly stateDir: string;
  close(): Promise<void>;
}
