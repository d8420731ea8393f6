import type { LocalSubscription } from '@outflow/runtime-local';
import { DevError } from '../errors';
import { apiEnvOf } from './dev-environment';

const offering = (apiEnv?: Record<string, string>): LocalSubscription => ({
  handler: async () => undefined,
  dispose: async () => undefined,
  ...(apiEnv ? { apiEnv } : {}),
});

describe('Function: apiEnvOf', () => {
  it('merges what each subscription offers the API', () => {
    expect(
      apiEnvOf({
        search: offering({
          OPENSEARCH_ENDPOINT: 'http://127.0.0.1:9200',
          OPENSEARCH_INDEX_PREFIX: 'outflow-local',
        }),
        'legacy-rdb': offering(),
        views: offering({ VIEWS_TABLE: 'views', OPENSEARCH_INDEX_PREFIX: 'outflow-local' }),
      }),
    ).toEqual({
      OPENSEARCH_ENDPOINT: 'http://127.0.0.1:9200',
      OPENSEARCH_INDEX_PREFIX: 'outflow-local',
      VIEWS_TABLE: 'views',
    });
  });

  it('refuses two subscriptions setting one key to different values, naming both', () => {
    const attempt = () => apiEnvOf({ a: offering({ KEY: '1' }), b: offering({ KEY: '2' }) });
    expect(attempt).toThrow(DevError);
    expect(attempt).toThrow('The subscriptions a and b both set KEY for the API, to different values');
  });
});
