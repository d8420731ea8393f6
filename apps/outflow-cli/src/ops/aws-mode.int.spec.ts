// AWS mode against moto's server mode (moto 5.2: `moto_server -p <port>`): the stacks are created
// from the very templates the generator writes (appResources; moto takes the Pipe resources without
// running them), so the CLI finds queues, DLQs and the table through real ListExports answers.
// backfill scans the table and sends with SendMessageBatch; reconcile lists the search store
// (the app's ./ops entry against the local OpenSearch emulator, unsigned) and peeks a DLQ.
// What moto does not run — the Pipes and the rules' deliveries — is not exercised here.
import { CloudFormationClient, CreateStackCommand } from '@aws-sdk/client-cloudformation';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { decodeBusMessage, type OutboxEvent } from '@outflow/core-domain';
import { DynamoDbOutboxStore, outboxTableDefinition } from '@outflow/dynamodb-outbox';
import { startOpenSearchEmulator, type OpenSearchEmulator } from '@outflow/opensearch-emulator';
import { sampleOrderState } from '@outflow/orders/testing';
import { makeEvent } from '@outflow/testing';
import { appResources, outflowTopology } from '@outflow/topology';
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { APPS_DIRS } from '../dev/dev-environment';
import { loadOperatorStoreFactory } from '../dev/local-apps';

const repoRoot = join(__dirname, '..', '..', '..', '..');
const bin = join(__dirname, '..', '..', 'bin', 'outflow.cjs');
const STAGE = 'moto';
const REGION = 'us-east-1';
const hasMoto = spawnSync('moto_server', ['--help'], { stdio: 'ignore' }).status === 0;

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

/** The backbone (root serverless.yml) as moto can hold it: the bus's name exported as text (moto's Ref of a bus is not). */
const backboneTemplate = {
  Resources: {
    Bus: { Type: 'AWS::Events::EventBus', Properties: { Name: `outflow-${STAGE}` } },
    Topic: { Type: 'AWS::SNS::Topic', Properties: {} },
  },
  Outputs: {
    BusName: { Value: `outflow-${STAGE}`, Export: { Name: `outflow-backbone-${STAGE}-BusName` } },
    BusArn: { Value: { 'Fn::GetAtt': ['Bus', 'Arn'] }, Export: { Name: `outflow-backbone-${STAGE}-BusArn` } },
    AlarmTopicArn: { Value: { Ref: 'Topic' }, Export: { Name: `outflow-backbone-${STAGE}-AlarmTopicArn` } },
  },
};

/** An app's stack: the generated resources and outputs (orders-service also its table, as its serverless.ts declares it). */
function appTemplate(app: string) {
  const names = { service: `outflow-${app}`, stage: STAGE, backbone: 'outflow-backbone' };
  const streams = {
    orders: { streamArn: { 'Fn::GetAtt': ['OutboxTable', 'StreamArn'] }, tableName: { Ref: 'OutboxTable' } },
  };
  const generated = appResources(outflowTopology, app, names, { streams });
  const table =
    app === 'orders-service'
      ? {
          OutboxTable: {
            Type: 'AWS::DynamoDB::Table',
            Properties: { TableName: `outflow-orders-${STAGE}-outbox`, ...outboxTableDefinition },
          },
        }
      : {};
  return { Resources: { ...table, ...generated.Resources }, Outputs: generated.Outputs };
}

(hasMoto ? describe : describe.skip)(
  `AWS mode on moto_server${hasMoto ? '' : ' (skipped: moto_server is not on PATH — pip install "moto[server]==5.2.*")'}`,
  () => {
    jest.setTimeout(180_000);
    let moto: ChildProcess;
    let endpoint: string;
    let emulator: OpenSearchEmulator;
    const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };
    const clients = () => ({
      cfn: new CloudFormationClient({ region: REGION, endpoint, credentials }),
      dynamo: new DynamoDBClient({ region: REGION, endpoint, credentials }),
      sqs: new SQSClient({ region: REGION, endpoint, credentials, useQueueUrlAsEndpoint: false }),
    });
    let aws: ReturnType<typeof clients>;
    const env = () => ({
      ...process.env,
      AWS_ENDPOINT_URL: endpoint,
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      OPENSEARCH_ENDPOINT: emulator.url,
      OPENSEARCH_SIGNING: 'off',
    });
    const outflow = (args: string[]): Promise<{ code: number; stdout: string; stderr: string }> =>
      new Promise((resolve) =>
        execFile(process.execPath, [bin, ...args], { cwd: repoRoot, env: env() }, (error, stdout, stderr) =>
          resolve({ code: error === null ? 0 : Number(error.code), stdout, stderr }),
        ),
      );
    const drain = async (url: string): Promise<{ id: string; body: string }[]> => {
      const out: { id: string; body: string }[] = [];
      for (;;) {
        const { Messages = [] } = await aws.sqs.send(
          new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
        );
        if (Messages.length === 0) return out;
        out.push(...Messages.map((m) => ({ id: m.MessageId as string, body: m.Body as string })));
      }
    };
    const queueUrl = (name: string) => `https://sqs.${REGION}.amazonaws.com/123456789012/${name}`;

    beforeAll(async () => {
      const port = await freePort();
      endpoint = `http://127.0.0.1:${port}`;
      moto = spawn('moto_server', ['-p', String(port)], { stdio: 'ignore' });
      for (let i = 0; i < 100; i += 1) {
        if (
          await fetch(`${endpoint}/moto-api/`).then(
            () => true,
            () => false,
          )
        )
          break;
        await new Promise((r) => setTimeout(r, 100));
      }
      aws = clients();
      emulator = await startOpenSearchEmulator();
      await aws.cfn.send(
        new CreateStackCommand({
          StackName: 'outflow-backbone',
          TemplateBody: JSON.stringify(backboneTemplate),
        }),
      );
      for (const app of ['orders-service', ...new Set(outflowTopology.subscriptions.map((sub) => sub.app))])
        await aws.cfn.send(
          new CreateStackCommand({
            StackName: `outflow-${app}-${STAGE}`,
            TemplateBody: JSON.stringify(appTemplate(app)),
          }),
        );
      const store = new DynamoDbOutboxStore({
        tableName: `outflow-orders-${STAGE}-outbox`,
        client: aws.dynamo,
      });
      for (let n = 0; n < 12; n += 1) {
        const state = { ...sampleOrderState(`m-${n}`, 1) };
        await store.save({
          aggregateType: 'order',
          aggregateId: `m-${n}`,
          expectedVersion: 0,
          state,
          events: [makeEvent('order', `m-${n}`, 1, { state })],
        });
      }
      await store.save({
        aggregateType: 'order',
        aggregateId: 'm-0',
        expectedVersion: 1,
        state: null,
        events: [makeEvent('order', 'm-0', 2, { deleted: true })],
      });
    });
    afterAll(async () => {
      if (aws) for (const client of Object.values(aws)) client.destroy();
      await emulator?.stop();
      if (moto && moto.exitCode === null)
        await new Promise((resolve) => {
          moto.once('exit', resolve);
          moto.kill();
        });
    });

    it('backfill finds the table and the entry queues through the stacks’ exports and sends every aggregate there', async () => {
      const run = await outflow([
        'backfill',
        '--target',
        'all',
        '--stage',
        STAGE,
        '--region',
        REGION,
        '--segments',
        '2',
        '--json',
      ]);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const result = JSON.parse(run.stdout);
      const entryQueues = [
        `outflow-legacy-rdb-sync-${STAGE}-legacy-rdb-buffer`,
        `outflow-search-sync-${STAGE}-search`,
        `outflow-views-sync-${STAGE}-views`,
      ];
      expect(result.targets).toEqual(
        ['legacy-rdb', 'search', 'views'].map((name, i) => ({ name, entryQueue: entryQueues[i], sent: 12 })),
      );
      for (const name of entryQueues) {
        const events = (await drain(queueUrl(name))).map((m) => {
          const decoded = decodeBusMessage(m.body);
          if (!decoded.ok) throw decoded.error;
          return decoded.value;
        });
        expect(events.map((e) => e.eventId).sort()).toEqual(
          [
            ...Array.from({ length: 11 }, (_, i) => `backfill:order:m-${i + 1}:1`),
            'backfill:order:m-0:2',
          ].sort(),
        );
        expect(events.find((e) => e.aggregateId === 'm-0')).toMatchObject({
          deleted: true,
          aggregateVersion: 2,
        });
        if (name.endsWith('-search')) await applyToSearch(events.filter((e) => e.aggregateId !== 'm-5'));
      }
    });

    /** What search-sync's Lambda would do with the messages: apply them to the stage's index. */
    async function applyToSearch(events: OutboxEvent[]) {
      const subscription = outflowTopology.subscriptions.find((s) => s.name === 'search')!;
      const opened = await loadOperatorStoreFactory(
        subscription,
        APPS_DIRS,
      )({ subscription: 'search', stage: STAGE, region: REGION, env: env() });
      await opened.store.apply(events);
      await opened.dispose();
    }

    it('reconcile lists the search store through its ./ops entry and names the change held in its DLQ', async () => {
      const held = JSON.stringify({
        detail: { aggregateType: 'order', aggregateId: 'm-5', aggregateVersion: '1', eventId: 'x' },
      });
      const sent = await aws.sqs.send(
        new SendMessageCommand({
          QueueUrl: queueUrl(`outflow-search-sync-${STAGE}-search-dlq`),
          MessageBody: held,
        }),
      );
      const run = await outflow([
        'reconcile',
        '--target',
        'search',
        '--stage',
        STAGE,
        '--region',
        REGION,
        '--grace',
        '0',
        '--json',
      ]);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(1);
      const report = JSON.parse(run.stdout);
      expect(report.targets[0].store).toBe(`OpenSearch at ${emulator.url} (indices outflow-${STAGE}-*)`);
      expect(report.targets[0].counts).toMatchObject({ compared: 12, inSync: 11, deadLettered: 1 });
      expect(report.targets[0].differences).toEqual([
        expect.objectContaining({ aggregateId: 'm-5', label: `stale (dead-lettered: ${sent.MessageId})` }),
      ]);
      // The DLQ was only peeked: its message is still there.
      expect((await drain(queueUrl(`outflow-search-sync-${STAGE}-search-dlq`))).map((m) => m.id)).toEqual([
        sent.MessageId,
      ]);
    });

    it('names the missing export and the app to deploy for a stage that is not deployed', async () => {
      const run = await outflow(['backfill', '--target', 'search', '--stage', 'nostage', '--region', REGION]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(
        `outflow backfill: no CloudFormation export ending in -nostage-OrdersTableName in ${REGION}: deploy orders-service to stage nostage`,
      );
    });
  },
);
