import { ValidationError } from '@outflow/core-domain';

/** The topology is invalid; `issues` name each bad field by its path. */
export class TopologyError extends ValidationError {
  override readonly code = 'TOPOLOGY_INVALID';
}
