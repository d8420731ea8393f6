// `npx nx g @outflow/tools:downstream --name=<name> --kind=webhook|prisma|dynamodb
//   [--aggregate-types=order] [--delivery=per-aggregate|unordered] [--table=<legacy table>]`
//
// Adds a downstream that keeps every guarantee the built-in ones keep, from its first commit:
//   libs/adapters/<name>-projection  a ProjectionStore of the kind, running the contract suite
//   apps/<name>-sync                 handler, composition root, serverless.ts (resources from the
//                                    topology), ./local (what `npm start` runs), deploy checks
//   libs/topology                    the subscription in outflowTopology
//   tsconfig.base.json               the library's path aliases (module boundaries apply at once)
//   prisma/migrations                (prisma kind) the legacy table
// It refuses a bad name, a taken name, an unknown kind or a bad option before writing anything.
const { formatFiles, generateFiles, names, updateJson } = require('@nx/devkit');
const path = require('node:path');

const KINDS = ['webhook', 'prisma', 'dynamodb'];
const DELIVERIES = ['per-aggregate', 'unordered'];
const NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const AGGREGATE_TYPE = /^[a-z][a-z0-9-]*$/;
const TABLE = /^[a-z_][a-z0-9_]*$/;
const TOPOLOGY_FILE = 'libs/topology/src/lib/outflow-topology.ts';
const TSCONFIG = 'tsconfig.base.json';

/** A refusal: says which option is wrong and what to pass instead. Nothing has been written. */
class DownstreamOptionsError extends Error {
  constructor(problems) {
    super(`Cannot add the downstream (nothing was changed):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'DownstreamOptionsError';
    this.problems = problems;
  }
}

/**
 * Every problem with the options, one sentence each (empty when there is none), checked against
 * what `tree` already holds.
 */
function problemsWith(tree, options) {
  const problems = [];
  const { name, kind } = options;
  if (typeof name !== 'string' || !NAME.test(name) || name.length > 40)
    problems.push(
      `--name=${JSON.stringify(name ?? '')} is not a valid name: use kebab-case, lowercase letters and digits, starting with a letter, at most 40 characters (e.g. --name=crm).`,
    );
  else if (/-(sync|projection)$/.test(name))
    problems.push(
      `--name=${name}: leave out the "-sync"/"-projection" suffix; the generator adds apps/${name.replace(/-(sync|projection)$/, '')}-sync and libs/adapters/${name.replace(/-(sync|projection)$/, '')}-projection.`,
    );
  else {
    for (const dir of [`apps/${name}-sync`, `libs/adapters/${name}-projection`])
      if (tree.exists(dir) && tree.children(dir).length > 0)
        problems.push(`--name=${name} is taken: ${dir} already exists. Choose another name.`);
    const topology = tree.exists(TOPOLOGY_FILE) ? tree.read(TOPOLOGY_FILE, 'utf-8') : '';
    if (new RegExp(`subscription\\(\\s*['"\`]${name}['"\`]`).test(topology))
      problems.push(
        `--name=${name} is taken: ${TOPOLOGY_FILE} already has a subscription named "${name}". Choose another name.`,
      );
    const paths = tree.exists(TSCONFIG)
      ? (JSON.parse(tree.read(TSCONFIG, 'utf-8')).compilerOptions?.paths ?? {})
      : {};
    if (paths[`@outflow/${name}-projection`])
      problems.push(
        `--name=${name} is taken: ${TSCONFIG} already maps @outflow/${name}-projection. Choose another name.`,
      );
  }
  if (!KINDS.includes(kind))
    problems.push(`--kind=${JSON.stringify(kind ?? '')} is not a kind: use one of ${KINDS.join(', ')}.`);
  const types = String(options.aggregateTypes ?? 'order')
    .split(',')
    .map((t) => t.trim());
  if (types.some((t) => !AGGREGATE_TYPE.test(t)))
    problems.push(
      `--aggregate-types=${JSON.stringify(options.aggregateTypes)}: expected comma-separated aggregate types in lowercase (e.g. order or order,customer).`,
    );
  const delivery = options.delivery ?? 'per-aggregate';
  if (!DELIVERIES.includes(delivery))
    problems.push(
      `--delivery=${JSON.stringify(delivery)} is not a delivery mode: use ${DELIVERIES.join(' or ')}.`,
    );
  if (options.table !== undefined && kind !== 'prisma')
    problems.push(
      `--table is for --kind=prisma only (the legacy table to map); leave it out for --kind=${kind}.`,
    );
  if (options.table !== undefined && (!TABLE.test(options.table) || options.table.length > 63))
    problems.push(
      `--table=${JSON.stringify(options.table)}: expected a PostgreSQL table name in snake_case (lowercase letters, digits, _), at most 63 characters.`,
    );
  return problems;
}

/** The index just past the `]` closing the array that opens at `open`, skipping strings and comments. */
function closingBracket(source, open) {
  let depth = 0;
  for (let i = open; i < source.length; i += 1) {
    const c = source[i];
    if (c === '/' && source[i + 1] === '/') i = source.indexOf('\n', i);
    else if (c === '/' && source[i + 1] === '*') i = source.indexOf('*/', i) + 1;
    else if (c === "'" || c === '"' || c === '`') {
      for (i += 1; i < source.length && source[i] !== c; i += 1) if (source[i] === '\\') i += 1;
    } else if (c === '[') depth += 1;
    else if (c === ']' && (depth -= 1) === 0) return i;
    if (i < 0) break;
  }
  throw new Error(`unbalanced brackets in ${TOPOLOGY_FILE}`);
}

/**
 * `source` (libs/topology's outflow-topology.ts) with `entry` appended to the `subscriptions`
 * array of `outflowTopology`: anchored on that array's closing bracket, so entries others added
 * (before or after this one) stay as they are.
 *
 * @throws Error when the file has no `outflowTopology` with a `subscriptions: [` array.
 */
function withSubscription(source, entry) {
  const start = source.indexOf('export const outflowTopology');
  const key = start < 0 ? -1 : source.indexOf('subscriptions:', start);
  const open = key < 0 ? -1 : source.indexOf('[', key);
  if (open < 0)
    throw new Error(
      `${TOPOLOGY_FILE} has no "export const outflowTopology = { … subscriptions: [ … ] }"; add the subscription by hand: ${entry}`,
    );
  const close = closingBracket(source, open);
  const before = source.slice(0, close).trimEnd();
  const separator = before.endsWith('[') || before.endsWith(',') ? '' : ',';
  return `${before}${separator}\n    ${entry},\n  ${source.slice(close)}`;
}

/** The topology entry of the new subscription (TypeScript source). */
function subscriptionEntry(o) {
  const types = o.aggregateTypes.map((t) => `'${t}'`).join(', ');
  const description = {
    webhook: `${o.name} (webhook)`,
    prisma: `${o.name} (legacy table ${o.table})`,
    dynamodb: `${o.name} (DynamoDB table)`,
  }[o.kind];
  return `subscription('${o.name}', '${o.name}-sync', [${types}], {\n      delivery: '${o.delivery}',\n      description: '${description}',\n    })`;
}

/** UTC timestamp as Prisma names migrations: YYYYMMDDHHMMSS. */
const migrationStamp = (date) => date.toISOString().replace(/[-:T]/g, '').slice(0, 14);

/**
 * The new migration's name: the UTC time, or just after the newest migration in the tree when
 * that one sorts later (Prisma applies migrations in name order).
 */
function migrationName(tree, name, now) {
  const newest = (tree.exists('prisma/migrations') ? tree.children('prisma/migrations') : [])
    .map((dir) => /^(\d{14})_/.exec(dir)?.[1])
    .filter(Boolean)
    .sort()
    .pop();
  let stamp = migrationStamp(now);
  if (newest && stamp <= newest) stamp = String(BigInt(newest) + 1n);
  return `${stamp}_${name.replace(/-/g, '_')}_projection`;
}

/** The template variables (names in every case the files need). */
function variablesOf(tree, options, now) {
  const n = names(options.name);
  const aggregateTypes = String(options.aggregateTypes ?? 'order')
    .split(',')
    .map((t) => t.trim());
  return {
    name: options.name,
    kind: options.kind,
    className: n.className,
    propertyName: n.propertyName,
    constantName: n.constantName,
    aggregateTypes,
    aggregateType: aggregateTypes[0],
    delivery: options.delivery ?? 'per-aggregate',
    table: options.table ?? options.name.replace(/-/g, '_'),
    migration: migrationName(tree, options.name, now),
    tmpl: '',
  };
}

/**
 * The generator. `options.now` fixes the migration's timestamp (tests); the CLI uses the clock.
 *
 * @throws DownstreamOptionsError listing every bad option (nothing written).
 */
async function downstreamGenerator(tree, options) {
  const problems = problemsWith(tree, options);
  if (problems.length > 0) throw new DownstreamOptionsError(problems);
  const v = variablesOf(tree, options, options.now ? new Date(options.now) : new Date());
  const lib = `libs/adapters/${v.name}-projection`;
  const app = `apps/${v.name}-sync`;
  const topology = withSubscription(tree.read(TOPOLOGY_FILE, 'utf-8'), subscriptionEntry(v));
  generateFiles(tree, path.join(__dirname, 'files', 'lib', 'common'), lib, v);
  generateFiles(tree, path.join(__dirname, 'files', 'lib', v.kind), lib, v);
  generateFiles(tree, path.join(__dirname, 'files', 'app', 'common'), app, v);
  generateFiles(tree, path.join(__dirname, 'files', 'app', v.kind), app, v);
  if (v.kind === 'prisma') generateFiles(tree, path.join(__dirname, 'files', 'prisma'), 'prisma', v);
  // The webhook's end-to-end spec writes orders through the orders use cases: only for a
  // downstream of orders (this repository's one source).
  if (!v.aggregateTypes.includes('order')) tree.delete(`${app}/src/sync.int.spec.ts`);
  tree.write(TOPOLOGY_FILE, topology);
  updateJson(tree, TSCONFIG, (json) => {
    const paths = json.compilerOptions.paths;
    paths[`@outflow/${v.name}-projection`] = [`${lib}/src/index.ts`];
    // The webhook's local stand-in endpoint: `npm start` and tests only, never a Lambda bundle.
    if (v.kind === 'webhook') paths[`@outflow/${v.name}-projection/local`] = [`${lib}/src/local.ts`];
    return json;
  });
  if (!options.skipFormat) await formatFiles(tree);
  return () => {
    console.log(
      [
        '',
        `Added the ${v.kind} downstream "${v.name}":`,
        `  ${lib}   the store (fill in ${lib}/README.md's "What to fill in")`,
        `  ${app}           handler, composition root, serverless.ts, ./local for npm start`,
        `  ${TOPOLOGY_FILE}   subscription('${v.name}', …)`,
        'Next: `npm install` (the lockfile learns the two new workspace packages), then',
        `  NX_DAEMON=false npx nx run-many -t lint test test:int -p ${v.name}-projection ${v.name}-sync`,
        '  npm start   # the new subscription is in the banner',
      ].join('\n'),
    );
  };
}

module.exports = downstreamGenerator;
module.exports.default = downstreamGenerator;
module.exports.withSubscription = withSubscription;
module.exports.DownstreamOptionsError = DownstreamOptionsError;
