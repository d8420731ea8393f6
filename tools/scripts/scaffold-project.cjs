#!/usr/bin/env node
// Creates the files every Outflow project has: package.json (with its Nx tags and the scripts
// test = pure specs, test:int = *.int.spec.ts, lint), jest.config.cjs, tsconfig.json and
// src/index.ts. Usage:
//   node tools/scripts/scaffold-project.cjs <dir> <@outflow/name> <type:tag> [library|application]
// Then add <dir> to "workspaces" in the root package.json (unless a glob there covers it) and run
// `npm install` so the lockfile knows the new workspace package; `npm run check:projects` verifies.
// A project whose integration specs need a process started for them (e.g. DynamoDB Local) gets a
// jest.int.config.cjs spreading jest.int.preset.cjs, and "test:int": "jest --config jest.int.config.cjs".
const fs = require('node:fs');
const path = require('node:path');

const [dir, name, tag, projectType = dir.startsWith('apps/') ? 'application' : 'library'] =
  process.argv.slice(2);
if (!dir || !name || !tag) {
  console.error('usage: scaffold-project.cjs <dir> <@outflow/name> <type:tag> [library|application]');
  process.exit(2);
}
const root = path.resolve(__dirname, '../..', dir);
const up = path.relative(root, path.resolve(__dirname, '../..')) || '.';
const write = (file, text) => {
  const target = path.join(root, file);
  if (fs.existsSync(target)) return;
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, text);
};

write(
  'package.json',
  JSON.stringify(
    {
      name,
      version: '0.0.0',
      private: true,
      main: 'src/index.ts',
      types: 'src/index.ts',
      scripts: {
        test: 'jest',
        'test:int': `jest --config ${up}/jest.int.preset.cjs --rootDir . --passWithNoTests`,
        lint: 'eslint .',
      },
      nx: { projectType, tags: [tag] },
    },
    null,
    2,
  ) + '\n',
);
write(
  'jest.config.cjs',
  `module.exports = {\n  ...require('${up}/jest.preset.cjs'),\n  displayName: '${name.replace('@outflow/', '')}',\n  rootDir: __dirname,\n};\n`,
);
write(
  'tsconfig.json',
  JSON.stringify({ extends: `${up}/tsconfig.base.json`, include: ['src/**/*.ts', 'test/**/*.ts'] }, null, 2) +
    '\n',
);
write('src/index.ts', 'export {};\n');
console.log(`scaffolded ${name} in ${dir} (${tag}, ${projectType})`);
