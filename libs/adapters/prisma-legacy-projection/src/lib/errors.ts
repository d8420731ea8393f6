import { OutflowError } from '@outflow/core-domain';

/** Applying the committed migrations failed; names the migration and the database's message. */
export class MigrationError extends OutflowError {
  readonly code = 'MIGRATION_FAILED';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The legacy database could not be opened or reached. */
export class LegacyDatabaseError extends OutflowError {
  readonly code = 'LEGACY_DATABASE_UNAVAILABLE';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** `pruneAppliedEventMarkers` was given a cutoff or batch size it cannot use; the message names the field. */
export class InvalidPruneOptionsError extends OutflowError {
  readonly code = 'INVALID_PRUNE_OPTIONS';

  constructor(message: string) {
    super(message);
  }
}
