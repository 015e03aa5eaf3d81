import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Agent } from 'undici';
import { HttpClient } from '../../support/http/client.ts';
import type { Exchange } from '../../support/http/exchange.ts';
import { LoopbackHost } from '../../support/simulation/loopback-host.ts';
import { isolateNetwork, NockHost } from '../../support/simulation/nock-host.ts';
import { RouteTable, simulatorOf, TRANSPORT_VARIATIONS, type Mount, type MountOptions, type Simulator } from '../../support/simulation/route-table.ts';

const XML = '<?xml version="1.0" encoding="utf-8"?><root success="true">Grüße, café</root>';
const JSON_BODY = JSON.stringify({ text: 'Grüße — €5 ✓', list: Array.from({ length: 50 }, (_, i) => i) });
const routes = new RouteTable<undefined>([
  { method: 'GET', path: '/xml', handle: () => ({ status: 200, headers: { 'Content-Type': 'text/xml; charset=utf-8' }, body: XML }) },
  { method: 'GET', path: '/json', handle: () => ({ status: 200, headers: { 'content-type': 'application/json' }, body: JSON_BODY }) },
  { method: 'GET', path: '/wide', handle: () => ({ status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'not Latin-1: €' }) },
  { method: 'POST', path: '/none', handle: () => ({ status: 204 }) },
]);
const sim: Simulator = simulatorOf(routes, undefined);

interface Host {
  readonly origin: string;
  mount(sim: Simulator, basePath?: string, options?: MountOptions): Mount;
}

/** What a client reads of each route, and what it saw on the wire, with these variations on. */
async function read(host: Host, variations: string[]) {
  const mount = host.mount(sim, '', { variations: new Set(variations) });
  const exchanges: Exchange[] = [];
  const dispatcher = new Agent();
  const http = new HttpClient({ system: 'x', baseUrl: host.origin, timeoutMs: 5_000, dispatcher, record: (e) => exchanges.push(e) });
  try {
    const answers = {
      xml: await http.send({ method: 'GET', path: '/xml' }),
      json: await http.send({ method: 'GET', path: '/json' }),
      wide: await http.send({ method: 'GET', path: '/wide' }),
      none: await http.send({ method: 'POST', path: '/none' }),
    };
    assert.deepEqual(mount.problems, []);
    return { answers, wire: exchanges.map((e) => e.response?.headers ?? {}) };
  } finally {
    await mount.unmount();
    await dispatcher.close();
  }
}

const header = (headers: Record<string, string | string[]>, name: string): string | undefined => {
  const found = Object.entries(headers).find(([n]) => n.toLowerCase() === name);
  return found === undefined ? undefined : String(found[1]);
};

/** Each variation, alone and all together, read through the real client from one binder. */
function suite(name: string, start: () => Promise<{ host: Host; stop: () => Promise<void> }>) {
  describe(`transport variations on the ${name} binder`, () => {
    let host: Host;
    let stop: () => Promise<void>;
    before(async () => ({ host, stop } = await start()));
    after(async () => stop());

    it('without variations: one piece with a Content-Length, UTF-8, no coding', async () => {
      const { answers, wire } = await read(host, []);
      assert.equal(answers.xml.body, XML);
      assert.equal(header(wire[0] ?? {}, 'content-length'), String(Buffer.byteLength(XML)));
      assert.equal(header(wire[0] ?? {}, 'content-encoding'), undefined);
    });

    const expectations: Record<keyof typeof TRANSPORT_VARIATIONS, (wire: Record<string, string | string[]>[]) => void> = {
      gzip: (wire) => assert.equal(header(wire[1] ?? {}, 'content-encoding'), 'gzip'),
      deflate: (wire) => assert.equal(header(wire[1] ?? {}, 'content-encoding'), 'deflate'),
      br: (wire) => assert.equal(header(wire[1] ?? {}, 'content-encoding'), 'br'),
      chunked: (wire) => {
        assert.equal(header(wire[1] ?? {}, 'content-length'), undefined);
        assert.equal(header(wire[1] ?? {}, 'transfer-encoding'), 'chunked');
      },
      'latin1-charset': (wire) => {
        assert.equal(header(wire[0] ?? {}, 'content-type'), 'text/xml; charset=ISO-8859-1');
        assert.equal(header(wire[0] ?? {}, 'content-length'), String(Buffer.byteLength(XML.replace('utf-8', 'ISO-8859-1'), 'latin1')));
        assert.equal(header(wire[1] ?? {}, 'content-type'), 'application/json', 'JSON stays UTF-8');
        assert.equal(header(wire[2] ?? {}, 'content-type'), 'text/plain; charset=utf-8', 'a body Latin-1 cannot hold stays UTF-8');
      },
      'utf8-bom': (wire) => {
        assert.equal(header(wire[0] ?? {}, 'content-length'), String(Buffer.byteLength(XML) + 3));
        assert.equal(header(wire[1] ?? {}, 'content-length'), String(Buffer.byteLength(JSON_BODY)), 'JSON has no BOM');
      },
      'header-case': (wire) => assert.equal(header(wire[1] ?? {}, 'content-type'), 'Application/Json'),
    };
    for (const [variation, expect] of Object.entries(expectations)) {
      it(`${variation}: ${TRANSPORT_VARIATIONS[variation as keyof typeof TRANSPORT_VARIATIONS]}`, async () => {
        const { answers, wire } = await read(host, [variation]);
        expect(wire);
        assert.equal(answers.xml.body.replace(/encoding="[^"]*"/, 'encoding="utf-8"'), XML);
        assert.equal(answers.json.body, JSON_BODY);
        assert.equal(answers.wide.body, 'not Latin-1: €');
        assert.equal(answers.none.status, 204);
        assert.equal(answers.none.body, '');
      });
    }

    it('all at once, codings applied in a row', async () => {
      const { answers, wire } = await read(host, Object.keys(TRANSPORT_VARIATIONS));
      assert.equal(header(wire[1] ?? {}, 'content-encoding'), 'deflate, gzip, br');
      assert.equal(answers.json.body, JSON_BODY);
      assert.equal(answers.xml.body, XML.replace('utf-8', 'ISO-8859-1'));
    });

    it('refuses a variation it does not know', () => {
      assert.throws(() => host.mount(sim, '', { variations: new Set(['gzipp']) }), /unknown transport variation gzipp; known: gzip, /);
    });
  });
}

suite('loopback', async () => {
  const server = await LoopbackHost.start();
  return { host: server, stop: () => server.close() };
});

suite('nock', async () => {
  const release = isolateNetwork();
  return { host: new NockHost('http://variations.simulator.test'), stop: async () => release() };
});
