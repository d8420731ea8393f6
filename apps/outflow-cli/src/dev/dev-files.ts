import { join } from 'node:path';

/** What the local stack keeps in its data dir (subscriptions keep theirs in subdirectories of their own). */
export interface DevFiles {
  readonly root: string;
  readonly dynamodb: string;
  readonly checkpoints: string;
  readonly deadLetters: string;
  /** The runtime's DLQs, one JSON file each (`outflow dlq`). */
  readonly deadLetterQueues: string;
  /** The bus archive (`outflow replay`), JSON lines kept for the topology's retention. */
  readonly busArchive: string;
  readonly seeded: string;
  readonly state: string;
}

export const devFiles = (dataDir: string): DevFiles => ({
  root: dataDir,
  dynamodb: join(dataDir, 'dynamodb'),
  checkpoints: join(dataDir, 'checkpoints', 'orders.json'),
  deadLetters: join(dataDir, 'dead-letters.jsonl'),
  deadLetterQueues: join(dataDir, 'dlq'),
  busArchive: join(dataDir, 'bus-archive.jsonl'),
  seeded: join(dataDir, 'seeded.json'),
  state: join(dataDir, 'dev.json'),
});
