// The local stack the chaos suite runs in a child process it can SIGKILL: started the way
// `npm start` starts it (startDevEnvironment: every subscription of the topology from its app's
// ./local entry, the local runtime, the orders API), with the seed's runtime faults, on the
// suite's DynamoDB Local. Spoken to over IPC (stack-protocol.ts).
import { startDevEnvironment, type DevEnvironment } from '../dev/dev-environment';
import { DynamoDbThrottle } from './dynamodb-throttle';
import { SeededRandom } from './random';
import type { StackCommand, StackConfig, StackReport } from './stack-protocol';

const send = (report: StackReport) => process.send?.(report);
const throttle = new DynamoDbThrottle();

function readConfig(): StackConfig {
  const text = process.env['OUTFLOW_CHAOS_STACK'];
  if (!text) throw new Error('OUTFLOW_CHAOS_STACK is not set: this process is started by `npm run chaos`');
  return JSON.parse(text) as StackConfig;
}

async function start(config: StackConfig): Promise<DevEnvironment> {
  const random = new SeededRandom(config.randomSeed);
  const draw = () => random.next();
  const { faults } = config;
  return startDevEnvironment({
    dataDir: config.dataDir,
    port: 0,
    timeScale: config.timeScale,
    dynamoDb: { endpoint: config.dynamoDbEndpoint },
    instrumentDynamoDbClient: (client) => throttle.instrument(client),
    env: { ...process.env, ...config.env },
    log: (line) => process.stdout.write(`${line}\n`),
    warn: (line) => process.stderr.write(`warning: ${line}\n`),
    faults: {
      bus: {
        duplicateRate: faults.duplicateRate,
        maxCopies: faults.maxCopies,
        reorder: true,
        holdRate: faults.holdRate,
        holdMaxMs: faults.holdMaxMs,
        random: draw,
      },
      crashAfterHandlerRate: faults.crashAfterHandlerRate,
      random: draw,
    },
  });
}

async function main(): Promise<void> {
  // The suite went away (killed, crashed): so does its stack, whatever it was doing.
  process.on('disconnect', () => process.exit(1));
  const env = await start(readConfig());
  const stats = (): StackReport => ({
    type: 'stats',
    stats: env.runtime.stats(),
    throttled: throttle.injected,
    throttleClients: throttle.clients,
  });
  const ticker = setInterval(() => send(stats()), 200);
  process.on('message', (command: StackCommand) => {
    if (command.type === 'idle')
      env.runtime
        .waitForIdle({ quietMs: command.quietMs, timeoutMs: command.timeoutMs })
        .then(() => send(stats()))
        .then(
          () => send({ type: 'idle' }),
          (error: unknown) => send({ type: 'idle', error: (error as Error).message }),
        );
    if (command.type === 'throttle') throttle.throttleFor(command.ms);
    if (command.type === 'stop') {
      clearInterval(ticker);
      void env.stop().finally(() => {
        const last = stats();
        if (process.send) process.send(last, () => process.exit(0));
        else process.exit(0);
      });
    }
  });
  send({ type: 'ready' });
}

main().catch((error: unknown) => {
  send({ type: 'failed', message: (error as Error).stack ?? String(error) });
  process.exit(1);
});
