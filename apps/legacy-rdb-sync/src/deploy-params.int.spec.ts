import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const temp = mkdtempSync(join(tmpdir(), 'legacy-rdb-sync-deploy-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** `npx serverless deploy` without the parameters packaging fills with placeholders. */
async function deploy(args: readonly string[]): Promise<{ code: number; output: string }> {
  // No credentials reachable at all: the second case must never deploy anything.
  const env = {
    ...process.env,
    AWS_ACCESS_KEY_ID: '',
    AWS_SECRET_ACCESS_KEY: '',
    AWS_SESSION_TOKEN: '',
    AWS_PROFILE: '',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/outflow-test-credentials',
    AWS_CONFIG_FILE: '/nonexistent/outflow-test-config',
    // serverless-esbuild leaves a zip staging dir in the temp dir: a private one, removed after.
    TMPDIR: temp,
  };
  try {
    const { stdout, stderr } = await run('npx', ['serverless', 'deploy', ...args], {
      cwd: join(__dirname, '..'),
      env,
      timeout: 120_000,
    });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failure = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failure.code ?? 1, output: `${failure.stdout ?? ''}${failure.stderr ?? ''}` };
  }
}

describe('Deployable: legacy-rdb-sync (serverless deploy)', () => {
  it('refuses to deploy with the packaging placeholders, naming every missing parameter', async () => {
    const { code, output } = await deploy(['--stage', 'demo', '--param=subnetIds=subnet-0abc']);
    expect(code).not.toBe(0);
    expect(output).toContain(
      'deploy needs real values for legacyDbSecretArn, securityGroupIds (the defaults are packaging placeholders)',
    );
    expect(output).toContain('--param="legacyDbSecretArn=…" --param="securityGroupIds=…"');
  }, 120_000);

  it('goes past the check when every parameter is given (then needs AWS credentials, which CI has none of)', async () => {
    const params = [
      'legacyDbSecretArn=arn:aws:secretsmanager:eu-west-1:1:secret:x',
      'subnetIds=s',
      'securityGroupIds=g',
    ];
    const { code, output } = await deploy(['--stage', 'demo', ...params.map((p) => `--param=${p}`)]);
    expect(code).not.toBe(0);
    expect(output).not.toContain('deploy needs real values');
    expect(output).toMatch(/credentials/i);
  }, 120_000);
});
