import { GENERATED_RESOURCE_TYPES } from '@outflow/topology';
import { join } from 'node:path';
import { appConfigFiles, generatedTypesDeclaredBy, generatedTypesNamedIn } from './app-configs';

const repoRoot = join(__dirname, '../../../..');

describe('App configs', () => {
  const configs = appConfigFiles(repoRoot);

  it('finds the Serverless config of every deployable app', () => {
    expect(configs.map((c) => c.app).sort()).toEqual([
      'legacy-rdb-sync',
      'orders-service',
      'search-sync',
      'views-sync',
    ]);
  });

  it.each(configs.map((c) => [c.app, c] as const))(
    '%s declares no rule, queue, queue policy, alarm or Pipe itself: they come from the generator',
    (_app, config) => {
      expect(generatedTypesDeclaredBy(config)).toEqual([]);
    },
  );

  it('spots every generated type declared in YAML or TypeScript, and tells a queue from a queue policy', () => {
    expect(generatedTypesNamedIn("Type: 'AWS::SQS::QueuePolicy'")).toEqual(['AWS::SQS::QueuePolicy']);
    expect(generatedTypesNamedIn('Type: AWS::SQS::Queue\n')).toEqual(['AWS::SQS::Queue']);
    expect(generatedTypesNamedIn(GENERATED_RESOURCE_TYPES.map((t) => `Type: "${t}"`).join('\n'))).toEqual([
      ...GENERATED_RESOURCE_TYPES,
    ]);
    expect(generatedTypesNamedIn("Type: 'AWS::DynamoDB::Table'")).toEqual([]);
  });
});
