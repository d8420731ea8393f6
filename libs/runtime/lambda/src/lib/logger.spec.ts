import { jsonLogger } from './logger';

describe('Const: jsonLogger', () => {
  const saved = process.env['LOG_LEVEL'];
  let warn: jest.SpyInstance;
  let error: jest.SpyInstance;
  beforeEach(() => {
    warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => {
    jest.restoreAllMocks();
    if (saved === undefined) delete process.env['LOG_LEVEL'];
    else process.env['LOG_LEVEL'] = saved;
  });

  it('writes a warning as one JSON line at LOG_LEVEL=warn', () => {
    // Prepare
    process.env['LOG_LEVEL'] = 'warn';

    // Act
    jsonLogger.warn('change failed', { eventId: 'e-1' });

    // Assess
    expect(warn).toHaveBeenCalledTimes(1);
    expect(JSON.parse(warn.mock.calls[0][0] as string)).toMatchObject({
      level: 'warn',
      message: 'change failed',
      eventId: 'e-1',
    });
  });

  it('writes nothing, not even errors, at LOG_LEVEL=silent (the tests’ default)', () => {
    // Prepare
    process.env['LOG_LEVEL'] = 'silent';

    // Act
    jsonLogger.warn('change failed');
    jsonLogger.error('batch failed');

    // Assess
    expect(warn).not.toHaveBeenCalled();
    expect(error).not.toHaveBeenCalled();
  });
});
