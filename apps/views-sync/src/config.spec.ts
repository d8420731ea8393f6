import { ConfigError } from '@outflow/runtime-lambda';
import { readConfig } from './config';

describe('Function: readConfig', () => {
  it('reads the views table name into a frozen object', () => {
    const config = readConfig({ VIEWS_TABLE_NAME: 'outflow-views-prod-views' });
    expect(config).toEqual({ tableName: 'outflow-views-prod-views' });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('names a missing or malformed table name and what it should hold', () => {
    expect(() => readConfig({})).toThrow(ConfigError);
    expect(() => readConfig({})).toThrow('VIEWS_TABLE_NAME is not set');
    expect(() => readConfig({ VIEWS_TABLE_NAME: 'a b' })).toThrow('VIEWS_TABLE_NAME: expected 3–255 letters');
  });
});
