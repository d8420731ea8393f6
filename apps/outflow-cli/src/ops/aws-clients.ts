import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { sourceLogicalIds, type OutflowTopology } from '@outflow/topology';
import { listStackExports, StageExports } from './aws-exports';
import type { PipeDeadLetterQueueRef } from './dead-letter-queues';
import type { OpsMode } from './options';

type AwsMode = Extract<OpsMode, { kind: 'aws' }>;

/** The SDK client settings of an AWS-mode command: `--region` and `--profile`, else the SDK's chains. */
export const awsClientConfig = (mode: AwsMode) => ({
  ...(mode.region ? { region: mode.region } : {}),
  ...(mode.profile ? { profile: mode.profile } : {}),
});

/** The stage's CloudFormation exports (ListExports), found by suffix. */
export async function stageExports(mode: AwsMode): Promise<StageExports> {
  const cfn = new CloudFormationClient(awsClientConfig(mode));
  try {
    const region = await cfn.config.region();
    return new StageExports(await listStackExports(cfn), mode.stage, region);
  } finally {
    cfn.destroy();
  }
}

/** Each source Pipe's DLQ on the stage, from the source app's exports (`<Source>PipeDeadLetterQueueUrl`/`Arn`). */
export function pipeDeadLetterQueues(
  topology: OutflowTopology,
  exports: StageExports,
): PipeDeadLetterQueueRef[] {
  return topology.sources.map((source) => {
    const id = sourceLogicalIds(source).deadLetterQueue;
    const url = exports.get(`${id}Url`, source.app);
    return {
      source,
      name: url.slice(url.lastIndexOf('/') + 1),
      url,
      arn: exports.get(`${id}Arn`, source.app),
    };
  });
}
