/**
 * Version checks of index and delete operations, as OpenSearch's `VersionType` decides them:
 * `internal` (version + 1, no `version` parameter allowed), `external` (the given version must be
 * greater than the current one) and `external_gte` (greater or equal).
 * Source: https://docs.opensearch.org/latest/api-reference/document-apis/index-document/ (`version`,
 * `version_type`) and OpenSearch `org.opensearch.index.VersionType` (conflict explanations).
 */
import { validationFailed, versionConflict } from './errors';
import type { IndexData } from './index-data';

/** `version_type` values the emulator accepts. */
export type VersionType = 'internal' | 'external' | 'external_gte';

/** Versioning parameters of one write. */
export interface VersionParams {
  readonly version?: number;
  readonly versionType: VersionType;
}

/** Reads `version_type`; throws 400 on another value. */
export function parseVersionType(value: unknown): VersionType {
  if (value === undefined || value === null || value === '') return 'internal';
  if (value === 'internal' || value === 'external' || value === 'external_gte') return value;
  throw validationFailed(`version type [${String(value)}] is not supported by the local emulator`);
}

/** Reads a `version` parameter (a non-negative integer) or undefined. */
export function parseVersion(value: unknown): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const version = Number(value);
  if (!Number.isSafeInteger(version) || version < 0)
    throw validationFailed(`illegal version value [${String(value)}]`);
  return version;
}

/**
 * The version a write of `id` gets, or a 409 `version_conflict_engine_exception` worded as
 * OpenSearch words it (`current version [5] is higher or equal to the one provided [5]`).
 */
export function nextVersion(index: IndexData, id: string, params: VersionParams): number {
  const current = index.currentVersion(id);
  if (params.versionType === 'internal') {
    if (params.version !== undefined) {
      throw validationFailed(
        'internal versioning can not be used for optimistic concurrency control. Please use `if_seq_no` and `if_primary_term` instead',
      );
    }
    return (current ?? 0) + 1;
  }
  if (params.version === undefined)
    throw validationFailed(`an external version is required with version_type [${params.versionType}]`);
  if (current === undefined) return params.version;
  if (params.versionType === 'external' && params.version <= current) {
    throw versionConflict(
      index.name,
      index.uuid,
      id,
      `current version [${current}] is higher or equal to the one provided [${params.version}]`,
    );
  }
  if (params.versionType === 'external_gte' && params.version < current) {
    throw versionConflict(
      index.name,
      index.uuid,
      id,
      `current version [${current}] is higher than the one provided [${params.version}]`,
    );
  }
  return params.version;
}
