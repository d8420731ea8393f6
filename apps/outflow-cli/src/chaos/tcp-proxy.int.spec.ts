import { Client } from 'pg';
import { TcpProxy } from './tcp-proxy';

const serverUrl = process.env['DATABASE_URL'];

(serverUrl ? describe : describe.skip)(
  `Class: TcpProxy (the chaos suite's PostgreSQL drop)${serverUrl ? '' : ' (skipped: DATABASE_URL not set — run with DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres)'}`,
  () => {
    let proxy: TcpProxy;
    const viaProxy = () => {
      const url = new URL(serverUrl as string);
      url.host = `127.0.0.1:${proxy.port}`;
      return url.toString();
    };
    const connected = async () => {
      const client = new Client({ connectionString: viaProxy() });
      client.on('error', () => undefined);
      await client.connect();
      return client;
    };

    beforeEach(async () => {
      const target = new URL(serverUrl as string);
      proxy = await TcpProxy.start({ host: target.hostname, port: Number(target.port || 5432) });
    });
    afterEach(() => proxy.close());

    it('forwards a session; an armed drop cuts the statement in flight and refuses connections for a while', async () => {
      // Prepare
      const client = await connected();
      expect((await client.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
      // Act: the next statement goes out, then the connection is cut under it.
      proxy.drop(300);
      await expect(client.query('SELECT pg_sleep(0.2)')).rejects.toThrow();
      // Assess: refused while down, served again afterwards.
      await expect(connected()).rejects.toThrow();
      await new Promise((resolve) => setTimeout(resolve, 350));
      const again = await connected();
      expect((await again.query('SELECT 2 AS two')).rows).toEqual([{ two: 2 }]);
      await again.end();
      expect(proxy.dropped).toBeGreaterThanOrEqual(2);
    });
  },
);
