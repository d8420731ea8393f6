/** A CloudFormation resource as the generator emits it (`Type` + `Properties`). */
export interface CfnResource {
  readonly Type: string;
  readonly Properties: Readonly<Record<string, unknown>>;
}

/** A stack output, exported under `<service>-<stage>-<output logical id>` for other stacks and the CLI. */
export interface CfnOutput {
  readonly Description: string;
  readonly Value: unknown;
  readonly Export: { readonly Name: string };
}

/** Resources and Outputs keyed by logical id, ready for a Serverless `resources` block. */
export interface GeneratedResources {
  readonly Resources: Readonly<Record<string, CfnResource>>;
  readonly Outputs: Readonly<Record<string, CfnOutput>>;
}

/**
 * The names a stack's resources are derived from. In a Serverless config pass Serverless
 * variables (osls resolves them after loading the config), e.g.
 * `{ service: 'outflow-legacy-rdb-sync', stage: '${sls:stage}', backbone: '${file(../../serverless.yml):custom.shared.backbone}' }`.
 */
export interface StackNames {
  /** The Serverless service (the stack's name prefix), e.g. `outflow-legacy-rdb-sync`. */
  readonly service: string;
  /** The stage, e.g. `prod`; physical names are `<service>-<stage>-…`. */
  readonly stage: string;
  /** The backbone's export prefix: the bus and alarm topic are imported as `<backbone>-<stage>-BusArn` etc. */
  readonly backbone: string;
}

/**
 * The resource types only the generator declares in an app's stack: an app's own Serverless config
 * never declares a rule, queue (DLQs included), queue policy, alarm or Pipe itself.
 *
 * @internal For @outflow/deploy-checks (the CI gate that checks app configs and packaged templates).
 */
export const GENERATED_RESOURCE_TYPES = [
  'AWS::Events::Rule',
  'AWS::SQS::Queue',
  'AWS::SQS::QueuePolicy',
  'AWS::CloudWatch::Alarm',
  'AWS::Pipes::Pipe',
] as const;
