// node --test tools/scripts (run by .ci/run): the project-coverage check on a throwaway tree.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { checkProjects, findProjectDirs } = require('./check-projects.cjs');

const all = ['test', 'test:int', 'lint'];

test('finds every directory under apps/ and libs/ that holds a package.json or project.json', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'check-projects-test-'));
  try {
    const touch = (file) => {
      fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      fs.writeFileSync(path.join(root, file), '{}');
    };
    touch('apps/a/package.json');
    touch('libs/core/b/package.json');
    touch('libs/c/project.json');
    touch('libs/c/node_modules/dep/package.json');
    touch('libs/d/test/fixtures/app/package.json');
    touch('tools/e/package.json');
    fs.mkdirSync(path.join(root, 'libs/empty/src'), { recursive: true });
    assert.deepEqual(findProjectDirs(root), ['apps/a', 'libs/c', 'libs/core/b']);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('names a directory that is not an Nx project and says how to fix it', () => {
  const problems = checkProjects({
    dirs: ['apps/a', 'libs/deploy-checks'],
    projects: [{ name: '@x/a', root: 'apps/a', targets: all }],
  });
  assert.equal(problems.length, 1);
  assert.match(problems[0], /^libs\/deploy-checks: not an Nx project/);
  assert.match(problems[0], /Add "libs\/deploy-checks" to "workspaces".*npm install/);
});

test('names a project without test, test:int or lint', () => {
  const problems = checkProjects({
    dirs: ['apps/a'],
    projects: [{ name: '@x/a', root: 'apps/a', targets: ['test', 'lint'] }],
  });
  assert.equal(problems.length, 1);
  assert.match(problems[0], /^apps\/a \(@x\/a\): no "test:int" target/);
});

test('exempts the lint fixtures by name and passes a complete workspace', () => {
  const problems = checkProjects({
    dirs: ['apps/a'],
    projects: [
      { name: '@x/a', root: 'apps/a', targets: all },
      { name: 'lint-fixture-domain-leak', root: 'tools/lint-fixtures/domain-leak', targets: [] },
    ],
  });
  assert.deepEqual(problems, []);
});
