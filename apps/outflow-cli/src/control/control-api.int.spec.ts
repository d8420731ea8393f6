// The control API `npm start` serves for operator commands: found through dev.json, it sends to a
// subscription's entry queue (the change is applied like a live one), pages through a store and
// computes expected hashes; unknown subscriptions and bad bodies get clear answers.
import { toBusEventDetail, type AggregateState } from '@outflow/core-domain';
import { sampleOrderState } from '@outflow/orders/testing';
import { makeEvent } from '@outflow/testing';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDevEnvironment, type DevEnvironment } from '../dev/dev-environment';
import { ControlApiError, controlClientFor } from './control-client';

describe('Control API of npm start', () => {
  jest.setTimeout(120_000);
  const root = mkdtempSync(join(tmpdir(), 'outflow-control-'));
  const dataDir = join(root, 'data');
  let env: DevEnvironment;

  beforeAll(async () => {
    const environment = { ...process.env };
    delete environment['OPENSEARCH_URL'];
    delete environment['DATABASE_URL'];
    env = await startDevEnvironment({
      dataDir,
      port: 0,
      timeScale: 0.05,
      log: () => undefined,
      warn: () => undefined,
      env: environment,
    });
  });
  afterAll(async () => {
    await env?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('is recorded in dev.json on 127.0.0.1 and answers health', async () => {
    const state = JSON.parse(readFileSync(join(dataDir, 'dev.json'), 'utf8')) as { control: string };
    expect(state.control).toBe(env.control.url);
    expect(state.control).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await controlClientFor(dataDir).health()).toEqual({
      pid: process.pid,
      dataDir,
      subscriptions: env.topology.subscriptions.map((s) => s.name),
    });
  });

  it('sends to each subscription’s entry queue; the change is applied, listed and hashed as expected', async () => {
    const client = controlClientFor(dataDir);
    const state: AggregateState = { ...sampleOrderState('ctl-1', 3) };
    const event = makeEvent('order', 'ctl-1', 3, { state }, 'backfill:order:ctl-1:3');
    for (const subscription of env.topology.subscriptions) {
      const sent = await client.sendToEntryQueue(subscription.name, [
        JSON.stringify(toBusEventDetail(event)),
      ]);
      expect(sent.queue).toBe(
        subscription.delivery.mode === 'per-aggregate' ? `${subscription.name}-buffer` : subscription.name,
      );
      expect(sent.messageIds).toHaveLength(1);
    }
    await env.runtime.waitForIdle({ timeoutMs: 30_000 });
    for (const subscription of env.topology.subscriptions) {
      const page = await client.listStore(subscription.name, { aggregateType: 'order', limit: 10 });
      const { hashes } = await client.expectedHashes(subscription.name, [
        { aggregateType: 'order', aggregateId: 'ctl-1', state },
        { aggregateType: 'order', aggregateId: 'ctl-1', state: { ...state, currency: 'euro' } },
      ]);
      const entry = page.items.find((item) => item.aggregateId === 'ctl-1');
      expect(entry).toMatchObject({ version: 3, tombstone: false });
      expect(hashes[0]).toEqual({ hash: entry?.hash });
      expect(hashes[1]).toHaveProperty('error');
    }
  });

  it('answers an unknown subscription with 404 naming the ones there are, and a bad body with 400', async () => {
    const client = controlClientFor(dataDir);
    await expect(client.sendToEntryQueue('crm', ['{}'])).rejects.toThrow(
      /answered 404 to POST \/_outflow\/control\/subscriptions\/crm\/entry-queue\/messages: no subscription named "crm" runs here; the topology has: legacy-rdb, search/,
    );
    const response = await fetch(`${env.control.url}/_outflow/control/subscriptions/search/store/list`, {
      method: 'POST',
      body: '{"aggregateType":"order","limit":0}',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: 'validation',
      message: 'limit: expected an integer from 1 to 1000',
    });
  });

  it('tells to start npm start when none runs on the data dir', () => {
    expect(() => controlClientFor(join(root, 'elsewhere'))).toThrow(ControlApiError);
    expect(() => controlClientFor(join(root, 'elsewhere'))).toThrow(
      /no `npm start` is running on .*elsewhere: start it first/,
    );
  });
});
