// `npm run chaos -- --seeds N [--seed S]`: the chaos suite (README, "Chaos suite"). Seeds S … S+N−1,
// each a random history through the local runtime into every downstream of the topology while
// faults strike; one line per seed, a summary, exit 1 on any failure (with how to reproduce it).
import { createClient, startDynamoDbLocal, type RunningDynamoDbLocal } from '@outflow/dynamodb-local';
import { Client } from 'pg';
import { parseFlags } from '../cli/arguments';
import { DEFAULT_CHANGES } from './plan';
import { formatSeed, formatSummary } from './report';
import { runSeed, type SeedOptions, type SeedResult } from './run-seed';

const usage = `Usage: npm run chaos -- [--seeds N] [--seed S] [--changes C]

Runs seeds S, S+1, …, S+N−1 (default: --seeds 1 --seed 1). Each seed writes a random history of C
changes (default ${DEFAULT_CHANGES}) over many orders into the source table while the local runtime — started as
npm start starts it, in a child process — delivers them to every subscription of the topology with
faults injected; then checks every downstream against the source and the DLQs against the poison
changes. Needs Java 17+ (DynamoDB Local) and PostgreSQL (DATABASE_URL, default
postgresql://postgres@127.0.0.1:5432/postgres; the suite creates and drops a database per seed).
Reproduce a failed seed with: npm run chaos -- --seed <seed>`;

function parse(args: readonly string[]): { first: number; count: number; changes: number } | undefined {
  const values = parseFlags(args, {
    seeds: { type: 'string' },
    seed: { type: 'string' },
    changes: { type: 'string' },
  });
  if (values.help) return undefined;
  const int = (flag: 'seeds' | 'seed' | 'changes', fallback: number, min: number) => {
    const text = values[flag];
    if (text === undefined) return fallback;
    const n = Number(text);
    if (!Number.isInteger(n) || n < min)
      throw new Error(`--${flag} must be an integer ≥ ${min}, got ${JSON.stringify(text)}`);
    return n;
  };
  return {
    first: int('seed', 1, 0),
    count: int('seeds', 1, 1),
    changes: int('changes', DEFAULT_CHANGES, 10),
  };
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** The server's URL, checked; drops the databases of chaos runs that died before dropping theirs. */
async function adminUrl(): Promise<string> {
  const url = process.env['DATABASE_URL'] || 'postgresql://postgres@127.0.0.1:5432/postgres';
  const client = new Client({ connectionString: url });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`the chaos suite needs PostgreSQL at DATABASE_URL (${url}): ${(error as Error).message}`);
  }
  try {
    const { rows } = await client.query<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE datname LIKE 'outflow\\_chaos\\_%'",
    );
    for (const { datname } of rows) {
      const pid = Number(/^outflow_chaos_(\d+)_\d+$/.exec(datname)?.[1]);
      if (pid && !alive(pid)) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
  } finally {
    await client.end();
  }
  return url;
}

async function runAll(args: { first: number; count: number; changes: number }): Promise<SeedResult[]> {
  const options: SeedOptions = {
    changes: args.changes,
    writeMs: args.changes * 35,
    timeScale: 0.005,
    settleMs: 60_000,
  };
  const url = await adminUrl();
  let dynamo: RunningDynamoDbLocal | undefined;
  const results: SeedResult[] = [];
  try {
    dynamo = await startDynamoDbLocal();
    const client = createClient(dynamo.endpoint);
    const env = { dynamoDbEndpoint: dynamo.endpoint, dynamo: client, adminUrl: url };
    for (let seed = args.first; seed < args.first + args.count; seed += 1) {
      const result = await runSeed(seed, env, options);
      results.push(result);
      process.stdout.write(`${formatSeed(result)}\n`);
    }
    client.destroy();
  } finally {
    await dynamo?.stop();
  }
  return results;
}

async function main(): Promise<number> {
  let args;
  try {
    args = parse(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`chaos: ${(error as Error).message}\n\n${usage}\n`);
    return 2;
  }
  if (!args) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  const started = Date.now();
  const results = await runAll(args);
  process.stdout.write(`${formatSummary(results, (Date.now() - started) / 1000)}\n`);
  return results.every((r) => !r.error && r.verdict?.findings.length === 0) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`chaos: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
