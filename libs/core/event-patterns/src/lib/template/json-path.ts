import { err, isRecord, ok, type Result } from '@outflow/core-domain';

/** One step of a Pipes JSON path: a field name, an array index, or `*` (every element). */
export type PathStep = { readonly name: string } | { readonly index: number } | { readonly all: true };

/** What a path finds in an event: nothing, or a value. */
export type Resolved = { readonly found: false } | { readonly found: true; readonly value: unknown };

// Pipes supports dot notation, dashes, underscores, alphanumerics, slashes, indices and `*`.
const STEP = /\.([^.[\]]+)|\[(\d+)\]|\[\*\]/y;

/** Parses `$.detail.items[0].sku` style paths; the reason names what is wrong otherwise. */
export const parseJsonPath = (path: string): Result<readonly PathStep[], string> => {
  if (!path.startsWith('$')) return err(`a JSON path starts with "$", got "${path}"`);
  const steps: PathStep[] = [];
  STEP.lastIndex = 1;
  while (STEP.lastIndex < path.length) {
    const at = STEP.lastIndex;
    const match = STEP.exec(path);
    if (match === null)
      return err(`invalid JSON path "${path}" at position ${at}: use $.field, [index] or [*]`);
    if (match[1] === '*') steps.push({ all: true });
    else if (match[1] !== undefined) steps.push({ name: match[1] });
    else if (match[2] !== undefined) steps.push({ index: Number(match[2]) });
    else steps.push({ all: true });
  }
  return ok(steps);
};

const MISSING: Resolved = { found: false };

/** Follows the steps from `root`; a wildcard step yields the array of what each element holds. */
export const resolvePath = (steps: readonly PathStep[], root: unknown): Resolved => {
  let value = root;
  for (const [position, step] of steps.entries()) {
    if ('all' in step) {
      const elements = Array.isArray(value) ? value : isRecord(value) ? Object.values(value) : undefined;
      if (elements === undefined) return MISSING;
      const rest = steps.slice(position + 1);
      const found = elements.map((element) => resolvePath(rest, element)).filter((r) => r.found);
      return { found: true, value: found.map((r) => (r as { value: unknown }).value) };
    }
    if ('index' in step) {
      if (!Array.isArray(value) || step.index >= value.length) return MISSING;
      value = value[step.index];
    } else {
      if (!isRecord(value) || !Object.prototype.hasOwnProperty.call(value, step.name)) return MISSING;
      value = value[step.name];
    }
  }
  return { found: true, value };
};
