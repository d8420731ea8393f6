import type { ValidationIssue } from '@outflow/core-domain';
import { validateEventPattern } from '@outflow/event-patterns';
import { inRange, type IntRange } from '@outflow/core-domain';

const NAME = /^[a-z][a-z0-9-]{0,39}$/;

/** Collects issues, each naming the bad field by its path and saying what is expected. */
export class Issues {
  readonly list: ValidationIssue[] = [];

  check(ok: boolean, path: string, message: string): void {
    if (!ok) this.list.push({ path, message });
  }

  range(value: number, limits: IntRange, path: string, why = ''): void {
    this.check(
      inRange(value, limits),
      path,
      `expected an integer from ${limits.min} to ${limits.max}${why}, got ${String(value)}`,
    );
  }

  name(value: string, path: string): void {
    this.check(
      NAME.test(value),
      path,
      `expected lower-case letters, digits and dashes, got ${JSON.stringify(value)}`,
    );
  }

  pattern(pattern: Readonly<Record<string, unknown>>, path: string): void {
    const result = validateEventPattern(pattern);
    if (!result.ok) this.list.push({ path, message: result.error.message });
  }
}
