// What the deployed consumer runs. The embedded database (PGlite) and the migrations are in
// `./local` (src/local.ts), test helpers in `./testing` (src/testing.ts): a Lambda bundle that
// imports this entry point carries neither.
export * from './lib/errors';
export * from './lib/legacy-database';
export * from './lib/prisma-legacy-projection';
export * from './lib/applied-event-markers';
