import { createConnection, createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A TCP proxy on 127.0.0.1 that makes loopback behave like a link with a round-trip
 * time: every byte takes half the RTT each way, and a new connection costs one RTT
 * before its first byte is sent on (the TCP handshake). Bytes keep their order.
 */
export class LatencyProxy {
  readonly #server: Server;
  readonly #sockets = new Set<Socket>();
  /** Connections clients opened through the proxy. */
  connections = 0;

  private constructor(server: Server) {
    this.#server = server;
  }

  static async start(target: { host: string; port: number }, rttMs: number): Promise<LatencyProxy> {
    const server = createServer();
    const proxy = new LatencyProxy(server);
    server.on('connection', (client) => proxy.#relay(client, target, rttMs));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', resolve);
    });
    return proxy;
  }

  get port(): number {
    return (this.#server.address() as AddressInfo).port;
  }

  #relay(client: Socket, target: { host: string; port: number }, rttMs: number): void {
    this.connections++;
    const accepted = performance.now();
    const upstream = createConnection(target);
    for (const s of [client, upstream]) {
      this.#sockets.add(s);
      s.setNoDelay(true);
      s.on('close', () => this.#sockets.delete(s));
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    // The client's first byte leaves once the handshake it never saw would have ended.
    const delayed = (from: Socket, to: Socket, notBefore: number) => {
      from.on('data', (chunk) => {
        const due = Math.max(performance.now() + rttMs / 2, notBefore);
        setTimeout(() => void (to.destroyed || to.write(chunk)), due - performance.now());
      });
      from.on('end', () => setTimeout(() => to.end(), Math.max(performance.now() + rttMs / 2, notBefore) - performance.now()));
    };
    delayed(client, upstream, accepted + rttMs + rttMs / 2);
    delayed(upstream, client, 0);
  }

  async close(): Promise<void> {
    for (const s of this.#sockets) s.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}
