import { GetItemCommand, ListTablesCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JavaUnavailableError } from './errors';
import { assertJava, parseJavaMajor } from './java';
import { createClient, startDynamoDbLocal } from './dynamodb-local';
import { ensureTable } from './tables';

/** Whether a process runs (a zombie waiting to be reaped by init does not count). */
const isAlive = (pid: number) => {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
};
const waitUntilGone = async (pid: number) => {
  for (let i = 0; i < 50 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
  return !isAlive(pid);
};

/** PIDs of the DynamoDB Locals on this machine serving `port` (pgrep exits 1 when there is none). */
const emulatorPidsOn = (port: string | undefined) =>
  spawnSync('pgrep', ['-f', `DynamoDBLocal\\.jar.* -port ${port}$`], { encoding: 'utf8' })
    .stdout.split('\n')
    .filter(Boolean)
    .sort();

describe('Java check', () => {
  it('reads the major version from the formats java prints', () => {
    expect(parseJavaMajor('openjdk version "17.0.15" 2025-04-15')).toBe(17);
    expect(parseJavaMajor('java version "1.8.0_392"')).toBe(8);
    expect(parseJavaMajor('openjdk version "21" 2023-09-19')).toBe(21);
    expect(parseJavaMajor('no version here')).toBeUndefined();
  });

  it('accepts the Java on this machine', () => {
    expect(assertJava().major).toBeGreaterThanOrEqual(17);
  });

  it('says Java is missing and how to install it', () => {
    const check = () => assertJava({ OUTFLOW_JAVA: '/nonexistent/bin/java' });
    expect(check).toThrow(JavaUnavailableError);
    expect(check).toThrow(
      /Java was not found \(tried `\/nonexistent\/bin\/java`\).*Java 17 or newer.*apt-get install/,
    );
  });

  it('says an old Java is too old', () => {
    const dir = mkdtempSync(join(tmpdir(), 'old-java-'));
    const fake = join(dir, 'java');
    writeFileSync(fake, '#!/bin/sh\necho \'java version "1.8.0_392"\' >&2\n');
    chmodSync(fake, 0o755);
    try {
      expect(() => assertJava({ OUTFLOW_JAVA: fake })).toThrow(/Java 8 is too old/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('DynamoDB Local harness', () => {
  jest.setTimeout(90_000);

  it('starts the emulator on a free loopback port, answers, and stops it by PID', async () => {
    // Act
    const emulator = await startDynamoDbLocal();
    const client = createClient(emulator.endpoint);
    try {
      // Assess
      expect(emulator.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(isAlive(emulator.pid)).toBe(true);
      await expect(client.send(new ListTablesCommand({}))).resolves.toMatchObject({ TableNames: [] });
    } finally {
      client.destroy();
      await emulator.stop();
    }
    expect(isAlive(emulator.pid)).toBe(false);
  });

  it('reports an exit it did not ask for (kill -9) as unexpected, and stop() as expected', async () => {
    // Prepare
    const crashed = await startDynamoDbLocal();
    const stopped = await startDynamoDbLocal();
    // Act
    process.kill(crashed.pid, 'SIGKILL');
    await stopped.stop();
    // Assess
    await expect(crashed.exited).resolves.toEqual({ code: null, signal: 'SIGKILL', expected: false });
    await expect(stopped.exited).resolves.toMatchObject({ expected: true });
  });

  it('keeps tables in a data dir across restarts', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ddb-local-'));
    const table = {
      TableName: 'harness-t',
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' as const }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' as const }],
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' as const },
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    };
    try {
      const first = await startDynamoDbLocal({ dataDir });
      const c1 = createClient(first.endpoint);
      let ensured: Awaited<ReturnType<typeof ensureTable>>;
      try {
        ensured = await ensureTable(c1, table);
        await c1.send(new PutItemCommand({ TableName: 'harness-t', Item: { pk: { S: 'a' } } }));
      } finally {
        c1.destroy();
        await first.stop();
      }

      const second = await startDynamoDbLocal({ dataDir });
      const c2 = createClient(second.endpoint);
      try {
        expect(ensured).toMatchObject({
          created: true,
          streamArn: expect.stringContaining('table/harness-t/stream/'),
        });
        expect(await ensureTable(c2, table)).toMatchObject({ created: false, streamArn: ensured.streamArn });
        expect(
          (await c2.send(new GetItemCommand({ TableName: 'harness-t', Key: { pk: { S: 'a' } } }))).Item,
        ).toEqual({ pk: { S: 'a' } });
      } finally {
        c2.destroy();
        await second.stop();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('refuses a port that is already taken, naming it', async () => {
    const emulator = await startDynamoDbLocal();
    try {
      await expect(startDynamoDbLocal({ port: emulator.port, startTimeoutMs: 20_000 })).rejects.toThrow(
        `Port ${emulator.port} on 127.0.0.1 is already in use`,
      );
    } finally {
      await emulator.stop();
    }
  });

  it('leaves no java process behind when start-up fails', async () => {
    const failure = await startDynamoDbLocal({ startTimeoutMs: 1 }).then(
      () => new Error('started'),
      (error: Error) => error,
    );
    expect(failure.message).toMatch(/did not answer on http:\/\/127\.0\.0\.1:\d+ within 1 ms/);
    // Only the emulator this start launched (its port): other runs on the machine start and stop their own.
    const port = /127\.0\.0\.1:(\d+)/.exec(failure.message)?.[1];
    expect(emulatorPidsOn(port)).toEqual([]);
  });

  it('kills the emulator when the Node process that started it exits without stopping it', async () => {
    // A real child process, as `npm start` would be, that starts the emulator and exits at once.
    const script = `const { startDynamoDbLocal } = require(${JSON.stringify(join(__dirname, 'dynamodb-local.ts'))});
      startDynamoDbLocal().then((e) => { console.log('EMULATOR_PID=' + e.pid); process.exit(0); });`;
    const output = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], {
      encoding: 'utf8',
      timeout: 60_000,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const pid = Number(/EMULATOR_PID=(\d+)/.exec(output)?.[1]);
    expect({ pid, output }).toEqual({
      pid: expect.any(Number),
      output: expect.stringContaining('EMULATOR_PID='),
    });
    expect(await waitUntilGone(pid)).toBe(true);
  });
});
