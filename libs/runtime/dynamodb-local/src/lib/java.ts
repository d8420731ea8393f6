import { spawnSync } from 'node:child_process';

import { JavaUnavailableError } from './errors';

const MINIMUM_JAVA_MAJOR = 17;

const HOW_TO_FIX =
  'DynamoDB Local (the official AWS emulator) runs on Java 17 or newer. Install a JDK or JRE ' +
  '(Debian/Ubuntu: `sudo apt-get install openjdk-17-jre-headless`; macOS: `brew install openjdk@17`), ' +
  'or point OUTFLOW_JAVA at a java executable.';

/** The java executable to use: OUTFLOW_JAVA when set, else `java` on the PATH. */
function javaCommand(env: NodeJS.ProcessEnv = process.env): string {
  return env['OUTFLOW_JAVA'] || 'java';
}

/**
 * Parses the major version from `java -version` output ("1.8.0_392" → 8, "17.0.15" → 17).
 *
 * @internal Exported for its spec, which checks `java -version` outputs of several vendors directly.
 */
export function parseJavaMajor(versionOutput: string): number | undefined {
  const match =
    /version "([^"]+)"/.exec(versionOutput) ?? /(?:openjdk|java) (\d+[^\s]*)/i.exec(versionOutput);
  if (!match) return undefined;
  const parts = (match[1] as string).split(/[.+_-]/).map(Number);
  const major = parts[0] === 1 ? parts[1] : parts[0];
  return Number.isInteger(major) ? major : undefined;
}

/**
 * Checks that Java 17+ is available and returns its major version; throws JavaUnavailableError
 * with what is wrong and how to fix it otherwise.
 */
export function assertJava(env: NodeJS.ProcessEnv = process.env): { command: string; major: number } {
  const command = javaCommand(env);
  const probe = spawnSync(command, ['-version'], { encoding: 'utf8', timeout: 30_000 });
  if (probe.error) {
    const missing = (probe.error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new JavaUnavailableError(
      `${missing ? `Java was not found (tried \`${command}\`)` : `\`${command} -version\` failed: ${probe.error.message}`}. ${HOW_TO_FIX}`,
    );
  }
  const output = `${probe.stderr ?? ''}${probe.stdout ?? ''}`;
  const major = parseJavaMajor(output);
  if (major === undefined) {
    throw new JavaUnavailableError(
      `Could not read the Java version from \`${command} -version\` (printed: ${JSON.stringify(output.trim().slice(0, 200))}). ${HOW_TO_FIX}`,
    );
  }
  if (major < MINIMUM_JAVA_MAJOR) {
    throw new JavaUnavailableError(`Java ${major} is too old (found at \`${command}\`). ${HOW_TO_FIX}`);
  }
  return { command, major };
}
