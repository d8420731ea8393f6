import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Where a poller is in each shard of one stream. */
export interface StreamCheckpoint {
  readonly streamArn: string;
  readonly shards: Readonly<
    Record<string, { readonly sequenceNumber?: string; readonly finished?: boolean }>
  >;
}

export interface CheckpointStore {
  load(): StreamCheckpoint | undefined;
  save(checkpoint: StreamCheckpoint): void;
}

/**
 * Stream checkpoints kept in memory.
 *
 * @internal Test and benchmark support; `outflow dev` keeps checkpoints in files.
 */
export class InMemoryCheckpointStore implements CheckpointStore {
  private value: StreamCheckpoint | undefined;
  load(): StreamCheckpoint | undefined {
    return this.value && structuredClone(this.value);
  }
  save(checkpoint: StreamCheckpoint): void {
    this.value = structuredClone(checkpoint);
  }
}

/** A JSON file, replaced atomically (write + rename) so a crash never leaves half a checkpoint. */
export class FileCheckpointStore implements CheckpointStore {
  constructor(readonly path: string) {}

  load(): StreamCheckpoint | undefined {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    try {
      return JSON.parse(text) as StreamCheckpoint;
    } catch (error) {
      throw new Error(
        `checkpoint file ${this.path} is not valid JSON; delete it to start again from the oldest record (${(error as Error).message})`,
      );
    }
  }

  save(checkpoint: StreamCheckpoint): void {
    mkdirSync(dirname(this.path), { recursive: true });
    const temporary = `${this.path}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(checkpoint, null, 2));
    renameSync(temporary, this.path);
  }
}
