import { compileEventPattern, isInvalidEventPatternError } from '@outflow/event-patterns';
import { parseFlags, requiredJson } from '../cli/arguments';
import { UsageError } from '../errors';
import { type Command, EXIT_OK, EXIT_USAGE } from '../cli/command';

const usage = `Usage: outflow test-event-pattern --pattern <json> --event <json>

Tests whether an EventBridge event pattern matches an event, like \`aws events test-event-pattern\`,
with the same engine the local runtime uses. Prints true or false.

Options:
  --pattern <json>   the event pattern (or file://path)
  --event <json>     the event (or file://path)
  --help             show this help

Exit codes: 0 answered (true or false), 2 missing option, invalid JSON or invalid pattern.`;

/** `outflow test-event-pattern`: the local twin of `aws events test-event-pattern`. */
export const testEventPatternCommand: Command = {
  name: 'test-event-pattern',
  summary: 'test whether an EventBridge event pattern matches an event (prints true or false)',
  usage,
  async run(args, io) {
    try {
      const values = parseFlags(args, { pattern: { type: 'string' }, event: { type: 'string' } });
      if (values.help) {
        io.out(usage);
        return EXIT_OK;
      }
      const pattern = requiredJson(values, 'pattern');
      const event = requiredJson(values, 'event');
      io.out(String(compileEventPattern(pattern).matches(event)));
      return EXIT_OK;
    } catch (error) {
      if (error instanceof UsageError)
        io.err(`outflow test-event-pattern: ${error.message}${error.withUsage ? `\n\n${usage}` : ''}`);
      else if (isInvalidEventPatternError(error))
        io.err(`outflow test-event-pattern: invalid event pattern: ${error.message}`);
      else throw error;
      return EXIT_USAGE;
    }
  },
};
