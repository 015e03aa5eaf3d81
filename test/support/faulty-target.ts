import { createServer, type Server } from 'node:http';
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
