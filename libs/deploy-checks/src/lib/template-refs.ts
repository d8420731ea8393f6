import type { IntRange } from '@outflow/core-domain';
import { resourcesOf, type CfnResource, type CfnTemplate } from './package-service';

/** One rule a packaged template breaks: where (logical id and property path) and why. */
export interface TemplateIssue {
  readonly at: string;
  readonly message: string;
}

export type Props = Record<string, unknown>;

/** A value's fields, or none when it is not an object. */
export const props = (value: unknown): Props => (value && typeof value === 'object' ? (value as Props) : {});

/** `1–10`: a range as messages show it. */
export const span = (range: IntRange) => `${range.min}–${range.max}`;

/** Logical ids a value refers to with Ref or Fn::GetAtt. */
export function referencedIds(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((v) => referencedIds(v, into));
  else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (key === 'Ref' && typeof inner === 'string') into.add(inner);
      else if (key === 'Fn::GetAtt')
        into.add(Array.isArray(inner) ? String(inner[0]) : (String(inner).split('.')[0] ?? ''));
      else referencedIds(inner, into);
    }
  }
  return into;
}

/**
 * Logical ids used as a dead-letter or on-failure destination anywhere in the template: a queue's
 * `RedrivePolicy.deadLetterTargetArn`, a rule target's or a Pipe's `DeadLetterConfig`, an event
 * source mapping's `OnFailure`.
 */
export function deadLetterIds(template: CfnTemplate): Set<string> {
  const ids = new Set<string>();
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(walk);
    if (!value || typeof value !== 'object') return;
    for (const [key, inner] of Object.entries(value)) {
      if (key === 'deadLetterTargetArn' || key === 'DeadLetterConfig' || key === 'OnFailure')
        referencedIds(inner, ids);
      else walk(inner);
    }
  };
  walk(template.Resources);
  return ids;
}

/** The SQS queues of the template that `value` refers to (Ref / Fn::GetAtt), as [logical id, resource]. */
export const queuesReferencedBy = (template: CfnTemplate, value: unknown): [string, CfnResource][] =>
  [...referencedIds(value)].flatMap((id) => {
    const resource = template.Resources[id];
    return resource?.Type === 'AWS::SQS::Queue' ? [[id, resource] as [string, CfnResource]] : [];
  });

/** Whether a queue resource is FIFO. */
export const isFifo = (queue: CfnResource): boolean => props(queue.Properties)['FifoQueue'] === true;

/** Every Pipe of the template with its properties. */
export const pipesOf = (template: CfnTemplate): [string, Props][] =>
  resourcesOf(template, 'AWS::Pipes::Pipe').map(([id, pipe]) => [id, props(pipe.Properties)]);
