import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import { systemKeys, systems } from '../../support/systems/index.ts';
import type { AddressInfo, Socket } from 'node:net';

/** What a broken target does to every request. */
export type Fault = 'refuses connections' | 'never answers' | 'resets mid-answer' | 'answers an HTML error page' | 'answers malformed JSON and XML';
export const FAULTS: readonly Fault[] = [
  'refuses connections',
  'never answers',
  'resets mid-answer',
  'answers an HTML error page',
  'answers malformed JSON and XML',
];

/** A loopback server that misbehaves in one way; `url` is where to point a target at. */
export async function faultyTarget(fault: Fault): Promise<{ url: string; requests(): number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  let requests = 0;
  const server: Server = createServer((req, res) => {
    requests++;
    req.resume();
    if (fault === 'never answers') return;
    if (fault === 'resets mid-answer') {
      res.socket?.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 400\r\n\r\n{"success":');
      res.socket?.destroy();
      return;
    }
    if (fault === 'answers an HTML error page') {
      res.writeHead(502, { 'content-type': 'text/html' }).end('<html><body><h1>502 Bad Gateway</h1></body></html>');
      return;
    }
    const xml = /xml|asmx|soap/i.test(`${req.url} ${req.headers['content-type'] ?? ''} ${req.headers.accept ?? ''}`);
    res.writeHead(200, { 'content-type': xml ? 'text/xml' : 'application/json' }).end(xml ? '<root success="true"' : '{"success": tru');
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const close = async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  if (fault === 'refuses connections') await close();
  return { url, requests: () => requests, close: fault === 'refuses connections' ? async () => {} : close };
}

/** A targets file's systems, every one with its simulator's users, all pointed at `url` (a faulty target). */
export function everySystemAt(url: string, timeoutMs: number): Record<string, unknown> {
  return Object.fromEntries(
    systemKeys.map((k) => [
      k,
      { ...systems[k].simulate({ clock: { now: () => 0 }, defects: new Set(), variations: new Set() }).config, baseUrl: url + systems[k].basePath, timeoutMs },
    ]),
  );
}

/** A request as a gateway in front of a target sees it. */
export interface FrontRequest {
  readonly method: string;
  /** The path, without the query. */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** What a gateway answers in the target's place. */
export interface FrontAnswer {
  readonly status: number;
  readonly type: string;
  readonly body: string;
}

/**
 * A reverse proxy before a healthy target (`upstream`, an origin): answers what
 * `intercept` answers in the target's place, and passes every other request on
 * unchanged, Host header and all. A hostile deployment that breaks one endpoint.
 */
export async function gatewayBefore(
  upstream: string,
  intercept: (req: FrontRequest) => FrontAnswer | undefined,
): Promise<{ url: string; intercepted(): number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const target = new URL(upstream);
  let intercepted = 0;
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', 'http://front');
    const answer = intercept({ method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, body: body.toString('utf8') });
    if (answer) {
      intercepted++;
      res.writeHead(answer.status, { 'content-type': answer.type }).end(answer.body);
      return;
    }
    const forwarded = httpRequest({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    forwarded.on('error', () => res.destroy());
    forwarded.end(body);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    intercepted: () => intercepted,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Served simulators, each behind its own gateway that intercepts as told: a targets file pointing at the gateways. */
export async function behindGateways(
  served: { readonly simulators: readonly { key: string; baseUrl: string }[]; readonly targets: { systems: Record<string, unknown> } },
  intercept: (key: string, req: FrontRequest) => FrontAnswer | undefined,
): Promise<{ targets: { systems: Record<string, unknown> }; intercepted(): number; close(): Promise<void> }> {
  const fronts = await Promise.all(
    served.simulators.map(async (sim) => {
      const origin = new URL(sim.baseUrl).origin;
      return { sim, origin, front: await gatewayBefore(origin, (req) => intercept(sim.key, req)) };
    }),
  );
  const systems = Object.fromEntries(
    fronts.map(({ sim, origin, front }) => {
      const config = served.targets.systems[sim.key] as Record<string, unknown>;
      return [sim.key, { ...config, baseUrl: front.url + sim.baseUrl.slice(origin.length) }];
    }),
  );
  return {
    targets: { systems },
    intercepted: () => fronts.reduce((n, f) => n + f.front.intercepted(), 0),
    close: async () => void (await Promise.all(fronts.map((f) => f.front.close()))),
  };
}
