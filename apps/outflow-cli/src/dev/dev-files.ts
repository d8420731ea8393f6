import { join } from 'node:path';

/** What the local stack keeps in its data dir (subscriptions keep theirs in subdirectories of their own). */
export interface DevFiles {
  readonly root: string;
  readonly dynamodb: string;
  readonly checkpoints: string;
  readonly deadLetters: string;
  readonly seeded: string;
  readonly state: string;
}

export const devFiles = (dataDir: string): DevFiles => ({
  root: dataDir,
  dynamodb: join(dataDir, 'dynamodb'),
  checkpoints: join(dataDir, 'checkpoints', 'orders.json'),
  deadLetters: join(dataDir, 'dead-letters.jsonl'),
  seeded: join(dataDir, 'seeded.json'),
  state: join(dataDir, 'dev.json'),
});
