import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const repoRoot = join(__dirname, '..', '..', '..');
const bin = join(__dirname, '..', 'bin', 'outflow.cjs');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real `outflow` bin (tsx and all) from the repository root, as `npx outflow` does. */
const outflow = (args: string[], executable = bin): Promise<Run> =>
  new Promise((resolve) => {
    execFile(process.execPath, [executable, ...args], { cwd: repoRoot }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : Number(error.code), stdout, stderr });
    });
  });

const record = JSON.stringify({
  eventName: 'INSERT',
  dynamodb: { Keys: { id: { S: 'o-1' } }, SizeBytes: 50 },
});

describe('Bin: outflow', () => {
  it('is linked as node_modules/.bin/outflow by npm install', async () => {
    const run = await outflow(['--help'], join(repoRoot, 'node_modules', '.bin', 'outflow'));
    expect([run.code, run.stdout]).toEqual([0, expect.stringContaining('test-event-pattern')]);
  });

  it('exits 2 with usage for an unknown command', async () => {
    const run = await outflow(['deploy']);
    expect([run.code, run.stdout]).toEqual([2, '']);
    expect(run.stderr).toContain('outflow: unknown command "deploy"');
    expect(run.stderr).toContain('render-input-template');
  });

  it('prints the usage of one command', async () => {
    const run = await outflow(['render-input-template', '--help']);
    expect([run.code, run.stdout]).toEqual([0, expect.stringContaining('--pipe-name <name>')]);
  });
});

describe('Command: test-event-pattern', () => {
  it.each([
    ['{"detail":{"status":[{"anything-but":"draft"}]}}', '{"detail":{"status":"paid"}}', 'true\n'],
    ['{"detail":{"status":[{"anything-but":"draft"}]}}', '{"detail":{"status":"draft"}}', 'false\n'],
  ])('prints whether %s matches %s and exits 0', async (pattern, event, printed) => {
    const run = await outflow(['test-event-pattern', '--pattern', pattern, '--event', event]);
    expect([run.code, run.stdout, run.stderr]).toEqual([0, printed, '']);
  });

  it.each([
    [
      ['--pattern', '{"a":[{"numeric":[">",0,"<"]}]}', '--event', '{}'],
      'invalid event pattern: a: "numeric" expects pairs of operator and number',
    ],
    [['--pattern', '{"a":["b"]}', '--event', '{oops'], '--event is not valid JSON'],
    [['--pattern', '{"a":["b"]}'], '--event is required'],
    [['--pattern', '{"a":["b"]}', '--event', '{}', '--verbose'], "Unknown option '--verbose'"],
  ])('exits 2 and names the problem for %j', async (args, message) => {
    const run = await outflow(['test-event-pattern', ...args]);
    expect([run.code, run.stdout]).toEqual([2, '']);
    expect(run.stderr).toContain(message);
  });
});

describe('Command: render-input-template', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('prints the rendered JSON, reading the event from a file:// path', async () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'outflow-cli-'));
    dirs.push(dir);
    const file = join(dir, 'record.json');
    writeFileSync(file, record);
    const template =
      '{"id": <$.dynamodb.Keys.id.S>, "size": <$.dynamodb.SizeBytes>, "pipe": <aws.pipes.pipe-name>}';
    // Act
    const run = await outflow([
      'render-input-template',
      '--template',
      template,
      '--event',
      `file://${file}`,
      '--pipe-name',
      'orders',
    ]);
    // Assess
    expect([run.code, run.stdout, run.stderr]).toEqual([
      0,
      '{"id": "o-1", "size": 50, "pipe": "orders"}\n',
      '',
    ]);
  });

  it('prints the number 12345678901234567891 of an SQS body exactly (issue 12)', async () => {
    const run = await outflow([
      'render-input-template',
      '--template',
      '{"n": <$.body.n>}',
      '--event',
      '{"eventSource":"aws:sqs","body":"{\\"n\\": 12345678901234567891}"}',
    ]);
    expect([run.code, run.stdout, run.stderr]).toEqual([0, '{"n": 12345678901234567891}\n', '']);
  });

  it('prints a string output as is', async () => {
    const run = await outflow([
      'render-input-template',
      '--template',
      'Record <$.eventName> from <aws.pipes.pipe-name>',
      '--event',
      record,
      '--pipe-name',
      'p',
    ]);
    expect([run.code, run.stdout]).toEqual([0, 'Record INSERT from p\n']);
  });

  it.each([
    [
      ['--template', '{"a": <aws.pipes.pipe-name>}'],
      "needs the pipe context's pipeName, which was not given (pass --pipe-name)",
    ],
    [
      ['--template', '{"a": "<$.dynamodb.Keys>"}'],
      'invalid input template: <$.dynamodb.Keys>: resolves to an object but sits inside a JSON string',
    ],
    [
      ['--template', 'x'.repeat(8193)],
      'InputTemplate is 8193 characters; EventBridge Pipes allows at most 8192',
    ],
    [[], '--template is required'],
  ])('exits 2 and names the problem for %#', async (args, message) => {
    const run = await outflow(['render-input-template', ...args, '--event', record]);
    expect([run.code, run.stdout]).toEqual([2, '']);
    expect(run.stderr).toContain(message);
  });
});
