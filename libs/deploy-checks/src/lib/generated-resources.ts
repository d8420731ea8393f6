import { GENERATED_RESOURCE_TYPES, type GeneratedResources } from '@outflow/topology';
import { isDeepStrictEqual } from 'node:util';
import type { CfnTemplate } from './package-service';
import type { TemplateIssue } from './template-checks';

/**
 * Whether a packaged template holds exactly the generator's resources for its app: every
 * generated resource and output is there with the very properties the generator gave it, and no
 * resource of a generated type (rule, queue, queue policy, alarm, Pipe) exists that the generator
 * did not make — the app declared none itself and osls changed none. Returns every difference
 * (empty when exact).
 */
export function checkGeneratedResources(
  template: CfnTemplate,
  generated: GeneratedResources,
): TemplateIssue[] {
  const issues: TemplateIssue[] = [];
  for (const [id, resource] of Object.entries(generated.Resources)) {
    const packaged = template.Resources[id];
    if (!packaged) issues.push({ at: id, message: `the generator's ${resource.Type} is missing` });
    else if (packaged.Type !== resource.Type || !isDeepStrictEqual(packaged.Properties, resource.Properties))
      issues.push({ at: id, message: `differs from the generator's ${resource.Type}` });
  }
  for (const [id, output] of Object.entries(generated.Outputs)) {
    if (!isDeepStrictEqual(template.Outputs?.[id], output))
      issues.push({ at: `Outputs.${id}`, message: "missing or differs from the generator's output" });
  }
  for (const [id, resource] of Object.entries(template.Resources)) {
    if (
      (GENERATED_RESOURCE_TYPES as readonly string[]).includes(resource.Type) &&
      !(id in generated.Resources)
    )
      issues.push({
        at: id,
        message: `a ${resource.Type} the generator did not make: take it from appResources (@outflow/topology)`,
      });
  }
  return issues;
}
