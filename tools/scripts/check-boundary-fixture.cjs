#!/usr/bin/env node
// Proves the module-boundary rules bite: lints tools/lint-fixtures (code that breaks them on
// purpose) and exits non-zero unless ESLint rejects every expected violation.
const { execFileSync, spawnSync } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '../..');
// The boundary rule reads Nx's project graph; compute it first so a fresh clone has one.
execFileSync('npx', ['nx', 'show', 'projects'], {
  cwd: root,
  stdio: 'ignore',
  env: { ...process.env, NX_DAEMON: 'false' },
});

const run = spawnSync('npx', ['eslint', '--format', 'json', 'tools/lint-fixtures'], {
  cwd: root,
  encoding: 'utf8',
});
let results;
try {
  results = JSON.parse(run.stdout);
} catch {
  console.error(`ESLint did not produce a report (exit ${run.status}):\n${run.stderr}`);
  process.exit(1);
}
const found = results.flatMap((r) =>
  r.messages.map((m) => `${path.relative(root, r.filePath)}: ${m.message.split('\n')[0]}`),
);
const expected = [
  ['domain-leak/src/index.ts', 'is not allowed to import "@aws-sdk/client-dynamodb"'],
  ['domain-leak/src/index.ts', 'is not allowed to import "inversify"'],
  ['domain-leak/src/index.ts', 'can only depend on libs tagged with "type:domain"'],
  ['domain-leak/src/index.ts', 'can not depend on libs tagged with'],
  ['domain-leak-inner/src/index.ts', 'can only depend on libs tagged with "type:domain"'],
];
const missing = expected.filter(
  ([file, text]) => !found.some((line) => line.includes(`/${file}:`) && line.includes(text)),
);

console.log('Boundary fixture: ESLint reported');
for (const line of found) console.log(`  ${line}`);
if (run.status === 0 || missing.length > 0) {
  console.error(
    `\nFAIL: lint must reject the fixture. Missing violations:\n${missing.map(([f, t]) => `  ${f}: ${t}`).join('\n')}`,
  );
  process.exit(1);
}
console.log(
  `\nOK: lint failed on the boundary fixture as required (${found.length} violations, exit ${run.status}).`,
);
