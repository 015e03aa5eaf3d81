import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Headers } from 'undici';
import { Cleanups } from '../../support/harness/cleanups.ts';
import type { HttpAnswer, HttpClient, HttpRequest } from '../../support/http/client.ts';
import { acumatica } from '../../support/systems/acumatica/index.ts';
import { AcumaticaClient, urlFormOf, type AcumaticaTarget } from '../../support/systems/acumatica/client.ts';
import { servicesFor } from '../support/services.ts';

const BASE = 'http://acumatica.test/AcumaticaDB';

/**
 * A client whose requests get the answers of `reply` (by method and path), and
 * which remembers what it sent.
 */
function clientAnswering(reply: (req: HttpRequest) => number, target: Partial<AcumaticaTarget> = {}) {
  const sent: HttpRequest[] = [];
  const http = {
    url: (path: string) => new URL(BASE + path),
    send: async (req: HttpRequest): Promise<HttpAnswer> => {
      sent.push(req);
      return { status: reply(req), headers: new Headers(), body: '', url: BASE + req.path };
    },
  } as unknown as HttpClient;
  const cleanups = new Cleanups();
  const client = new AcumaticaClient(servicesFor(http, cleanups), { baseUrl: BASE, username: 'u', password: 'secret-pw', ...target });
  return { client, cleanups, sent };
}

const isSignOut = (req: HttpRequest) => req.path === '/entity/auth/logout';
const isSignIn = (req: HttpRequest) => req.path === '/entity/auth/login';

describe('Acumatica client: the sign-out statuses the document lists', () => {
  const documented: Array<[number, string]> = [
    [204, 'signed out'],
    [400, 'invalid data'],
    [429, 'licence request limit exceeded'],
    [500, 'internal server error'],
  ];
  for (const [status, meaning] of documented) {
    it(`reads ${status} as "${meaning}"`, async () => {
      const { client } = clientAnswering(() => status);
      assert.deepEqual(await client.signOut(), { status, meaning });
    });
  }
  for (const status of [200, 202, 401, 404, 501]) {
    it(`reads ${status} as a status the document does not list`, async () => {
      const { client } = clientAnswering(() => status);
      assert.deepEqual(await client.signOut(), { status, meaning: undefined });
    });
  }
  for (const status of [502, 503, 504]) {
    it(`reads ${status} as a gateway's answer, not the system's: broken (TargetError), never a status to judge`, async () => {
      const { client } = clientAnswering(() => status);
      await assert.rejects(client.signOut(), (err: Error) => err.name === 'TargetError' && /answered \d+, a gateway's status/.test(err.message));
    });
  }
});

describe('Acumatica client: the clean-up of a session', () => {
  it('signs out a session the scenario left open, and reports nothing when that answers 204', async () => {
    const { client, cleanups, sent } = clientAnswering(() => 204);
    await client.signIn();
    assert.deepEqual(await cleanups.run(), []);
    assert.deepEqual(
      sent.map((r) => r.path),
      ['/entity/auth/login', '/entity/auth/logout'],
    );
  });

  it('sends nothing for a session the scenario showed closed (an entity call answered 401)', async () => {
    const { client, cleanups, sent } = clientAnswering((req) => (isSignIn(req) ? 204 : 401));
    const session = await client.signIn();
    assert.equal(await client.authorizes(session), false);
    assert.deepEqual(await cleanups.run(), []);
    assert.equal(sent.filter(isSignOut).length, 0);
  });

  it("reports a sign-out answered by a gateway's 502 as possibly left open, never against ACU-3", async () => {
    const { client, cleanups } = clientAnswering((req) => (isSignOut(req) ? 502 : 204));
    await client.signIn();
    const [problem, ...rest] = await cleanups.run();
    assert.deepEqual(rest, []);
    assert.equal(problem?.kind, 'left-open');
  });

  for (const status of [202, 501]) {
    it(`counts a sign-out answering ${status}, which the document does not list, against ACU-3`, async () => {
      const { client, cleanups } = clientAnswering((req) => (isSignOut(req) ? status : 204));
      await client.signIn();
      const [problem, ...rest] = await cleanups.run();
      assert.deepEqual(rest, []);
      assert.equal(problem?.kind, 'nonconformance');
      assert.equal(problem?.clause, 'ACU-3');
      assert.match(problem?.message ?? '', new RegExp(`answered ${status}, which the sign-out document does not list`));
    });
  }

  for (const status of [400, 429, 500]) {
    it(`reports a session whose sign-out answered the documented ${status} as left open, holding a seat`, async () => {
      const { client, cleanups } = clientAnswering((req) => (isSignOut(req) ? status : 204));
      await client.signIn();
      const problems = await cleanups.run();
      assert.equal(problems.length, 1);
      assert.equal(problems[0]?.kind, 'left-open');
      assert.match(problems[0]?.message ?? '', /holds an API-user seat until its 10-minute time-out/);
    });
  }

  it('reports a session that still authorized entity calls after a 204 sign-out as left open, after signing it out again', async () => {
    const { client, cleanups, sent } = clientAnswering((req) => (isSignIn(req) || isSignOut(req) ? 204 : 200));
    const session = await client.signIn();
    await client.signOut(session);
    assert.equal(await client.authorizes(session), true);
    const problems = await cleanups.run();
    assert.equal(problems.length, 1);
    assert.equal(problems[0]?.kind, 'left-open');
    assert.match(problems[0]?.message ?? '', /after a 204 sign-out; it may hold an API-user seat/);
    assert.equal(sent.filter(isSignOut).length, 2);
  });

  it('leaves a session alone that signed out with 204 in the scenario', async () => {
    const { client, cleanups, sent } = clientAnswering(() => 204);
    await client.signOut(await client.signIn());
    assert.deepEqual(await cleanups.run(), []);
    assert.equal(sent.filter(isSignOut).length, 1);
  });
});

describe('Acumatica client: premises', () => {
  it('calls a fresh session whose entity call answers 401 a broken probe, not a finding', async () => {
    const { client } = clientAnswering((req) => (isSignIn(req) ? 204 : 401));
    const session = await client.signIn();
    await assert.rejects(client.proveAlive(session), (err: Error) => err.name === 'TargetError' && /session just signed in; check probePath/.test(err.message));
  });

  it('holds every seat apiUserLimit names, and calls a licence that admits one more misdeclared (broken), closing that session too', async () => {
    const { client, cleanups, sent } = clientAnswering(() => 204, { apiUserLimit: 2 });
    assert.equal((await client.signInEveryFreeSeat()).sessions.length, 2);
    await assert.rejects(client.proveLicenceFull(), (err: Error) => err.name === 'TargetError' && /beyond apiUserLimit \(2\) was admitted/.test(err.message));
    assert.deepEqual(await cleanups.run(), []);
    assert.equal(sent.filter(isSignOut).length, 3, 'every session opened, the extra one too, is signed out');
  });

  it('accepts any refusal of the sign-in beyond the limit (its status is not documented)', async () => {
    let signIns = 0;
    const { client } = clientAnswering((req) => (isSignIn(req) ? (++signIns > 1 ? 500 : 204) : 204), { apiUserLimit: 1 });
    await client.signInEveryFreeSeat();
    assert.equal((await client.proveLicenceFull()).status, 500);
  });

  it('measures the free seats: signs in until the licence refuses with its limit answer, a seat held elsewhere simply not among them', async () => {
    let signIns = 0;
    const { client } = clientAnswering((req) => (isSignIn(req) ? (++signIns > 1 ? 429 : 204) : 204), { apiUserLimit: 2 });
    const seats = await client.signInEveryFreeSeat();
    assert.equal(seats.sessions.length, 1);
    assert.equal(seats.refusal?.kind, 'none-free');
  });

  it('with no seat free from the start, a sign-in is not verified with the reason, never broken', async () => {
    const { client } = clientAnswering((req) => (isSignIn(req) ? 429 : 204));
    assert.deepEqual(await client.signInOnAFreeSeat(), {
      notVerified: 'no API-user seat of the licence is free: every one is held by sessions from outside this run',
    });
  });

  it('a refusal that is not the limit answer is still a broken sign-in (the credentials)', async () => {
    const { client } = clientAnswering((req) => (isSignIn(req) ? 401 : 204));
    await assert.rejects(client.signInOnAFreeSeat(), (err: Error) => err.name === 'TargetError' && /sign-in refused with 401/.test(err.message));
  });

  it('signs in with a JSON body, or a form-urlencoded one, with the same fields', async () => {
    const { client, sent } = clientAnswering(() => 204, { tenant: 'Company' });
    await client.trySignIn('json');
    await client.trySignIn('form');
    assert.deepEqual(
      sent.map((r) => [r.headers?.['content-type'], r.body]),
      [
        ['application/json', '{"name":"u","password":"secret-pw","tenant":"Company"}'],
        ['application/x-www-form-urlencoded', 'name=u&password=secret-pw&tenant=Company'],
      ],
    );
  });

  it('refuses to fill the seats without apiUserLimit: a harness error naming the entry', async () => {
    const { client } = clientAnswering(() => 204);
    await assert.rejects(client.signInEveryFreeSeat(), (err: Error) => err.name === 'HarnessError' && /systems\.acumatica\.apiUserLimit/.test(err.message));
  });
});

describe('Acumatica: which URL form a live target verifies (ACU-7)', () => {
  const target = (baseUrl: string) => ({ baseUrl, username: 'u', password: 'p' });
  it('tells an instance path from the site root', () => {
    assert.equal(urlFormOf('https://erp.example.com/MyInstance'), 'instance-path');
    assert.equal(urlFormOf('https://erp.example.com/MyInstance/'), 'instance-path');
    assert.equal(urlFormOf('https://erp.example.com'), 'site-root');
    assert.equal(urlFormOf('https://erp.example.com/'), 'site-root');
  });
  it("reports the scenario for the other form as not verified, naming why, and lets the target's own form run", () => {
    assert.match(
      acumatica.notVerifiedLive(target('https://erp.example.com/MyInstance'), ['@acumatica', '@site-root']) ?? '',
      /is the root of its website\) is not the targets file's: its baseUrl names an instance/,
    );
    assert.equal(acumatica.notVerifiedLive(target('https://erp.example.com/MyInstance'), ['@acumatica', '@instance-path']), undefined);
    assert.match(
      acumatica.notVerifiedLive(target('https://erp.example.com/'), ['@instance-path']) ?? '',
      /names an instance\) is not the targets file's: its baseUrl is the root of its website/,
    );
    assert.equal(acumatica.notVerifiedLive(target('https://erp.example.com'), ['@site-root']), undefined);
    assert.equal(acumatica.notVerifiedLive(target('https://erp.example.com'), ['@clause:ACU-1']), undefined);
  });
});
