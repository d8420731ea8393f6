import { CloudFormationClient, paginateListExports } from '@aws-sdk/client-cloudformation';
import { OutflowError } from '@outflow/core-domain';

/** A CloudFormation export the command needs is missing or ambiguous; the message says which and what to do. @public */
export class StackExportError extends OutflowError {
  readonly code = 'STACK_EXPORT_MISSING';
}

/**
 * The exports of the account and Region (`ListExports`, every page: "Lists all exported output
 * values in the account and Region in which you call this action",
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_ListExports.html).
 */
export async function listStackExports(client: CloudFormationClient): Promise<Map<string, string>> {
  const exports = new Map<string, string>();
  for await (const page of paginateListExports({ client }, {}))
    for (const entry of page.Exports ?? [])
      if (entry.Name !== undefined && entry.Value !== undefined) exports.set(entry.Name, entry.Value);
  return exports;
}

/**
 * The generator exports every resource as `<service>-<stage>-<LogicalId><Url|Arn|Name>`
 * (libs/topology, `exported`), and logical ids are unique across the topology's apps, so an
 * export is found by its `-<stage>-<suffix>` ending whatever the app's service name is.
 */
export class StageExports {
  constructor(
    private readonly exports: ReadonlyMap<string, string>,
    readonly stage: string,
    readonly region: string,
  ) {}

  /** The value exported as `…-<stage>-<suffix>`, or undefined. @throws StackExportError when several stacks export it. */
  find(suffix: string): string | undefined {
    const ending = `-${this.stage}-${suffix}`;
    const found = [...this.exports].filter(([name]) => name.endsWith(ending));
    if (found.length > 1)
      throw new StackExportError(
        `several CloudFormation exports end in ${ending} in ${this.region}: ${found.map(([n]) => n).join(', ')}; remove the stale stack`,
      );
    return found[0]?.[1];
  }

  /** The value exported as `…-<stage>-<suffix>`. @throws StackExportError naming the export and the app to deploy. */
  get(suffix: string, app: string): string {
    const value = this.find(suffix);
    if (value === undefined)
      throw new StackExportError(
        `no CloudFormation export ending in -${this.stage}-${suffix} in ${this.region}: deploy ${app} to stage ${this.stage} (cd apps/${app} && npx serverless deploy --stage ${this.stage}), or check --stage and --region`,
      );
    return value;
  }
}
