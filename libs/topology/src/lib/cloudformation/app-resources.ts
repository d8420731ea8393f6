import { OutflowError } from '@outflow/core-domain';
import type { OutflowTopology, SubscriptionDefinition } from '../topology.types';
import type { GeneratedResources, StackNames } from './cfn.types';
import { sourceResources, type SourceStream } from './source-resources';
import { subscriptionResources } from './subscription-resources';

/** What an app passes for the sources it owns: each source's stream, by source name. */
interface AppInputs {
  readonly streams?: Readonly<Record<string, SourceStream>>;
}

/**
 * The app's request cannot be generated (it owns nothing, or a source's stream is missing).
 *
 * @internal Exported for its spec; `serverless.ts` files let it surface as the packaging error.
 */
export class ResourceGenerationError extends OutflowError {
  readonly code = 'RESOURCE_GENERATION_FAILED';
}

function merge(parts: readonly GeneratedResources[]): GeneratedResources {
  const resources: Record<string, GeneratedResources['Resources'][string]> = {};
  const outputs: Record<string, GeneratedResources['Outputs'][string]> = {};
  for (const part of parts) {
    for (const [id, value] of [...Object.entries(part.Resources), ...Object.entries(part.Outputs)]) {
      if (id in resources || id in outputs)
        throw new ResourceGenerationError(
          `two topology entries generate the logical id ${id}: rename one of them`,
        );
      if (id in part.Resources) resources[id] = value as GeneratedResources['Resources'][string];
      else outputs[id] = value as GeneratedResources['Outputs'][string];
    }
  }
  return { Resources: resources, Outputs: outputs };
}

/**
 * Every AWS resource the topology gives `app` (the `app` field of its sources and
 * subscriptions): each source's Pipe, role, DLQ and alarms, each subscription's rule, queues,
 * policy and alarms, with their Outputs; keyed by logical id, for a Serverless config's
 * `resources` block. Throws ResourceGenerationError when the app owns nothing in the topology or
 * does not pass the stream of a source it owns.
 */
export function appResources(
  topology: OutflowTopology,
  app: string,
  names: StackNames,
  inputs: AppInputs = {},
): GeneratedResources {
  const sources = topology.sources.filter((s) => s.app === app);
  const subscriptions = topology.subscriptions.filter((s) => s.app === app);
  if (sources.length === 0 && subscriptions.length === 0)
    throw new ResourceGenerationError(
      `app ${app} owns no source or subscription in the topology: set "app": "${app}" on its entry in outflowTopology (libs/topology)`,
    );
  const parts = sources.map((source) => {
    const stream = inputs.streams?.[source.name];
    if (!stream)
      throw new ResourceGenerationError(
        `app ${app} owns source ${source.name}: pass streams.${source.name}.streamArn (its table's stream ARN, e.g. { 'Fn::GetAtt': ['OutboxTable', 'StreamArn'] })`,
      );
    return sourceResources(source, names, stream);
  });
  return merge([...parts, ...subscriptions.map((sub) => subscriptionResources(sub, names))]);
}

/** The subscription named `name`; throws ResourceGenerationError naming the ones there are. */
export function subscriptionNamed(topology: OutflowTopology, name: string): SubscriptionDefinition {
  const found = topology.subscriptions.find((s) => s.name === name);
  if (!found)
    throw new ResourceGenerationError(
      `no subscription named ${name} in the topology; it has: ${topology.subscriptions.map((s) => s.name).join(', ')}`,
    );
  return found;
}
