export * from './lib/package-service';
export * from './lib/template-checks';
