#!/usr/bin/env node
// The `outflow` command: runs src/main.ts through tsx (no build step), with this app's tsconfig so
// the @outflow/* path aliases resolve from any working directory.
const path = require('node:path');

process.env.TSX_TSCONFIG_PATH ??= path.join(__dirname, '..', 'tsconfig.json');
// A local tool: the AWS SDK's notice about Node 20 (it will need Node 22 from 2027) is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
require('tsx/cjs');

const { main } = require('../src/main.ts');
const io = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};

main(process.argv.slice(2), io).then(
  (code) => {
    process.exitCode = code;
    // A finished command is done: some libraries keep a timer alive after use (Prisma's WebAssembly
    // schema engine for ~10 s after `outflow migrate`). Writes to pipes and files are synchronous here.
    process.exit(code);
  },
  (error) => {
    process.stderr.write(`outflow: unexpected error: ${error && error.stack ? error.stack : error}\n`);
    process.exitCode = 1;
  },
);
