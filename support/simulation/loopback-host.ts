import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { toHeaders } from '../http/exchange.ts';
import { MountPoint, type Host, type Mount, type MountOptions, type Simulator } from './route-table.ts';

/** How long the server keeps an idle connection open. */
const IDLE_MS = 60_000;

/**
 * A real HTTP server on 127.0.0.1 that answers from whichever simulator is mounted
 * on it. One per system for a whole run: scenarios swap in a fresh simulator rather
 * than starting a server each.
 */
export class LoopbackHost implements Host {
  readonly #server: Server;
  readonly #scheme: 'http' | 'https';
  #origin: string | undefined;
  readonly #mountPoint = new MountPoint();

  private constructor(server: Server, scheme: 'http' | 'https') {
    this.#server = server;
    this.#scheme = scheme;
    server.on('request', (req, res) => void this.#handle(req, res));
  }

  /**
   * `tls` (PEM key and certificate) serves HTTPS instead of HTTP. An idle connection is
   * kept for a minute, as web servers commonly keep one: the client lets it go a little
   * before the time the server announces, and with Node's 5 s a busy client thread could
   * still send on a connection the server had just closed ("connection closed before the
   * answer was complete", seen once under npm test's load).
   */
  static async start(options: { tls?: { key: string; cert: string } } = {}): Promise<LoopbackHost> {
    const server = options.tls ? createTlsServer({ ...options.tls, keepAliveTimeout: IDLE_MS }) : createServer({ keepAliveTimeout: IDLE_MS });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', resolve);
    });
    return new LoopbackHost(server, options.tls ? 'https' : 'http');
  }

  /** `http://127.0.0.1:<port>`, or https:// with a certificate */
  get origin(): string {
    this.#origin ??= `${this.#scheme}://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
    return this.#origin;
  }

  /** Answers from `sim` under `basePath` until unmounted (or another is mounted). */
  mount(sim: Simulator, basePath = '', options: MountOptions = {}): Mount {
    return this.#mountPoint.mount(sim, basePath, options);
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const reply = await this.#mountPoint.serve(
      req.method ?? 'GET',
      new URL(req.url ?? '/', this.origin),
      toHeaders(req.headers),
      Buffer.concat(chunks).toString('utf8'),
    );
    if (!reply) return; // stalled: held open, never answered
    res.writeHead(reply.status, reply.headers as Record<string, string | string[]>);
    // Pieces after the first in later turns, so a chunked answer really arrives in parts.
    for (const [i, piece] of reply.pieces.entries()) {
      if (i > 0) await new Promise((resolve) => setImmediate(resolve));
      if (res.destroyed) return;
      res.write(piece);
    }
    res.end();
  }
}
