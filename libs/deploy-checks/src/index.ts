export * from './lib/package-service';
export * from './lib/template-checks';
export * from './lib/cfn-lint';
export * from './lib/generated-resources';
export * from './lib/app-configs';
