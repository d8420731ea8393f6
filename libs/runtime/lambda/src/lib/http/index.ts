export * from './http-response';
export * from './read-json-body';
export * from './create-http-handler';
