import { outflowTopology, subscription } from '../outflow-topology';
import { appResources, ResourceGenerationError, subscriptionNamed } from './app-resources';
import type { StackNames } from './cfn.types';
import { sourceResources } from './source-resources';
import { subscriptionResources } from './subscription-resources';

const names: StackNames = { service: 'svc', stage: 'test', backbone: 'outflow-backbone' };
const streams = { orders: { streamArn: { 'Fn::GetAtt': ['OutboxTable', 'StreamArn'] } } };

describe('CloudFormation: appResources', () => {
  it('gives an app the resources of the sources and subscriptions it owns, and nothing else', () => {
    const orders = appResources(outflowTopology, 'orders-service', names, { streams });
    expect(orders).toEqual(sourceResources(outflowTopology.sources[0]!, names, streams.orders));
    const legacy = appResources(outflowTopology, 'legacy-rdb-sync', names);
    expect(legacy).toEqual(subscriptionResources(outflowTopology.subscriptions[0]!, names));
  });

  it('adds a new subscription’s resources to its own app only', () => {
    const grown = {
      ...outflowTopology,
      subscriptions: [
        ...outflowTopology.subscriptions,
        subscription('audit', 'audit-sync', ['order'], { delivery: 'unordered' }),
      ],
    };
    expect(appResources(grown, 'legacy-rdb-sync', names)).toEqual(
      appResources(outflowTopology, 'legacy-rdb-sync', names),
    );
    expect(appResources(grown, 'search-sync', names)).toEqual(
      appResources(outflowTopology, 'search-sync', names),
    );
    expect(appResources(grown, 'views-sync', names)).toEqual(
      appResources(outflowTopology, 'views-sync', names),
    );
    expect(Object.keys(appResources(grown, 'audit-sync', names).Resources)).toEqual([
      'AuditRule',
      'AuditQueue',
      'AuditDeadLetterQueue',
      'AuditRuleDeadLetterQueue',
      'AuditQueuePolicy',
      'AuditQueueAgeAlarm',
      'AuditDeadLetterAlarm',
      'AuditRuleDeadLetterAlarm',
      'AuditChangeAgeAlarm',
    ]);
  });

  it('gives search-sync the unordered subscription search: rule, standard queue, DLQs, policy, alarms', () => {
    expect(Object.keys(appResources(outflowTopology, 'search-sync', names).Resources)).toEqual([
      'SearchRule',
      'SearchQueue',
      'SearchDeadLetterQueue',
      'SearchRuleDeadLetterQueue',
      'SearchQueuePolicy',
      'SearchQueueAgeAlarm',
      'SearchDeadLetterAlarm',
      'SearchRuleDeadLetterAlarm',
      'SearchChangeAgeAlarm',
    ]);
  });

  it('merges several subscriptions of one app', () => {
    const two = {
      ...outflowTopology,
      subscriptions: [
        subscription('a-view', 'views', ['order']),
        subscription('b-view', 'views', ['order'], { delivery: 'unordered' }),
      ],
    };
    const ids = Object.keys(appResources(two, 'views', names).Resources);
    expect(ids).toHaveLength(16 + 9);
    expect(ids).toEqual(expect.arrayContaining(['AViewQueue', 'AViewPipe', 'BViewQueue']));
  });

  it('throws, saying what to do, when the app owns nothing, a source’s stream is missing, or two entries collide', () => {
    expect(() => appResources(outflowTopology, 'nobody', names)).toThrow(
      new ResourceGenerationError(
        'app nobody owns no source or subscription in the topology: set "app": "nobody" on its entry in outflowTopology (libs/topology)',
      ),
    );
    expect(() => appResources(outflowTopology, 'orders-service', names)).toThrow(
      /app orders-service owns source orders: pass streams\.orders\.streamArn/,
    );
    const twice = {
      ...outflowTopology,
      subscriptions: [subscription('x', 'a', ['order']), subscription('x', 'a', [])],
    };
    expect(() => appResources(twice, 'a', names)).toThrow(
      'two topology entries generate the logical id XRule: rename one of them',
    );
  });

  it('finds a subscription by name, or names the ones there are', () => {
    expect(subscriptionNamed(outflowTopology, 'legacy-rdb').app).toBe('legacy-rdb-sync');
    expect(subscriptionNamed(outflowTopology, 'search').app).toBe('search-sync');
    expect(subscriptionNamed(outflowTopology, 'views').app).toBe('views-sync');
    expect(() => subscriptionNamed(outflowTopology, 'audit')).toThrow(
      'no subscription named audit in the topology; it has: legacy-rdb, search, views',
    );
  });
});
