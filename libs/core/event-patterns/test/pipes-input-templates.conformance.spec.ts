import {
  isInputTemplateError,
  type PipeContext,
  renderInputTemplate,
  renderInputTemplateBatch,
} from '../src';
import { loadFixture } from './load-fixture';

interface TemplateVector {
  name: string;
  template: string;
  /** One source record, or (for batch targets) the array of records of one batch. */
  event: unknown;
  expected_output_json_or_string: { kind: 'json' | 'string' | 'error'; value: unknown };
  certainty: string;
  note?: string;
  source: string;
}

const vectors = loadFixture<TemplateVector[]>('pipes-input-templates.json');
const contextFile = loadFixture<Record<string, string | null>>('pipes-input-templates.context.json');
const context: PipeContext = {
  pipeName: contextFile['aws.pipes.pipe-name'] ?? undefined,
  pipeArn: contextFile['aws.pipes.pipe-arn'] ?? undefined,
  sourceArn: contextFile['aws.pipes.source-arn'] ?? undefined,
  targetArn: contextFile['aws.pipes.target-arn'] ?? undefined,
  enrichmentArn: contextFile['aws.pipes.enrichment-arn'],
};

const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** The vectors write an unpredictable value as "<ISO-8601 string>": assert its format only. */
const expectedValue = (value: unknown): unknown => {
  if (value === '<ISO-8601 string>') return expect.stringMatching(ISO_8601);
  if (Array.isArray(value)) return value.map(expectedValue);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, expectedValue(child)]));
  }
  return value;
};

const render = (vector: TemplateVector) =>
  Array.isArray(vector.event)
    ? renderInputTemplateBatch(vector.template, vector.event, context)
    : renderInputTemplate(vector.template, vector.event, context);

describe('Conformance: EventBridge Pipes input templates (test/fixtures/pipes-input-templates.json)', () => {
  it('has every vector of the shared set', () => {
    expect(vectors).toHaveLength(34);
  });

  it.each(vectors.map((v) => [v.name, v] as const))('%s', (_name, vector) => {
    const expected = vector.expected_output_json_or_string;
    if (expected.kind === 'error') {
      // Act + Assess
      let thrown: unknown;
      try {
        render(vector);
      } catch (error) {
        thrown = error;
      }
      expect(isInputTemplateError(thrown)).toBe(true);
      return;
    }
    // Act
    const result = render(vector);
    // Assess
    expect(result.kind).toBe(expected.kind);
    if (expected.value === null && vector.certainty === 'uncertain') return; // the vector documents the kind only
    if (result.kind === 'json') expect(result.value).toEqual(expectedValue(expected.value));
    else expect(result.text).toBe(expected.value);
  });
});
