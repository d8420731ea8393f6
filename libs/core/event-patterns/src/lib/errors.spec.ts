import { OutflowError } from '@outflow/core-domain';
import {
  InputTemplateError,
  InvalidEventPatternError,
  isInputTemplateError,
  isInvalidEventPatternError,
} from './errors';

describe('Class: InvalidEventPatternError', () => {
  it('names the field path and the rule, keeps its cause and is recognised by its guards', () => {
    // Prepare
    const cause = new Error('underlying');
    // Act
    const error = new InvalidEventPatternError(
      'detail.state',
      '"numeric" expects pairs of operator and number',
      { cause },
    );
    // Assess
    expect(error.message).toBe('detail.state: "numeric" expects pairs of operator and number');
    expect(error.name).toBe('InvalidEventPatternError');
    expect(error.code).toBe('EVENT_PATTERN_INVALID');
    expect([error.path, error.cause]).toEqual(['detail.state', cause]);
    expect(isInvalidEventPatternError(error)).toBe(true);
    expect(error).toBeInstanceOf(OutflowError);
    expect(isInvalidEventPatternError(new Error('x'))).toBe(false);
  });

  it('speaks of the event pattern when the whole pattern is at fault', () => {
    expect(new InvalidEventPatternError('', 'must be a JSON object, got []').message).toBe(
      'event pattern: must be a JSON object, got []',
    );
  });
});

describe('Class: InputTemplateError', () => {
  it('prefixes the offending placeholder and carries the missing context key', () => {
    // Act
    const error = new InputTemplateError("needs the pipe context's pipeName", '<aws.pipes.pipe-name>', {
      contextKey: 'pipeName',
    });
    // Assess
    expect(error.message).toBe("<aws.pipes.pipe-name>: needs the pipe context's pipeName");
    expect([error.code, error.placeholder, error.contextKey]).toEqual([
      'INPUT_TEMPLATE_INVALID',
      '<aws.pipes.pipe-name>',
      'pipeName',
    ]);
    expect(isInputTemplateError(error) && !isInputTemplateError(new Error('x'))).toBe(true);
  });
});
