/**
 * The pipe-level values an input template can reference through reserved variables
 * (eb-pipes-input-transformation.html, "Reserved variables").
 */
export interface PipeContext {
  /** `<aws.pipes.pipe-name>` */
  readonly pipeName?: string;
  /** `<aws.pipes.pipe-arn>` */
  readonly pipeArn?: string;
  /** `<aws.pipes.source-arn>` */
  readonly sourceArn?: string;
  /** `<aws.pipes.target-arn>` */
  readonly targetArn?: string;
  /** `<aws.pipes.enrichment-arn>`; a pipe without enrichment has none and renders it like a missing path. */
  readonly enrichmentArn?: string | null;
  /**
   * `<aws.pipes.event.ingestion-time>`, rendered as an ISO 8601 string.
   * @default the time of rendering
   */
  readonly ingestionTime?: Date | string;
}

/** Reserved variables that come from the context, with the context key each one needs. */
export const CONTEXT_VARIABLES = {
  'aws.pipes.pipe-name': 'pipeName',
  'aws.pipes.pipe-arn': 'pipeArn',
  'aws.pipes.source-arn': 'sourceArn',
  'aws.pipes.target-arn': 'targetArn',
  'aws.pipes.enrichment-arn': 'enrichmentArn',
  'aws.pipes.event.ingestion-time': 'ingestionTime',
} as const satisfies Record<string, keyof PipeContext>;

/** Reserved variables that stand for the event itself. */
const EVENT_VARIABLES = ['aws.pipes.event', 'aws.pipes.event.json'] as const;

export type ContextVariable = keyof typeof CONTEXT_VARIABLES;
type EventVariable = (typeof EVENT_VARIABLES)[number];
export type ReservedVariable = ContextVariable | EventVariable;

export const RESERVED_VARIABLES: readonly ReservedVariable[] = [
  ...Object.keys(CONTEXT_VARIABLES),
  ...EVENT_VARIABLES,
] as ReservedVariable[];

export const isReservedVariable = (name: string): name is ReservedVariable =>
  (RESERVED_VARIABLES as readonly string[]).includes(name);
