import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { sourceLogicalIds, type OutflowTopology } from '@outflow/topology';
import { join } from 'node:path';
import { APPS_DIRS, REPO_ROOT } from '../dev/dev-environment';
import { loadOperatorStoreFactory } from '../dev/local-apps';
import { UsageError } from '../errors';
import { listStackExports, StageExports } from './aws-exports';
import { changesInDeadLetter, type DeadLetteredChange } from './dead-letter-changes';
import type { DownstreamListing, OpsEnvironment } from './environment';
import type { OpsMode } from './options';
import { peekQueue, sendToQueue } from './sqs-operations';
import { awsTarget, type OpsTarget } from './targets';

type AwsMode = Extract<OpsMode, { kind: 'aws' }>;

export interface AwsEnvironmentOptions {
  /** The operator's environment (credentials chain, app settings such as DATABASE_URL). @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** Where apps are found by `subscription.app`. @default APPS_DIRS */
  readonly appsDirs?: readonly string[];
}

/** The Region: `--region`, else what the SDK's chain resolves (AWS_REGION, the profile's `region`). */
async function regionOf(mode: AwsMode): Promise<string> {
  if (mode.region) return mode.region;
  const probe = new CloudFormationClient({ ...(mode.profile ? { profile: mode.profile } : {}) });
  try {
    return await probe.config.region();
  } catch {
    throw new UsageError(
      'no AWS Region: pass --region <region> (or set AWS_REGION, or a region in the profile)',
      false,
    );
  } finally {
    probe.destroy();
  }
}

/** The app's deployed store through its `./ops` entry (`createOperatorStore`), for listing. */
async function openOperatorStore(
  target: OpsTarget,
  context: { stage: string; region: string; env: NodeJS.ProcessEnv; appsDirs: readonly string[] },
): Promise<DownstreamListing> {
  const factory = loadOperatorStoreFactory(target.subscription, context.appsDirs);
  const { stage, region, env } = context;
  const opened = await factory({ subscription: target.subscription.name, stage, region, env });
  return {
    describe: opened.describe,
    list: (query) => opened.store.list(query),
    expectedHashes: async (items) =>
      items.map((item) => {
        try {
          return { hash: opened.store.expectedHash(item.aggregateType, item.aggregateId, item.state) };
        } catch (error) {
          return { error: (error as Error).message };
        }
      }),
    dispose: () => opened.dispose(),
  };
}

/** Every change the target's DLQs hold now (each DLQ peeked, its messages left in place). */
async function peekDeadLetters(sqs: SQSClient, target: OpsTarget): Promise<DeadLetteredChange[]> {
  const found: DeadLetteredChange[] = [];
  for (const queue of target.deadLetterQueues)
    for (const message of await peekQueue(sqs, queue.url as string))
      for (const change of changesInDeadLetter(message.body))
        found.push({ ...change, messageId: message.messageId, queue: queue.name });
  return found;
}

/**
 * AWS mode: the deployed stage `--stage` in `--region` with `--profile` (else the SDK's default
 * credential chain). Names come from the CloudFormation exports the stacks' generated resources
 * write (`ListExports`); the source table is scanned with DynamoDB, entry queues and DLQs are
 * reached with SQS, downstream stores through each app's `./ops` entry. `--profile` is also set
 * as AWS_PROFILE so an app's store (e.g. a Secrets Manager read) uses the same credentials.
 *
 * @throws StackExportError naming a missing export (and the app to deploy); UsageError without a Region.
 */
export async function openAwsEnvironment(
  mode: AwsMode,
  topology: OutflowTopology,
  options: AwsEnvironmentOptions = {},
): Promise<OpsEnvironment> {
  const env = options.env ?? process.env;
  if (mode.profile) env['AWS_PROFILE'] = mode.profile;
  const region = await regionOf(mode);
  const config = { region, ...(mode.profile ? { profile: mode.profile } : {}) };
  const cfn = new CloudFormationClient(config);
  let exports: StageExports;
  try {
    exports = new StageExports(await listStackExports(cfn), mode.stage, region);
  } finally {
    cfn.destroy();
  }
  const dynamo = new DynamoDBClient(config);
  // With an endpoint override (AWS_ENDPOINT_URL[_SQS]: a local emulator) the queue URLs still name
  // sqs.<region>.amazonaws.com; send to the override, not to the URL's host.
  const overridden = Boolean(env['AWS_ENDPOINT_URL_SQS'] ?? env['AWS_ENDPOINT_URL']);
  const sqs = new SQSClient({ ...config, ...(overridden ? { useQueueUrlAsEndpoint: false } : {}) });
  const sources = topology.sources.map((source) => ({
    source,
    tableName: exports.get(sourceLogicalIds(source).tableNameOutput, source.app),
    client: dynamo,
  }));
  const targets = new Map<string, OpsTarget>();
  const target = (subscription: OpsTarget['subscription']): OpsTarget => {
    const known = targets.get(subscription.name) ?? awsTarget(subscription, exports);
    targets.set(subscription.name, known);
    return known;
  };
  return {
    mode,
    describe: `stage ${mode.stage} in ${region}`,
    topology,
    sources,
    stateDir: join(REPO_ROOT, '.outflow-ops', `${mode.stage}-${region}`),
    target,
    sendToEntryQueue: (t, bodies) => sendToQueue(sqs, t.entryQueue.url as string, bodies),
    openDownstream: (t) =>
      openOperatorStore(t, { stage: mode.stage, region, env, appsDirs: options.appsDirs ?? APPS_DIRS }),
    deadLettered: (t) => peekDeadLetters(sqs, t),
    close: async () => {
      dynamo.destroy();
      sqs.destroy();
    },
  };
}
