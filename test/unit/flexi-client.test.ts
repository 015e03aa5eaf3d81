import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Agent, Headers } from 'undici';
import { HttpClient, type HttpAnswer, type HttpRequest } from '../../support/http/client.ts';
import { TargetError } from '../../support/http/errors.ts';
import { Nonconformance } from '../../support/verdicts.ts';
import { FlexiClient, FlexiSession, FlexiWebSession, type FlexiTarget } from '../../support/systems/flexi/client.ts';
import { CookieJar } from '../../support/http/cookie-jar.ts';
import { servicesFor } from '../support/services.ts';

const account = (username: string) => ({ username, password: `${username}-secret-Pa55` });

/** A Flexi client below `baseUrl` whose every request gets this answer; it remembers what it sent. */
function clientAnswering(answer: { status: number; headers?: Record<string, string>; body?: string }, baseUrl = 'https://flexi.test:5434') {
  const sent: HttpRequest[] = [];
  const http = new HttpClient({ system: 'flexi', baseUrl, timeoutMs: 1000, dispatcher: new Agent(), record: () => {} });
  http.send = async (req: HttpRequest): Promise<HttpAnswer> => {
    sent.push(req);
    return { status: answer.status, headers: new Headers(answer.headers ?? {}), body: answer.body ?? '', url: http.url(req.path, req.query).href };
  };
  const target: FlexiTarget = {
    baseUrl,
    company: 'demo',
    admin: account('spravce'),
    user: account('franta'),
    otherUser: account('pepa'),
    webLogin: { path: '/login-logout/login' },
  };
  return { client: new FlexiClient(servicesFor(http), target), sent };
}

describe('flexi client: where a 303 leads', () => {
  const cases: [string, string, string, string][] = [
    ['a relative Location', 'https://flexi.test:5434', '/status/user', '/status/user'],
    ['an absolute Location on the target (RFC 9110)', 'https://flexi.test:5434', 'https://flexi.test:5434/status/user', '/status/user'],
    ['a Location relative to the request path', 'https://flexi.test:5434', '../../user', '/status/user'],
    ['an absolute Location below a base path', 'https://flexi.test/erp', 'https://flexi.test/erp/status/user', '/status/user'],
    // Scheme and host are recorded, not judged: a front end may name its own origin (the documents leave it open).
    ['a Location on another origin (a front end)', 'https://flexi.test:5434', 'http://elsewhere.test/status/user', '/status/user'],
    ['a Location on another port', 'https://flexi.test:5434', 'https://flexi.test/status/user', '/status/user'],
    ['a Location on another origin below the base path', 'https://flexi.test/erp', 'https://front.test/erp/status/user', '/status/user'],
    ['a Location outside the base path', 'https://flexi.test/erp', '/status/user', 'https://flexi.test/status/user'],
    ['a Location on another origin with another path', 'https://flexi.test:5434', 'https://elsewhere.test/status/users', '/status/users'],
  ];
  for (const [what, baseUrl, location, redirect] of cases) {
    it(`${what}: ${location} → ${redirect}`, async () => {
      const { client } = clientAnswering({ status: 303, headers: { location } }, baseUrl);
      const answer = await client.logoutUser({ basic: 'admin' }, 'user', { format: 'html' });
      assert.equal(answer.redirect, redirect);
      assert.equal(answer.location, new URL(location, `${baseUrl}/status/user/franta/logout`).href, 'the Location is recorded as it resolved');
    });
  }

  it('a Location that is no URL is a broken answer, not a nonconformance', async () => {
    const { client } = clientAnswering({ status: 303, headers: { location: 'http://[bad' } });
    await assert.rejects(client.logoutUser({ basic: 'admin' }, 'user', { format: 'html' }), TargetError);
  });
});

describe("flexi client: ending a user's sessions (the 'not logged in' premise and the clean-up)", () => {
  it("sends the administrator's logout with ignore-not-found=true by HTTP authentication", async () => {
    const { client, sent } = clientAnswering({ status: 200, headers: { 'content-type': 'application/json' }, body: '{"winstrom":{"success":"true"}}' });
    await client.endSessionsOf('other user');
    assert.equal(sent[0]?.path, '/status/user/pepa/logout.json');
    assert.deepEqual(sent[0]?.query, { 'ignore-not-found': 'true' });
    assert.match(sent[0]?.headers?.authorization ?? '', /^Basic /);
  });

  it('a 404 despite ignore-not-found=true is a nonconformance on FLX-4', async () => {
    const { client } = clientAnswering({ status: 404, headers: { 'content-type': 'application/json' }, body: '{"winstrom":{"success":"false"}}' });
    await assert.rejects(client.endSessionsOf('user'), (err: unknown) => err instanceof Nonconformance && err.clause === 'FLX-4');
  });

  for (const status of [401, 403, 500]) {
    it(`a ${status} is not a verdict: it names the user whose sessions may remain`, async () => {
      const { client } = clientAnswering({ status, headers: { 'content-type': 'application/json' }, body: '{"winstrom":{"success":"false"}}' });
      await assert.rejects(
        client.endSessionsOf('user'),
        (err: unknown) => err instanceof TargetError && /franta's sessions may still be open/.test(err.message),
      );
    });
  }

  it('an unreadable answer names the user too', async () => {
    const { client } = clientAnswering({ status: 502, headers: { 'content-type': 'application/json' }, body: '<html>Bad Gateway</html>' });
    await assert.rejects(
      client.endSessionsOf('user'),
      (err: unknown) => err instanceof TargetError && !(err instanceof Nonconformance) && /franta's sessions may still be open/.test(err.message),
    );
  });
});

describe('flexi client: whether a web-interface session is live', () => {
  const web = () => new FlexiWebSession('user', new CookieJar());
  const cases: [string, { status: number; headers?: Record<string, string> }, boolean | 'broken'][] = [
    ['200: the page opened', { status: 200 }, true],
    ['401', { status: 401 }, false],
    ['a redirect to the login form', { status: 302, headers: { location: '/login-logout/login' } }, false],
    ['a redirect elsewhere: the probe page is misconfigured', { status: 302, headers: { location: '/c/demo/' } }, 'broken'],
    ['a 500', { status: 500 }, 'broken'],
  ];
  for (const [what, answer, expected] of cases) {
    it(`${what} → ${expected}`, async () => {
      const { client } = clientAnswering(answer);
      if (expected === 'broken') await assert.rejects(client.webIsLive(web()), TargetError);
      else assert.equal(await client.webIsLive(web()), expected);
    });
  }

  it('a fresh web session that does not open the page is a targets-file problem, not a finding on FLX-11', async () => {
    const { client } = clientAnswering({ status: 302, headers: { location: '/login-logout/login' } });
    await assert.rejects(client.proveWebSession(web()), (err: unknown) => err instanceof TargetError && /check webLogin/.test(err.message));
  });

  it('a web login that sets no cookie is a broken target description, not a nonconformance', async () => {
    const { client } = clientAnswering({ status: 200, body: '<html>login</html>' });
    await assert.rejects(client.webLogin('user'), (err: unknown) => err instanceof TargetError && /webLogin/.test(err.message));
  });
});

describe('flexi client: what a logout answer shows (the documents fix the status and the format, not the body)', () => {
  const cases: [string, { headers?: Record<string, string>; body?: string }, 'json' | 'xml' | 'html' | undefined][] = [
    ['a JSON Content-Type and no body', { headers: { 'content-type': 'application/json' } }, 'json'],
    ['text/xml and no body', { headers: { 'content-type': 'text/xml; charset=utf-8' } }, 'xml'],
    ['a JSON Content-Type and a body that is not JSON (left open)', { headers: { 'content-type': 'application/json' }, body: 'OK' }, 'json'],
    ['no Content-Type, a JSON body', { body: '{"ok":true}' }, 'json'],
    ['no Content-Type, an XML body', { body: '<result>ok</result>' }, 'xml'],
    ['text/plain and an HTML page (an HTML call)', { headers: { 'content-type': 'text/plain' }, body: '<!DOCTYPE html><html></html>' }, 'html'],
    ['no Content-Type and no body: nothing decides', {}, undefined],
    ['text/plain and a word: nothing decides', { headers: { 'content-type': 'text/plain' }, body: 'OK' }, undefined],
  ];
  for (const [what, answer, kind] of cases) {
    it(`${what} → ${kind ?? 'undecided, with the reason'}`, async () => {
      const { client } = clientAnswering({ status: 200, ...answer });
      const read = await client.logoutUser({ basic: 'admin' }, 'user', { format: kind === 'html' ? 'html' : 'json' });
      assert.equal(read.kind, kind);
      assert.ok(read.kindBy.length > 0);
    });
  }
  it("an HTML page where JSON is due is not the system's answer: broken, never read as a format", async () => {
    const { client } = clientAnswering({ status: 200, headers: { 'content-type': 'text/plain' }, body: '<!DOCTYPE html><html></html>' });
    await assert.rejects(
      client.logoutUser({ basic: 'admin' }, 'user', { format: 'json' }),
      (err: unknown) => err instanceof TargetError && /not the system's protocol/.test(err.message),
    );
  });

  const envelopes: [string, { headers: Record<string, string>; body: string }, string][] = [
    [
      'JSON, success "false"',
      { headers: { 'content-type': 'application/json' }, body: '{"winstrom":{"@version":"1.0","success":"false"}}' },
      'winstrom success="false"',
    ],
    ['JSON, success false as a boolean', { headers: { 'content-type': 'application/json' }, body: '{"winstrom":{"success":false}}' }, 'winstrom success=false'],
    [
      'XML',
      { headers: { 'content-type': 'application/xml' }, body: '<winstrom version="1.0"><success>false</success></winstrom>' },
      'winstrom success="false"',
    ],
    ['a bare JSON error', { headers: { 'content-type': 'application/json' }, body: '{"error":"forbidden"}' }, 'no winstrom envelope'],
  ];
  for (const [what, answer, envelope] of envelopes) {
    it(`the error envelope of ${what}`, async () => {
      const { client } = clientAnswering({ status: 403, ...answer });
      const shown = client.errorEnvelope(await client.logoutUser({ session: new FlexiSession('user', 'franta', 'id') }, 'other user', { format: 'json' }));
      assert.ok(shown.observed.startsWith(envelope), shown.observed);
      assert.equal(
        shown.observed === shown.expected,
        envelope === 'winstrom success="false"',
        'only the documented envelope holds (booleans are strings in JSON)',
      );
    });
  }
});
