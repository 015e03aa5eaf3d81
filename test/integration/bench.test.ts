import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { Client, request } from 'undici';
import { LatencyProxy } from '../../bin/bench/latency-proxy.ts';

describe("the bench's latency proxy", () => {
  it('costs one round trip per request, and one more to open a connection', async () => {
    const server = createServer((_req, res) => res.end('ok'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    // Long enough that a loaded machine's delays (tens of milliseconds) do not pass for a round trip.
    const rtt = 200;
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
