import { isInputTemplateError, type PipeContext, renderInputTemplate } from '@outflow/event-patterns';
import { parseFlags, requiredJson, requiredText } from '../cli/arguments';
import { UsageError } from '../errors';
import { type Command, EXIT_OK, EXIT_USAGE } from '../cli/command';

/** Flags for the reserved variables, by the PipeContext key each one fills. */
const CONTEXT_FLAGS = {
  pipeName: 'pipe-name',
  pipeArn: 'pipe-arn',
  sourceArn: 'source-arn',
  targetArn: 'target-arn',
  enrichmentArn: 'enrichment-arn',
  ingestionTime: 'ingestion-time',
} as const satisfies Record<keyof PipeContext, string>;

const usage = `Usage: outflow render-input-template --template <text> --event <json> [--pipe-name <name> ...]

Renders an EventBridge Pipes input template against one source record (e.g. a DynamoDB stream
record) with the same renderer the local runtime uses, and prints what the target would receive.

Options:
  --template <text>          the InputTemplate (or file://path), at most 8192 characters
  --event <json>             the source record (or file://path)
  --pipe-name <name>         value of <aws.pipes.pipe-name>
  --pipe-arn <arn>           value of <aws.pipes.pipe-arn>
  --source-arn <arn>         value of <aws.pipes.source-arn>
  --target-arn <arn>         value of <aws.pipes.target-arn>
  --enrichment-arn <arn>     value of <aws.pipes.enrichment-arn> (empty when not given)
  --ingestion-time <iso>     value of <aws.pipes.event.ingestion-time> (default: now)
  --help                     show this help

Exit codes: 0 rendered, 2 missing option, invalid JSON or a template error.`;

const contextFrom = (values: Record<string, unknown>): PipeContext =>
  Object.fromEntries(
    Object.entries(CONTEXT_FLAGS)
      .filter(([, flag]) => typeof values[flag] === 'string')
      .map(([key, flag]) => [key, values[flag]]),
  );

const explain = (error: { message: string; contextKey?: string }) => {
  const flag = CONTEXT_FLAGS[error.contextKey as keyof PipeContext];
  return flag === undefined ? error.message : `${error.message} (pass --${flag})`;
};

/** `outflow render-input-template`: preview what a pipe's input template makes of a record. */
export const renderInputTemplateCommand: Command = {
  name: 'render-input-template',
  summary: 'render an EventBridge Pipes input template against an event (prints the output)',
  usage,
  async run(args, io) {
    try {
      const flags = Object.fromEntries(
        ['template', 'event', ...Object.values(CONTEXT_FLAGS)].map((f) => [f, { type: 'string' as const }]),
      );
      const values = parseFlags(args, flags);
      if (values.help) {
        io.out(usage);
        return EXIT_OK;
      }
      const template = requiredText(values, 'template');
      const result = renderInputTemplate(template, requiredJson(values, 'event'), contextFrom(values));
      if (result.kind === 'string' && /^\s*[[{]/.test(template)) {
        io.err(
          'note: the template is not valid JSON once its placeholders are filled, so Pipes delivers it as a plain string',
        );
      }
      io.out(result.text);
      return EXIT_OK;
    } catch (error) {
      if (error instanceof UsageError)
        io.err(`outflow render-input-template: ${error.message}${error.withUsage ? `\n\n${usage}` : ''}`);
      else if (isInputTemplateError(error))
        io.err(`outflow render-input-template: invalid input template: ${explain(error)}`);
      else throw error;
      return EXIT_USAGE;
    }
  },
};
