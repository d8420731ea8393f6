export * from './http-api-routes';
export * from './to-http-api-event';
export * from './serve-http-api';
