import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { Client, request } from 'undici';
import { criticalPath } from '../../bin/bench/critical-path.ts';
import { LatencyProxy } from '../../bin/bench/latency-proxy.ts';
import { claimOf } from '../../support/harness/claims.ts';

describe("the bench's latency proxy", () => {
  it('costs one round trip per request, and one more to open a connection', async () => {
    const server = createServer((_req, res) => res.end('ok'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const rtt = 60;
    const proxy = await LatencyProxy.start({ host: '127.0.0.1', port: (server.address() as AddressInfo).port }, rtt);
    // One connection, so the second request shows what a request on an open one costs.
    const dispatcher = new Client(`http://127.0.0.1:${proxy.port}`);
    try {
      const timed = async () => {
        const started = performance.now();
        const { body } = await request(`http://127.0.0.1:${proxy.port}/`, { dispatcher });
        assert.equal(await body.text(), 'ok');
        return performance.now() - started;
      };
      const first = await timed();
      const second = await timed();
      assert.ok(first >= 2 * rtt - 2, `a new connection and a request took ${first} ms, under two round trips`);
      assert.ok(second >= rtt - 2 && second < 2 * rtt, `a request on an open connection took ${second} ms, not one round trip`);
      assert.equal(proxy.connections, 1);
    } finally {
      await dispatcher.close();
      await proxy.close();
      server.closeAllConnections();
      server.close();
    }
  });
});

describe('the critical path', () => {
  // Two scenarios given the same ordinary Flexi user, and one given another.
  const assignment = new Map([
    ['user-a', { user: [0] }],
    ['user-b', { user: [0] }],
    ['other', { user: [1] }],
  ]);
  const flexi = (id: string) => claimOf({ id, tags: [{ name: '@flexi' }], steps: [{ text: 'the user has a Flexi session' }] }, assignment);
  const claims = new Map(['user-a', 'user-b', 'other'].map((id) => [id, flexi(id)]));
  const pools = () => ({});

  it('chains the requests of a scenario, and of scenarios the rules kept apart', () => {
    const requests = [
      { scenario: 'user-a', start: 0, end: 1 },
      { scenario: 'user-a', start: 1, end: 2 },
      { scenario: 'user-b', start: 2, end: 3 },
      { scenario: 'user-b', start: 3, end: 4 },
    ];
    assert.equal(criticalPath(requests, claims, pools), 4);
  });

  it('does not chain requests sent together, nor scenarios free to overlap that happened to run one after another', () => {
    const requests = [
      { scenario: 'user-a', start: 0, end: 1 },
      { scenario: 'user-a', start: 1, end: 2 },
      { scenario: 'user-a', start: 1, end: 2 },
      { scenario: 'other', start: 2, end: 3 },
      { scenario: 'other', start: 3, end: 4 },
    ];
    assert.equal(criticalPath(requests, claims, pools), 2);
  });
});
