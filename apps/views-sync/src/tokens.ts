import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { ApplyChanges, ProjectionStore } from '@outflow/core-application';
import type { ServiceIdentifier } from 'inversify';
import type { ViewsSyncConfig } from './config';

export const TOKENS = {
  Config: Symbol.for('views-sync.Config') as ServiceIdentifier<ViewsSyncConfig>,
  DynamoDbClient: Symbol.for('views-sync.DynamoDbClient') as ServiceIdentifier<DynamoDBClient>,
  ProjectionStore: Symbol.for('views-sync.ProjectionStore') as ServiceIdentifier<ProjectionStore>,
  ApplyChanges: Symbol.for('views-sync.ApplyChanges') as ServiceIdentifier<ApplyChanges>,
} as const;
