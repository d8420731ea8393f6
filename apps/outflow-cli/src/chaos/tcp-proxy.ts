import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy the chaos suite puts in front of PostgreSQL (127.0.0.1:5432): it forwards bytes
 * both ways until told to drop, then cuts every open connection (mid-query, mid-batch) and
 * closes each new one at once for a while, as a failover or a network partition does.
 */
export class TcpProxy {
  /** Client side of each open connection (closing it closes its upstream too). */
  private readonly sockets = new Set<Socket>();
  private downUntil = 0;
  private armed: (() => void) | undefined;
  /** Connections cut or refused by {@link drop}. */
  dropped = 0;

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  /** Listens on a free loopback port and forwards to `target`. */
  static async start(target: { readonly host: string; readonly port: number }): Promise<TcpProxy> {
    const ready: { proxy?: TcpProxy } = {};
    const server = createServer((client) => ready.proxy?.accept(client, target));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const address = server.address();
    if (typeof address !== 'object' || address === null) throw new Error('the proxy has no port');
    ready.proxy = new TcpProxy(server, address.port);
    return ready.proxy;
  }

  private accept(client: Socket, target: { readonly host: string; readonly port: number }): void {
    if (Date.now() < this.downUntil) {
      this.dropped += 1;
      client.destroy();
      return;
    }
    const upstream = connect(target.port, target.host);
    this.sockets.add(client);
    for (const socket of [client, upstream]) {
      socket.on('error', () => undefined);
      socket.on('close', () => {
        this.sockets.delete(client);
        client.destroy();
        upstream.destroy();
      });
    }
    client.on('data', (chunk: Buffer) => {
      upstream.write(chunk);
      // An armed drop strikes right after a statement went out.
      if (this.armed) setImmediate(() => this.armed?.());
    });
    upstream.pipe(client);
  }

  /**
   * Arms a drop: the next bytes a client sends (a query, a batch's statement) are forwarded, then
   * every open connection is cut — the statement is in flight — and new ones are refused for `ms`.
   * Without traffic within `armedMs`, the drop happens then anyway.
   */
  drop(ms: number, armedMs = 2000): void {
    const fire = () => {
      if (this.armed !== fire) return;
      this.armed = undefined;
      this.cut(ms);
    };
    this.armed = fire;
    setTimeout(fire, armedMs).unref();
  }

  private cut(ms: number): void {
    this.downUntil = Date.now() + ms;
    for (const socket of this.sockets) {
      this.dropped += 1;
      socket.destroy();
    }
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
