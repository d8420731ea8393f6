import { ConfigError } from '@outflow/runtime-lambda';
import { readConfig } from './config';

describe('Function: readConfig', () => {
  it('reads a deployed configuration (the secret ARN only) into a frozen object', () => {
    const config = readConfig({ LEGACY_DB_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:1:secret:legacy' });
    expect(config).toEqual({
      database: { kind: 'secret', secretArn: 'arn:aws:secretsmanager:eu-west-1:1:secret:legacy' },
    });
    expect(Object.isFrozen(config) && Object.isFrozen(config.database)).toBe(true);
  });

  it('reads a server URL (local development and CI)', () => {
    expect(readConfig({ DATABASE_URL: 'postgresql://x@h/db' })).toEqual({
      database: { kind: 'url', url: 'postgresql://x@h/db' },
    });
  });

  it('names every database setting when none is present', () => {
    let error: unknown;
    try {
      readConfig({ DATABASE_URL: '' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    for (const key of ['no database setting', 'LEGACY_DB_SECRET_ARN', 'DATABASE_URL']) {
      expect(message).toContain(key);
    }
  });

  it('refuses two database settings at once, naming both', () => {
    expect(() =>
      readConfig({
        LEGACY_DB_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:1:secret:x',
        DATABASE_URL: 'postgresql://h/db',
      }),
    ).toThrow(/conflicting database settings LEGACY_DB_SECRET_ARN, DATABASE_URL/);
  });
});
