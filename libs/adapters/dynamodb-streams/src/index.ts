export * from './lib/decode-stream-record';
