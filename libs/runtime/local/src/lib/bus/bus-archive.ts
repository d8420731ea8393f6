import { parseExactJson, stringifyExactJson } from '@outflow/core-domain';
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { BusEvent } from './event-bus';

const DAY_MS = 86_400_000;

/**
 * The bus's archive (an EventBridge archive with no pattern: every event put on the bus), kept
 * for `retentionDays` from each event's `time`, for replays. With `path` it is a JSON-lines file
 * that survives restarts; events past the retention are dropped when the archive is opened.
 */
export class LocalBusArchive {
  private events: BusEvent[] = [];

  constructor(
    readonly retentionDays: number,
    private readonly path?: string,
    private readonly now: () => number = Date.now,
  ) {
    if (path) this.open(path);
  }

  /** Archives events as they are put on the bus. */
  add(events: readonly BusEvent[]): void {
    this.events.push(...events);
    if (this.path) appendFileSync(this.path, events.map((e) => `${stringifyExactJson(e)}\n`).join(''));
  }

  /** Archived events whose `time` lies in [from, to] (ms), in the order they were put. */
  between(from: number, to: number): BusEvent[] {
    const oldest = this.now() - this.retentionDays * DAY_MS;
    return this.events.filter((event) => {
      const time = Date.parse(event.time);
      return time >= Math.max(from, oldest) && time <= to;
    });
  }

  get size(): number {
    return this.events.length;
  }

  private open(path: string): void {
    mkdirSync(dirname(path), { recursive: true });
    let text = '';
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    const oldest = this.now() - this.retentionDays * DAY_MS;
    const lines = text.split('\n').filter(Boolean);
    this.events = lines
      .map((line) => parseExactJson(line) as BusEvent)
      .filter((e) => Date.parse(e.time) >= oldest);
    if (this.events.length !== lines.length)
      writeFileSync(path, this.events.map((e) => `${stringifyExactJson(e)}\n`).join(''));
  }
}
