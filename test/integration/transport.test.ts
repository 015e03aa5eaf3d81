import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createServer, request } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { after, describe, it } from 'node:test';
import { targetsFile } from '../support/targets-file.ts';
import { runSuite } from '../support/suite-runs.ts';
import { serveSimulators } from '../../support/harness/serve.ts';
import { needs, OPENSSL } from '../support/prerequisites.ts';
import { testAuthority } from '../support/certificates.ts';
import { tempDir } from '../support/temp.ts';
import { ran } from '../support/scenarios.ts';

const dir = await tempDir('transport-');
const openssl = needs([OPENSSL]);

/** A CA and a certificate it signed for 127.0.0.1, made with openssl for this run. */
async function certificates() {
  const authority = await testAuthority(dir);
  const server = await authority.sign('server', '/CN=127.0.0.1', 'subjectAltName=IP:127.0.0.1');
  return { ca: authority.ca, key: await readFile(server.key, 'utf8'), cert: await readFile(server.cert, 'utf8') };
}

const live = { tags: '@acumatica and not @simulator and not @slow and not @site-root' };

describe('TLS to a live target', { skip: openssl.skip }, async () => {
  openssl.check();
  const tls = await certificates();
  const served = await serveSimulators(['acumatica'], { tls });
  after(() => served.close());
  const systems = served.targets.systems;

  it('refuses a certificate from an unknown CA, in one line that says what to do', async () => {
    const { scenarios } = await runSuite({ ...live, parameters: { targets: await targetsFile({ systems }) } });
    assert.ok(
      scenarios.some((x) => x.outcome === 'broken'),
      'no scenario ran',
    );
    for (const s of scenarios.filter((x) => x.outcome !== 'out-of-scope')) {
      assert.equal(s.outcome, 'broken');
      assert.match(
        s.error?.message ?? '',
        /^\[acumatica\] POST https:\/\/127\.0\.0\.1:\d+\/AcumaticaDB\/entity\/auth\/log(in|out): TLS certificate not trusted \(.+\); give the CA in the targets file or NODE_EXTRA_CA_CERTS$/,
      );
    }
  });

  it('trusts the CA the targets file names', async () => {
    const { success, scenarios } = await runSuite({ ...live, parameters: { targets: await targetsFile({ tls: { ca: tls.ca }, systems }) } });
    ran(scenarios);
    assert.ok(success && scenarios.every((s) => s.outcome === 'passed' || s.outcome === 'out-of-scope'), JSON.stringify(scenarios.map((s) => s.error)));
  });

  it('with tls.insecure accepts any certificate, and warns', async () => {
    const warnings: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => (warnings.push(String(chunk)), true)) as typeof process.stderr.write;
    try {
      const { success, scenarios } = await runSuite({ ...live, parameters: { targets: await targetsFile({ tls: { insecure: true }, systems }) } });
      assert.ok(success);
      ran(scenarios);
    } finally {
      process.stderr.write = write;
    }
    assert.ok(
      warnings.some((w) => /WARNING: tls\.insecure is on: server certificates are NOT checked/.test(w)),
      warnings.join(''),
    );
  });
});

describe('an HTTP proxy from the environment', () => {
  it('carries every request of a live run (HTTP_PROXY)', async () => {
    const tunnels: string[] = [];
    const sockets = new Set<Socket>();
    // A forward proxy: absolute-form requests are relayed, CONNECT is tunnelled.
    const proxy = createServer((req, res) => {
      const url = new URL(req.url ?? '');
      tunnels.push(url.host);
      const upstream = request(url, { method: req.method, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      upstream.on('error', () => res.destroy());
      req.pipe(upstream);
    });
    proxy.on('connect', (req, client: Socket) => {
      tunnels.push(req.url ?? '');
      const [host, port] = (req.url ?? '').split(':');
      const upstream = connect(Number(port), host, () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.pipe(client).pipe(upstream);
      });
      for (const s of [client, upstream]) {
        sockets.add(s);
        s.on('error', () => {});
        s.on('close', () => sockets.delete(s));
      }
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const served = await serveSimulators(['acumatica']);
    const saved = { HTTP_PROXY: process.env.HTTP_PROXY, NO_PROXY: process.env.NO_PROXY };
    process.env.HTTP_PROXY = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    process.env.NO_PROXY = '';
    try {
      const { success, scenarios } = await runSuite({ ...live, parameters: { targets: await targetsFile(served.targets) } });
      assert.ok(success);
      ran(scenarios);
      const target = new URL(served.simulators[0]?.baseUrl ?? '').host;
      assert.ok(tunnels.length > 0 && tunnels.every((t) => t === target), `tunnels: ${tunnels.join(', ')}`);
    } finally {
      Object.assign(process.env, saved);
      for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k];
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => proxy.close(resolve));
      await served.close();
    }
  });
});
