export {};
export * from './lib/http-api';
