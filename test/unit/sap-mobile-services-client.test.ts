import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Headers } from 'undici';
import { Cleanups } from '../../support/harness/cleanups.ts';
import type { HttpAnswer, HttpClient, HttpRequest } from '../../support/http/client.ts';
import { redact } from '../../support/http/redact/index.ts';
import { SapMobileServicesClient, type LogoutVariant, type SapMobileServicesTarget } from '../../support/systems/sap-mobile-services/client.ts';
import { sapMobileServices } from '../../support/systems/sap-mobile-services/index.ts';
import { servicesFor } from '../support/services.ts';

interface Reply {
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body?: string;
}

/** A token endpoint's answer as a real one sends it. */
const tokenReply = (fields: Record<string, string>): Reply => ({
  status: 200,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ token_type: 'bearer', ...fields }),
});

/** A client whose requests are answered by `reply`; opening a session sets JSESSIONID. Remembers what it sent. */
function clientAnswering(reply: (req: HttpRequest) => Reply = () => ({ status: 204 }), extra: Partial<SapMobileServicesTarget> = {}) {
  const sent: HttpRequest[] = [];
  const cleanups = new Cleanups();
  const http = {
    url: (path: string) => new URL(`http://sap.test${path}`),
    send: async (req: HttpRequest): Promise<HttpAnswer> => {
      sent.push(req);
      if (req.headers?.authorization?.startsWith('Basic ')) {
        req.jar?.set('JSESSIONID', `session-${sent.length}`);
        return { status: 200, headers: new Headers(), body: '{"userName":"u"}', url: `http://sap.test${req.path}` };
      }
      const { status, headers = {}, body = '' } = reply(req);
      return { status, headers: new Headers(headers), body, url: `http://sap.test${req.path}` };
    },
  } as unknown as HttpClient;
  const client = new SapMobileServicesClient(servicesFor(http, cleanups), {
    baseUrl: 'http://sap.test',
    appId: 'com.example.app',
    username: 'u',
    password: 'secret-pw',
    ...extra,
  });
  return { client, sent, cleanups };
}

/** A client of app `a` for user `u` over a fake HTTP client. */
const clientOver = (http: HttpClient, extra: Partial<SapMobileServicesTarget> = {}) =>
  new SapMobileServicesClient(servicesFor(http), { baseUrl: 'http://sap.test', appId: 'a', username: 'u', password: 'secret-pw', ...extra });

const variants: Array<[LogoutVariant, string]> = [
  [{ version: 'v1', method: 'POST' }, '/mobileservices/sessions/logout'],
  [{ version: 'v1', method: 'DELETE' }, '/mobileservices/sessions'],
  [{ version: 'v2', method: 'POST' }, '/mobileservices/sessions/v2/logout'],
  [{ version: 'v2', method: 'DELETE' }, '/mobileservices/sessions/v2'],
];

describe('sap-mobile-services client', () => {
  for (const [variant, path] of variants) {
    it(`sends the ${variant.version} ${variant.method} logout with the session cookie only`, async () => {
      const { client, sent } = clientAnswering();
      const session = await client.openSession();
      assert.equal(await client.logout(variant, session), 204);
      const logout = sent.at(-1);
      assert.equal(`${logout?.method} ${logout?.path}`, `${variant.method} ${path}`);
      assert.deepEqual(Object.keys(logout?.headers ?? {}), [], 'no credentials and no X-SMP-* headers');
      assert.equal(logout?.jar?.header(), session.jar.header());
      assert.notEqual(logout?.jar, session.jar, 'the session keeps its own cookie for the probe');
    });
  }

  it("opens another test user's session as that user, and registers another device of the scenario's user in a session of its own", async () => {
    const { client, sent } = clientAnswering(() => ({ status: 201 }), { moreUsers: [{ username: 'v', password: 'other-pw' }] });
    const other = await client.openSessionOfAnotherUser();
    assert.equal(sent.at(-1)?.headers?.authorization, `Basic ${Buffer.from('v:other-pw').toString('base64')}`);
    assert.match(other.label, /of another test user/);
    const replies: Reply[] = [{ status: 201 }, { status: 200, body: '{}' }];
    const { client: pushing, sent: pushed } = clientAnswering(() => replies.shift() ?? { status: 500 });
    const device = await pushing.registerAnotherDevice();
    assert.deepEqual(
      pushed.map((r) => `${r.method} ${r.path}`),
      [
        'GET /mobileservices/application/com.example.app/roleservice/application/com.example.app/v2/Me',
        `POST /mobileservices/push/v1/runtime/applications/com.example.app/os/android/devices/${device}`,
        `GET /mobileservices/push/v1/runtime/applications/com.example.app/os/android/devices/${device}`,
      ],
    );
  });

  it('reads a dead session against what the configuration leads to expect: 401, or on SAML 200 with the login request', () => {
    const basic = clientAnswering().client;
    assert.deepEqual(basic.deadSessionAnswer({ live: false, status: 401, loginRequest: false }), { seen: '401', expected: '401' });
    assert.deepEqual(basic.deadSessionAnswer({ live: true, status: 200, loginRequest: false }), { seen: 'a live session (200)', expected: '401' });
    const saml = clientAnswering(undefined, { deadSession: 'saml' }).client;
    assert.deepEqual(saml.deadSessionAnswer({ live: false, status: 200, loginRequest: true }), {
      seen: '200 with the login request',
      expected: '200 with the login request',
    });
  });

  it('tells a live session from a dead one: 401, or 200 with the SAML login request', async () => {
    const answers: Reply[] = [
      { status: 200, body: '{}' },
      { status: 401 },
      { status: 200, headers: { 'com.sap.cloud.security.login': 'login-request' }, body: '<html/>' },
    ];
    const { client } = clientAnswering(() => answers.shift() ?? { status: 500 });
    const session = await client.openSession();
    assert.deepEqual(await client.probe(session), { live: true, status: 200, loginRequest: false });
    assert.deepEqual(await client.probe(session), { live: false, status: 401, loginRequest: false });
    assert.deepEqual(await client.probe(session), { live: false, status: 200, loginRequest: true });
  });

  it('names a probe answer that is neither 200 nor 401 in one line', async () => {
    const { client } = clientAnswering(() => ({ status: 302, headers: { location: '/login' } }));
    const session = await client.openSession();
    await assert.rejects(
      client.probe(session),
      (err: Error) =>
        err.name === 'TargetError' &&
        /^\[sap-mobile-services\] GET http:\/\/sap\.test\/mobileservices\/application\/.*\/v2\/Me: the session probe answered 302/.test(err.message) &&
        !err.message.includes('\n'),
    );
  });

  it('refuses a session request that sets no session cookie', async () => {
    const sent: HttpRequest[] = [];
    const http = {
      url: (path: string) => new URL(`http://sap.test${path}`),
      send: async (req: HttpRequest): Promise<HttpAnswer> => (sent.push(req), { status: 200, headers: new Headers(), body: '{}', url: '' }),
    } as unknown as HttpClient;
    const client = clientOver(http, { sessionCookie: 'MYSESSION' });
    await assert.rejects(client.openSession(), /no session for u: answered 200 without a MYSESSION cookie/);
    assert.equal(sent[0]?.headers?.['x-smp-appid'], 'a');
  });

  it('names a token answer that is not JSON in one line', async () => {
    const { client } = clientAnswering(() => ({ status: 502, body: '<html>Bad Gateway</html>' }));
    await assert.rejects(
      client.refreshToken(),
      (err: Error) =>
        err.name === 'TargetError' &&
        /POST http:\/\/sap\.test\/oauth2\/api\/v1\/token: the password grant for u at client com\.example\.app was answered 502, which is not a token answer/.test(
          err.message,
        ),
    );
  });

  it('asks for tokens with a form and the configured client id, and keeps them out of every text', async () => {
    const { client, sent } = clientAnswering(() => tokenReply({ access_token: 'at-9f8e7d6c', refresh_token: 'rt-1a2b3c4d5e' }));
    const token = await client.refreshToken('device-a');
    assert.deepEqual(token, { value: 'rt-1a2b3c4d5e', device: 'device-a', client: 'com.example.app' });
    const form = new URLSearchParams(sent[0]?.body);
    assert.deepEqual([form.get('grant_type'), form.get('client_id'), sent[0]?.headers?.['x-smp-deviceid']], ['password', 'com.example.app', 'device-a']);
    assert.equal(redact('tokens rt-1a2b3c4d5e and at-9f8e7d6c'), 'tokens «redacted» and «redacted»');
  });

  it('logs out every session it opened at the end, also one already logged out, and revokes its tokens with a v2 logout', async () => {
    const { client, sent, cleanups } = clientAnswering((req) =>
      req.path.includes('token') ? tokenReply({ access_token: 'at-cleanup-1', refresh_token: 'rt-cleanup-1' }) : { status: 204 },
    );
    const first = await client.openSession();
    await client.openSession();
    await client.refreshToken();
    await client.logout({ version: 'v1', method: 'DELETE' }, first);
    sent.length = 0;
    assert.deepEqual(await cleanups.run(), []);
    const requests = sent.map((r) => `${r.method} ${r.path.replace(/application\/.*\/v2\/Me/, '…/Me')}`);
    assert.deepEqual(requests, [
      'GET /mobileservices/…/Me',
      'POST /mobileservices/sessions/v2/logout',
      'POST /mobileservices/sessions/v2/logout',
      'POST /mobileservices/sessions/v2/logout',
    ]);
  });

  it('signs in to an OAuth application with a token openid-client obtained, used again for the next session, and a new one when refused', async () => {
    const sent: HttpRequest[] = [];
    let grants = 0;
    let refuse = false;
    const http = {
      url: (path: string) => new URL(`http://sap.test${path}`),
      send: async (req: HttpRequest): Promise<HttpAnswer> => {
        sent.push(req);
        const answer = (status: number, body = '', headers: Record<string, string> = {}) => ({ status, headers: new Headers(headers), body, url: '' });
        if (req.path === '/oauth2/api/v1/token') {
          const { status, headers, body } = tokenReply({ access_token: `at-oauth-${++grants}`, refresh_token: `rt-oauth-${grants}`, expires_in: '3600' });
          return answer(status, body, headers);
        }
        if (refuse && req.headers?.authorization === 'Bearer at-oauth-1') return answer(401);
        req.jar?.set('JSESSIONID', `session-${sent.length}`);
        return answer(200, '{"userName":"u"}');
      },
    } as unknown as HttpClient;
    const client = clientOver(http, { signIn: 'oauth', oauth: { grant: 'password', clientId: 'client-1' } });
    await client.openSession();
    const token = new URLSearchParams(sent[0]?.body);
    assert.deepEqual(
      [sent[0]?.method, token.get('grant_type'), token.get('client_id'), token.get('username'), sent[1]?.headers?.authorization],
      ['POST', 'password', 'client-1', 'u', 'Bearer at-oauth-1'],
    );
    await client.openSession();
    assert.deepEqual([sent.length, sent[2]?.headers?.authorization], [3, 'Bearer at-oauth-1'], 'the access token is used again');
    refuse = true;
    await client.openSession();
    assert.deepEqual(
      sent.slice(3).map((r) => `${r.method} ${r.path.includes('token') ? 'token' : r.headers?.authorization}`),
      ['GET Bearer at-oauth-1', 'POST token', 'GET Bearer at-oauth-2'],
    );
    assert.equal(redact('at-oauth-2 rt-oauth-2'), '«redacted» «redacted»');
  });

  it('takes a sign-in answered 200 with the SAML login request for no session, even with a cookie set', async () => {
    const sent: HttpRequest[] = [];
    const http = {
      url: (path: string) => new URL(`http://sap.test${path}`),
      send: async (req: HttpRequest): Promise<HttpAnswer> => {
        sent.push(req);
        req.jar?.set('JSESSIONID', 'unauthenticated-flow');
        return { status: 200, headers: new Headers({ 'com.sap.cloud.security.login': 'login-request' }), body: '<html/>', url: '' };
      },
    } as unknown as HttpClient;
    const client = new SapMobileServicesClient(servicesFor(http), { baseUrl: 'http://sap.test', appId: 'a', username: 'u', password: 'secret-pw' });
    await assert.rejects(client.openSession(), (err: Error) => err.name === 'TargetError' && /SAML login request.*set signIn to "saml"/.test(err.message));
  });

  it('proves a premise or stops the scenario as broken: a session shown live, a session shown dead', async () => {
    const answers: Reply[] = [{ status: 401 }, { status: 200, body: '{}' }, { status: 401 }];
    const { client, sent } = clientAnswering(() => answers.shift() ?? { status: 500 });
    const session = await client.openSession();
    await assert.rejects(
      client.proveLive(session),
      (err: Error) => err.name === 'TargetError' && /session 1 is not live on its cookie alone \(dead \(401\)\)/.test(err.message),
    );
    await assert.rejects(client.proveDead(session), (err: Error) => err.name === 'TargetError' && /session 1 is live \(live \(200\)\)/.test(err.message));
    const probes = sent.length;
    await client.proveLive(session);
    assert.equal(sent.length, probes, 'the probe just before showed it live on its cookie alone, and no logout was sent since');
    await client.proveDead(session);
    await assert.rejects(client.proveLive(session), /probe answered 500/, 'a probe since showed it dead: it is probed again');
  });

  it('shows a cookie naming no session refused before a logout relies on it', async () => {
    const { client, sent } = clientAnswering(() => ({ status: 200, body: '{}' }));
    await assert.rejects(client.refusedSession(), /a session no server issued is live/);
    assert.match(sent[0]?.jar?.header() ?? '', /^JSESSIONID=c0ffee/);
  });

  it('reads a refresh as usable, refused (a 4xx with an OAuth error, 401 invalid_token too), or a broken target', async () => {
    const answers: Reply[] = [
      { status: 200, body: '{"access_token":"at-1","refresh_token":"rt-2"}' },
      { status: 200, body: '{"access_token":"at-3"}' },
      { status: 401, body: '{"error":"invalid_token"}' },
      { status: 400, body: '{"error":"invalid_grant"}' },
      { status: 500, body: '{"message":"oops"}' },
      { status: 200, body: '{"error":"invalid_grant"}' },
    ];
    const { client } = clientAnswering(() => answers.shift() ?? { status: 500 });
    const token = { value: 'rt-1', device: 'd', client: 'c' };
    const used = await client.useRefreshToken(token);
    assert.deepEqual([used.usable, used.next], [true, { value: 'rt-2', device: 'd', client: 'c' }]);
    assert.deepEqual((await client.useRefreshToken(token)).next, token, 'no rotation: the token used is still the one to hold');
    assert.deepEqual([(await client.useRefreshToken(token)).usable, (await client.useRefreshToken(token)).usable], [false, false]);
    await assert.rejects(
      client.useRefreshToken(token),
      (err: Error) => err.name === 'TargetError' && /a refresh grant answered 500, neither/.test(err.message),
    );
    await assert.rejects(client.useRefreshToken(token), (err: Error) => err.name === 'TargetError' && /answered 200 invalid_grant/.test(err.message));
  });

  it('counts a clean-up logout that answers anything but 204 against SAP-3, and names what removing a push registration may leave', async () => {
    const { client, cleanups } = clientAnswering((req) => {
      if (req.method === 'POST' && req.path.startsWith('/mobileservices/push/')) return { status: 201 };
      if (req.method === 'GET' && req.path.startsWith('/mobileservices/push/')) return { status: 200, body: '{}' };
      if (req.path.includes('token'))
        return { status: 200, headers: { 'content-type': 'application/json' }, body: '{"access_token":"at-7","refresh_token":"rt-7","token_type":"bearer"}' };
      return { status: 401 };
    });
    const session = await client.openSession();
    await client.registerDevice(session);
    await client.refreshToken();
    const problems = await cleanups.run();
    assert.deepEqual(
      problems.map((p) => [p.kind, p.clause]),
      [
        ['nonconformance', 'SAP-3'],
        ['left-open', undefined],
        ['nonconformance', 'SAP-3'],
      ],
    );
    assert.match(problems[1]?.message ?? '', /the push registration of conformance-device-1 may be left on the server: the v1 POST logout answered 401/);
    assert.match(problems[0]?.message ?? '', /revoking the test user's refresh tokens answered 401; it always answers 204/);
  });

  it('closes in two rounds: the push removals, then every v2 logout together; no last revocation once each token held was refused', async () => {
    const { client, sent, cleanups } = clientAnswering((req) => {
      if (req.method === 'POST' && req.path.startsWith('/mobileservices/push/')) return { status: 201 };
      if (req.method === 'GET' && req.path.startsWith('/mobileservices/push/')) return { status: 200, body: '{}' };
      if (req.path.includes('token'))
        return String(req.body).includes('grant_type=password')
          ? { status: 200, headers: { 'content-type': 'application/json' }, body: '{"access_token":"at-1","refresh_token":"rt-1","token_type":"bearer"}' }
          : { status: 400, headers: { 'content-type': 'application/json' }, body: '{"error":"invalid_grant"}' };
      return { status: 204 };
    });
    const first = await client.openSession();
    const second = await client.openSession();
    await client.registerDevice(first);
    assert.equal((await client.useRefreshToken(await client.refreshToken(first.device))).usable, false);
    const from = sent.length;
    assert.deepEqual(await cleanups.run(), []);
    // A v2 logout may end every session of the user, the removal's own included: the removal goes first, in the
    // device's session, live since the read-back with no logout sent: no sign-in of its own, and that session's
    // closing is done by it. Then the other session's v2 logout.
    assert.deepEqual(
      sent.slice(from).map((r) => `${r.method} ${r.path.replace(/application\/.*\/Me$/, 'Me')} ${r.jar?.header()}`),
      [`POST /mobileservices/sessions/logout ${first.jar.header()}`, `POST /mobileservices/sessions/v2/logout ${second.jar.header()}`],
    );
  });

  it("leaves the revocation of the refresh tokens to the closing of a session shown live since the last logout, failing in the revocation's words", async () => {
    const { client, sent, cleanups } = clientAnswering((req) => {
      if (req.path.includes('token')) return tokenReply({ access_token: 'at-carried', refresh_token: 'rt-carried' });
      return req.method === 'GET' ? { status: 200, body: '{}' } : { status: 401 };
    });
    const ended = await client.openSession();
    const session = await client.openSession();
    await client.refreshToken();
    await client.logout({ version: 'v1', method: 'POST' }, ended);
    await client.proveLive(session);
    const from = sent.length;
    const problems = await cleanups.run();
    assert.deepEqual(
      sent.slice(from).map((r) => `${r.method} ${r.path}${r.headers?.authorization ? ' (sign-in)' : ''}`),
      ['POST /mobileservices/sessions/v2/logout', 'POST /mobileservices/sessions/v2/logout'],
      'no sign-in for a revocation of its own',
    );
    assert.deepEqual(
      problems.map((p) => [p.label, p.message.replace(/;.*/, '')]),
      [
        ['log out Mobile Services session 2', "the v2 POST logout revoking the test user's refresh tokens answered 401"],
        ['log out Mobile Services session 1', 'the v2 POST logout of session 1 answered 401, so it may still be open'],
      ],
    );
  });

  it('signs in beside a refresh after a logout that left no session known live, for the closing that revokes the tokens at the end', async () => {
    const { client, sent, cleanups } = clientAnswering((req) =>
      req.path.includes('token') ? tokenReply({ access_token: 'at-kept', refresh_token: 'rt-kept' }) : { status: req.method === 'GET' ? 200 : 204 },
    );
    const session = await client.openSession();
    const token = await client.refreshToken(session.device);
    await client.logout({ version: 'v1', method: 'POST' }, session);
    const said = (from: number) =>
      sent
        .slice(from)
        .map((r) => `${r.method} ${r.path.replace(/application\/.*\/Me$/, 'Me')}${r.headers?.authorization?.startsWith('Basic') ? ' (sign-in)' : ''}`);
    const refreshed = sent.length;
    assert.equal((await client.useRefreshToken(token)).usable, true);
    assert.deepEqual(said(refreshed), ['POST /oauth2/api/v1/token', 'GET /mobileservices/Me (sign-in)']);
    const closed = sent.length;
    await cleanups.run();
    assert.deepEqual(said(closed), ['POST /mobileservices/sessions/v2/logout', 'POST /mobileservices/sessions/v2/logout'], 'no sign-in of its own');
  });

  it('takes the handed-in SAML session from its Cookie header, probes it on its own application, and logs it out at the end', async () => {
    const { client, sent, cleanups } = clientAnswering(() => ({ status: 204 }), {
      samlSession: { cookie: 'JSESSIONID=browser-1; __VCAP_ID__=v-1', appId: 'com.example.saml' },
    });
    const session = client.handedInSession();
    await assert.rejects(client.probe(session), /the session probe answered 204/);
    assert.equal(sent[0]?.path, '/mobileservices/application/com.example.saml/roleservice/application/com.example.saml/v2/Me');
    assert.equal(sent[0]?.jar?.header(), 'JSESSIONID=browser-1; __VCAP_ID__=v-1');
    // The probe is sent again, then its control: a logout with no session, answered 204 as documented.
    assert.equal(`${sent[2]?.method} ${sent[2]?.path} ${sent[2]?.jar?.header() ?? ''}`, 'POST /mobileservices/sessions/v2/logout ');
    assert.deepEqual(await cleanups.run(), []);
    assert.equal(
      `${sent[3]?.method} ${sent[3]?.path} ${sent[3]?.jar?.header()}`,
      'POST /mobileservices/sessions/v2/logout JSESSIONID=browser-1; __VCAP_ID__=v-1',
    );
  });
});

describe('sap-mobile-services live targets', () => {
  const target = { baseUrl: 'https://sap.test', appId: 'app', username: 'u', password: 'p' };
  const saml = { cookie: 'JSESSIONID=x' };
  const cases: Array<[string, SapMobileServicesTarget, string[], RegExp | undefined]> = [
    ['a Basic application runs the sign-in scenarios', target, ['@clause:SAP-1'], undefined],
    [
      'a SAML application leaves the sign-in scenarios unverified',
      { ...target, deadSession: 'saml' },
      ['@clause:SAP-1'],
      /signs the test user in with its password/,
    ],
    [
      'a SAML application runs the scenarios that sign no one in',
      { ...target, deadSession: 'saml', samlSession: saml },
      ['@clause:SAP-7', '@no-sign-in'],
      undefined,
    ],
    ['a handed-in session of a Basic application cannot verify SAP-7', { ...target, samlSession: saml }, ['@clause:SAP-7', '@no-sign-in'], /not "saml"/],
    [
      'a SAML application beside the Basic one verifies SAP-7',
      { ...target, samlSession: { ...saml, appId: 'saml-app' } },
      ['@clause:SAP-7', '@no-sign-in'],
      undefined,
    ],
  ];
  for (const [name, config, tags, reason] of cases) {
    it(name, () => {
      const said = sapMobileServices.notVerifiedLive(config, tags);
      if (reason) assert.match(said ?? '', reason);
      else assert.equal(said, undefined);
    });
  }

  it('the across-clients SAP-6 needs oauth.otherClientId; an OAuth application runs it with one', () => {
    const tags = ['@clause:SAP-6', '@needs:oauth'];
    assert.match(sapMobileServices.notVerifiedLive({ ...target, oauth: {} }, tags) ?? '', /needs oauth\.otherClientId/);
    assert.equal(sapMobileServices.notVerifiedLive({ ...target, signIn: 'oauth', oauth: { grant: 'password', otherClientId: 'c2' } }, tags), undefined);
  });

  it('an authorization_code OAuth application on a machine without Chromium: its sign-in scenarios are not verified, naming what to install', () => {
    const before = process.env.CONFORMANCE_CHROMIUM;
    process.env.CONFORMANCE_CHROMIUM = '/nonexistent/chromium';
    try {
      const oauth = { ...target, signIn: 'oauth', oauth: { redirectUri: 'https://app.test/cb' } } as const;
      assert.match(sapMobileServices.notVerifiedLive(oauth, ['@clause:SAP-1']) ?? '', /authorization page.*Chromium.*oauth\.grant to "password"/);
      assert.equal(sapMobileServices.notVerifiedLive(oauth, ['@clause:SAP-3', '@no-sign-in']), undefined, 'a scenario that signs no one in runs');
      assert.equal(
        sapMobileServices.notVerifiedLive({ ...oauth, oauth: { grant: 'password' } }, ['@clause:SAP-1']),
        undefined,
        'the password grant needs no browser',
      );
    } finally {
      if (before === undefined) delete process.env.CONFORMANCE_CHROMIUM;
      else process.env.CONFORMANCE_CHROMIUM = before;
    }
  });
});
