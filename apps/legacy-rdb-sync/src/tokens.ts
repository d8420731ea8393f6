import type { ApplyChanges, ProjectionStore } from '@outflow/core-application';
import type { LegacyDatabase } from '@outflow/prisma-legacy-projection';
import type { ServiceIdentifier } from 'inversify';

export const TOKENS = {
  LegacyDatabase: Symbol.for('legacy-rdb-sync.LegacyDatabase') as ServiceIdentifier<LegacyDatabase>,
  ProjectionStore: Symbol.for('legacy-rdb-sync.ProjectionStore') as ServiceIdentifier<ProjectionStore>,
  ApplyChanges: Symbol.for('legacy-rdb-sync.ApplyChanges') as ServiceIdentifier<ApplyChanges>,
} as const;
