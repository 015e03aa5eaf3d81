import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Agent, Headers } from 'undici';
import { Cleanups } from '../../support/harness/cleanups.ts';
import { HttpClient, type HttpAnswer, type HttpRequest } from '../../support/http/client.ts';
import { FlexiClient, type FlexiTarget } from '../../support/systems/flexi/client.ts';
import { runSuite } from '../support/suite-runs.ts';
import { servicesFor } from '../support/services.ts';

describe('clean-ups', () => {
  it('run independent closings at the same time, and keep every other one in its place', async () => {
    const events: string[] = [];
    const closing = (name: string) => async () => {
      events.push(`start ${name}`);
      await new Promise((resolve) => setImmediate(resolve));
      events.push(`end ${name}`);
    };
    const cleanups = new Cleanups();
    cleanups.defer('unmount', closing('unmount'));
    cleanups.defer('user', closing('user'), { alongside: true });
    cleanups.defer('admin', closing('admin'), { alongside: true });
    await cleanups.run();
    assert.deepEqual(events, ['start admin', 'start user', 'end admin', 'end user', 'start unmount', 'end unmount']);
  });

  it('run every closing of a group even when one throws, and report problems in stack order', async () => {
    const ran: string[] = [];
    const cleanups = new Cleanups();
    cleanups.defer('first', () => void ran.push('first'), { alongside: true });
    cleanups.defer(
      'second',
      async () => {
        ran.push('second');
        throw new Error('could not close the second');
      },
      { alongside: true },
    );
    cleanups.defer(
      'third',
      async () => {
        ran.push('third');
        throw new Error('could not close the third');
      },
      { alongside: true },
    );
    const problems = await cleanups.run();
    assert.deepEqual(ran.sort(), ['first', 'second', 'third']);
    assert.deepEqual(
      problems.map((p) => p.label),
      ['third', 'second'],
    );
  });

  it('keep one by one what is not marked independent', async () => {
    const events: string[] = [];
    const cleanups = new Cleanups();
    for (const name of ['a', 'b'])
      cleanups.defer(name, async () => {
        events.push(`start ${name}`);
        await new Promise((resolve) => setImmediate(resolve));
        events.push(`end ${name}`);
      });
    await cleanups.run();
    assert.deepEqual(events, ['start b', 'end b', 'start a', 'end a']);
  });
});

describe('the Flexi clean-up', () => {
  /** A Flexi client whose every request gets the same answer; it counts the logouts it sent. */
  function flexiAnswering(answer: { status: number; body: string }) {
    const sent: string[] = [];
    const http = new HttpClient({ system: 'flexi', baseUrl: 'https://flexi.test', timeoutMs: 1000, dispatcher: new Agent(), record: () => {} });
    http.send = async (req: HttpRequest): Promise<HttpAnswer> => {
      sent.push(`${req.method} ${req.path}`);
      return {
        status: answer.status,
        headers: new Headers({ 'content-type': 'application/json' }),
        body: answer.body,
        url: http.url(req.path, req.query).href,
      };
    };
    const account = (username: string) => ({ username, password: `${username}-secret-Pa55` });
    const cleanups = new Cleanups();
    const target: FlexiTarget = {
      baseUrl: 'https://flexi.test',
      company: 'demo',
      admin: account('spravce'),
      user: account('franta'),
      otherUser: account('pepa'),
    };
    return { client: new FlexiClient(servicesFor(http, cleanups), target), cleanups, sent, answer };
  }
  const login = { status: 200, body: JSON.stringify({ success: true, authSessionId: 'cleanups-session-5e1f0c9b7d2a4e86' }) };

  it('logs nobody out whose every session the scenario showed dead', async () => {
    const { client, cleanups, sent, answer } = flexiAnswering({ ...login });
    const sessions = [await client.login('user'), await client.login('user')];
    Object.assign(answer, { status: 401, body: '' });
    assert.deepEqual(await client.areLive(sessions), [false, false]);
    sent.length = 0;
    await cleanups.run();
    assert.deepEqual(sent, []);
  });

  it('still logs the user out when a session was shown live, or one was never probed', async () => {
    for (const probed of [2, 1]) {
      const { client, cleanups, sent, answer } = flexiAnswering({ ...login });
      const sessions = [await client.login('user'), await client.login('user')];
      Object.assign(answer, probed === 2 ? { status: 200, body: '{}' } : { status: 401, body: '' });
      await client.areLive(sessions.slice(0, probed));
      Object.assign(answer, { status: 200, body: JSON.stringify({ winstrom: { success: 'true' } }) });
      sent.length = 0;
      await cleanups.run();
      assert.deepEqual(sent, ['POST /status/user/franta/logout.json'], `${probed} probed`);
    }
  });
});

describe('the Mobile Services clean-up', () => {
  it('sends no logout for a session the scenario showed dead, and still closes one it did not', async () => {
    const { scenarios, exchanges } = await runSuite({
      tags: '@sap-mobile-services and (@clause:SAP-1 or @clause:SAP-A2)',
      parameters: { keepExchanges: true, concurrency: 1 },
    });
    const logouts = exchanges.map((list) => list.filter((e) => /\/mobileservices\/sessions/.test(e.request.url)).length);
    const ran = scenarios.filter((s) => s.outcome === 'passed');
    assert.equal(ran.length, 5);
    // SAP-1: one logout, in the scenario; the session was then shown dead. SAP-A2: neither session was probed after the logout, so the clean-up ends both.
    assert.deepEqual(logouts, [1, 1, 1, 1, 3]);
  });
});
