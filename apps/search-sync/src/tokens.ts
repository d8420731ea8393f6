import type { ApplyChanges, ProjectionStore } from '@outflow/core-application';
import type { OpenSearchClient } from '@outflow/opensearch-projection';
import type { ServiceIdentifier } from 'inversify';
import type { SearchSyncConfig } from './config';

export const TOKENS = {
  Config: Symbol.for('search-sync.Config') as ServiceIdentifier<SearchSyncConfig>,
  OpenSearchClient: Symbol.for('search-sync.OpenSearchClient') as ServiceIdentifier<OpenSearchClient>,
  ProjectionStore: Symbol.for('search-sync.ProjectionStore') as ServiceIdentifier<ProjectionStore>,
  ApplyChanges: Symbol.for('search-sync.ApplyChanges') as ServiceIdentifier<ApplyChanges>,
} as const;
