// What every app's serverless.ts shares (osls loads those files through tsx): the root
// serverless.yml's settings, the provider, the plugins and the packaging. An app's own file then
// declares only its service, functions, parameters, VPC and the IAM for its store.
import type { AWS } from 'osls/types';

/** A setting of the root serverless.yml (`custom.shared`), resolved by osls. */
export const shared = <T = string>(key: string) => `\${file(../../serverless.yml):custom.shared.${key}}` as T;

/** serverless-esbuild, and require-deploy-params: a deploy must replace every packaging placeholder. */
export const APP_PLUGINS: AWS['plugins'] = {
  localPath: '../../tools/serverless',
  modules: ['serverless-esbuild', 'require-deploy-params'],
};

/** The provider settings every app takes from the root serverless.yml. */
export const appProvider = () =>
  ({
    name: 'aws',
    runtime: shared<AWS['provider']['runtime']>('runtime'),
    architecture: shared<'arm64'>('architecture'),
    region: shared<'eu-west-1'>('region'),
    stage: "${opt:stage, 'dev'}",
    logRetentionInDays: shared<30>('logRetentionInDays'),
  }) as const;

/**
 * One minified bundle per function (each zip holds only its handler), the AWS SDK bundled too:
 * the code runs with the versions it was tested with.
 */
export const APP_PACKAGING: Pick<AWS, 'package' | 'custom'> = {
  package: { individually: true },
  custom: {
    esbuild: {
      bundle: true,
      minify: true,
      sourcemap: false,
      target: 'node22',
      platform: 'node',
      exclude: [],
      tsconfig: 'tsconfig.json',
    },
  },
};

/** Packaging placeholders for the search domain's parameters (refused on deploy). */
export const OPENSEARCH_PLACEHOLDERS = {
  openSearchEndpoint: 'https://search-outflow-placeholder-000000000000.eu-west-1.es.amazonaws.com',
  openSearchDomain: 'outflow-placeholder',
} as const;

/** `arn:<partition>:es:<region>:<account>:domain/<param:openSearchDomain>/<path>`, joined by CloudFormation. */
export const openSearchDomainPath = (path: string) => ({
  'Fn::Join': [
    '',
    [
      'arn:',
      { Ref: 'AWS::Partition' },
      ':es:',
      { Ref: 'AWS::Region' },
      ':',
      { Ref: 'AWS::AccountId' },
      ':domain/${param:openSearchDomain}/',
      path,
    ],
  ],
});
