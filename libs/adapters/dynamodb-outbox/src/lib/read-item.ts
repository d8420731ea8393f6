import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { NumberValueImpl, unmarshall } from '@aws-sdk/util-dynamodb';
import type { AggregateSnapshot } from '@outflow/core-application';
import {
  checkPositiveInteger,
  isExactNumberText,
  isRecord,
  parseExactJson,
  type ValidationIssue,
} from '@outflow/core-domain';
import { OutboxStoreError } from './errors';

/** Attributes of the item holding an aggregate's current state. */
export const AGGREGATE_ATTRIBUTES = {
  aggregateType: 'aggregateType',
  aggregateId: 'aggregateId',
  version: 'version',
  state: 'state',
  deleted: 'deleted',
} as const;

/**
 * The snapshot an aggregate item holds. Numbers keep their exact value (`parseExactJson` for
 * each `N`: a number JavaScript cannot hold, e.g. `1.23e+40` or `3804086584686624768` in the
 * state, arrives as its exact text instead of throwing or being rounded); the version must be an
 * integer JavaScript holds exactly.
 *
 * @throws OutboxStoreError naming the item and its `version` attribute when the version is not
 *   an integer from 1 to 2^53 − 1 (a stored version past that cannot be compared or incremented).
 */
export function snapshotFromItem(
  item: Record<string, AttributeValue>,
  aggregateType: string,
  aggregateId: string,
  tableName: string,
): AggregateSnapshot {
  const plain = unmarshall(item, { wrapNumbers: parseExactJson });
  const version = plain[AGGREGATE_ATTRIBUTES.version];
  const issues: ValidationIssue[] = [];
  checkPositiveInteger(version, AGGREGATE_ATTRIBUTES.version, issues);
  if (issues.length > 0) {
    throw new OutboxStoreError(
      `the item of ${aggregateType} ${aggregateId} in ${tableName} cannot be read: ${issues
        .map((i) => `${i.path}: ${i.message}`)
        .join('; ')}`,
    );
  }
  return {
    aggregateType,
    aggregateId,
    version: version as number,
    state:
      plain[AGGREGATE_ATTRIBUTES.deleted] === true
        ? null
        : (plain[AGGREGATE_ATTRIBUTES.state] as Record<string, unknown>),
  };
}

/**
 * A state ready for `marshall`: numbers kept as their exact text (as {@link snapshotFromItem} and
 * `parseExactJson` return them) become the SDK's `NumberValue`, written as `{"N": "<text>"}`
 * unchanged, so a state read and written again keeps every number.
 */
export const marshallableState = (value: unknown): unknown => {
  if (isExactNumberText(value)) return NumberValueImpl.from(value.value);
  if (Array.isArray(value)) return value.map(marshallableState);
  if (isRecord(value) && !ArrayBuffer.isView(value) && !(value instanceof Set))
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, marshallableState(inner)]));
  return value;
};
