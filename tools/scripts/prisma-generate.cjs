#!/usr/bin/env node
// `prisma generate`, offline: the CLI only needs PRISMA_SCHEMA_ENGINE_BINARY to point at an
// existing file, or it tries to download the native schema engine (which generate never runs).
// Runs on `npm install`/`npm ci` (postinstall) and as `npm run prisma:generate`.
const { execFileSync } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '../..');
const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: '1' };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= process.execPath;
execFileSync(
  process.execPath,
  [
    require.resolve('prisma/build/index.js', { paths: [root] }),
    'generate',
    '--config',
    'prisma/prisma.config.ts',
  ],
  {
    cwd: root,
    env,
    stdio: 'inherit',
  },
);
