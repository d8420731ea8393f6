// `@outflow/prisma-legacy-projection/local`: what local development and tests run on top of the
// production entry point — the embedded PostgreSQL (PGlite) and the committed migrations through
// Prisma's WebAssembly schema engine. Never imported by a deployable's handler.
export * from './lib/local/pglite-database';
export * from './lib/local/migrations/migrations';
export * from './lib/local/database-failure';
