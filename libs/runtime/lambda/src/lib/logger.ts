/** Structured, one-JSON-object-per-line logging (what CloudWatch Logs Insights queries best). */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

const line = (level: string, message: string, fields?: Record<string, unknown>) =>
  JSON.stringify({ level, message, time: new Date().toISOString(), ...fields });

const LEVELS = { info: 0, warn: 1, error: 2, silent: 3 } as const;

/**
 * LOG_LEVEL (info | warn | error | silent, default info), read on each call so a process can change
 * it. `silent` writes nothing (the tests' default, see tools/jest/quiet-logs.cjs).
 */
const enabled = (level: keyof typeof LEVELS) =>
  LEVELS[level] >= (LEVELS[(process.env['LOG_LEVEL'] ?? 'info').toLowerCase() as keyof typeof LEVELS] ?? 0);

export const jsonLogger: Logger = {
  info: (message, fields) => enabled('info') && console.log(line('info', message, fields)),
  warn: (message, fields) => enabled('warn') && console.warn(line('warn', message, fields)),
  error: (message, fields) => enabled('error') && console.error(line('error', message, fields)),
};

/**
 * A Logger that writes nothing.
 *
 * @internal Test and benchmark support.
 */
export const silentLogger: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
