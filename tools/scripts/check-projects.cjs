#!/usr/bin/env node
// Fails when a project under apps/ or libs/ would be left out of `npm test` or `npm run lint`:
// every directory there that holds a package.json (or project.json) must be an Nx project with
// the targets `test` (pure unit specs), `test:int` (*.int.spec.ts) and `lint`. A directory missing
// from the root package.json `workspaces` is not an Nx project at all, so its tests never run.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const REQUIRED_TARGETS = ['test', 'test:int', 'lint'];
/** Code that breaks the lint rules on purpose (tools/lint-fixtures): never tested, linted by `npm run lint:boundary-fixture`. */
const EXEMPT_PROJECTS = ['lint-fixture-domain-leak', 'lint-fixture-domain-leak-inner'];
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'coverage', 'generated', 'fixtures']);

/**
 * Directories under `bases` (relative to `root`) that hold a package.json or project.json,
 * as POSIX paths relative to `root`, sorted.
 */
function findProjectDirs(root, bases = ['apps', 'libs']) {
  const found = [];
  const walk = (rel) => {
    const abs = path.join(root, rel);
    const entries = fs.readdirSync(abs, { withFileTypes: true });
    if (entries.some((e) => e.isFile() && (e.name === 'package.json' || e.name === 'project.json'))) {
      found.push(rel.split(path.sep).join('/'));
    }
    for (const e of entries) {
      if (e.isDirectory() && !e.name.startsWith('.') && !SKIPPED_DIRS.has(e.name))
        walk(path.join(rel, e.name));
    }
  };
  for (const base of bases) if (fs.existsSync(path.join(root, base))) walk(base);
  return found.sort();
}

/**
 * What is wrong, one line each (empty when nothing is).
 * @param {{ dirs: string[], projects: { name: string, root: string, targets: string[] }[] }} input
 */
function checkProjects({ dirs, projects }) {
  const problems = [];
  const byRoot = new Map(projects.map((p) => [p.root, p]));
  for (const dir of dirs) {
    if (!byRoot.has(dir)) {
      problems.push(
        `${dir}: not an Nx project, so npm test and npm run lint skip it. Add "${dir}" to "workspaces" ` +
          'in the root package.json and run `npm install` (the lockfile must list it for `npm ci`).',
      );
    }
  }
  for (const project of projects) {
    if (EXEMPT_PROJECTS.includes(project.name)) continue;
    const missing = REQUIRED_TARGETS.filter((t) => !project.targets.includes(t));
    if (missing.length > 0) {
      problems.push(
        `${project.root} (${project.name}): no ${missing.map((t) => `"${t}"`).join(', ')} target. Add the ` +
          `script(s) to ${project.root}/package.json: "test" runs the pure specs, "test:int" the ` +
          '*.int.spec.ts (see tools/scripts/scaffold-project.cjs), "lint" runs `eslint .`.',
      );
    }
  }
  return problems;
}

/** Every Nx project with its root and target names, from one `nx graph --file` run. */
function nxProjects(root) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'check-projects-'));
  try {
    const file = path.join(dir, 'graph.json');
    execFileSync('npx', ['nx', 'graph', `--file=${file}`], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
    });
    const { nodes } = JSON.parse(fs.readFileSync(file, 'utf8')).graph;
    return Object.values(nodes).map((n) => ({
      name: n.name,
      root: n.data.root,
      targets: Object.keys(n.data.targets ?? {}),
    }));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function main() {
  const root = path.resolve(__dirname, '../..');
  const projects = nxProjects(root);
  const problems = checkProjects({ dirs: findProjectDirs(root), projects });
  if (problems.length > 0) {
    console.error(`FAIL: ${problems.length} project(s) left out of npm test / npm run lint:`);
    for (const p of problems) console.error(`  - ${p}`);
    process.exit(1);
  }
  const checked = projects.filter((p) => !EXEMPT_PROJECTS.includes(p.name));
  console.log(
    `OK: all ${checked.length} projects under apps/ and libs/ have ${REQUIRED_TARGETS.join(', ')} ` +
      `(exempt: ${EXEMPT_PROJECTS.join(', ')}).`,
  );
}

if (require.main === module) main();

module.exports = { checkProjects, findProjectDirs, REQUIRED_TARGETS, EXEMPT_PROJECTS };
