// Deliberate violation: a domain library importing a runtime library (see ../../README.md).
import { silentLogger } from '@outflow/runtime-lambda';

export const innerLeak = silentLogger;
