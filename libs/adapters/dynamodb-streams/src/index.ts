export * from './lib/decode-stream-record';
export * from './lib/to-lambda-shape';
