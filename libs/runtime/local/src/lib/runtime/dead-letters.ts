import { parseExactJson, stringifyExactJson } from '@outflow/core-domain';
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * A message or record that could not be delivered, with why: the one dead-letter shape of the
 * local runtime, whoever moved it (a Pipe, a bus rule, a queue).
 */
export interface DeadLetterEntry {
  /** `pipe:<name>`, `rule:<name>` or `queue:<name>`. */
  readonly from: string;
  /** Why it could not be delivered (the last failure), e.g. `retries exhausted (6 attempts): …`. */
  readonly reason: string;
  /** ISO-8601 instant it was moved. */
  readonly movedAt: string;
  /** A Pipe's stream record, a rule's bus event, or a queue's message (id, group, receive count, body). */
  readonly payload: unknown;
}

export interface DeadLetterSink {
  put(entry: DeadLetterEntry): void;
  list(): DeadLetterEntry[];
}

/**
 * Dead letters kept in memory.
 *
 * @internal Test and benchmark support; `outflow dev` keeps dead letters in files.
 */
export class InMemoryDeadLetters implements DeadLetterSink {
  private readonly entries: DeadLetterEntry[] = [];
  put(entry: DeadLetterEntry): void {
    this.entries.push(entry);
  }
  list(): DeadLetterEntry[] {
    return [...this.entries];
  }
}

/** Dead letters as JSON lines in a file, so they survive restarts and can be inspected; numbers stay exact. */
export class FileDeadLetters implements DeadLetterSink {
  constructor(readonly path: string) {
    mkdirSync(dirname(path), { recursive: true });
  }
  put(entry: DeadLetterEntry): void {
    appendFileSync(this.path, `${stringifyExactJson(entry)}\n`);
  }
  list(): DeadLetterEntry[] {
    try {
      return readFileSync(this.path, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => parseExactJson(line) as DeadLetterEntry);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  }
}
