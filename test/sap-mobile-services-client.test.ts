import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Headers } from 'undici';
import { Cleanups } from '../support/harness/cleanups.ts';
import type { HttpAnswer, HttpClient, HttpRequest } from '../support/http/client.ts';
import { redact } from '../support/http/redact.ts';
import { SapMobileServicesClient, type LogoutVariant } from '../support/systems/sap-mobile-services/client.ts';

interface Reply {
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body?: string;
}

/** A client whose requests are answered by `reply`; opening a session sets JSESSIONID. Remembers what it sent. */
function clientAnswering(reply: (req: HttpRequest) => Reply = () => ({ status: 204 })) {
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
  const client = new SapMobileServicesClient({ http, cleanups }, { baseUrl: 'http://sap.test', appId: 'com.example.app', username: 'u', password: 'secret-pw' });
  return { client, sent, cleanups };
}

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
    await assert.rejects(client.probe(session), (err: Error) => err.name === 'TargetError' && /^\[sap-mobile-services\] GET http:\/\/sap\.test\/mobileservices\/application\/.*\/v2\/Me: the session probe answered 302/.test(err.message) && !err.message.includes('\n'));
  });

  it('refuses a session request that sets no session cookie', async () => {
    const sent: HttpRequest[] = [];
    const http = {
      url: (path: string) => new URL(`http://sap.test${path}`),
      send: async (req: HttpRequest): Promise<HttpAnswer> => (sent.push(req), { status: 200, headers: new Headers(), body: '{}', url: '' }),
    } as unknown as HttpClient;
    const client = new SapMobileServicesClient({ http, cleanups: new Cleanups() }, { baseUrl: 'http://sap.test', appId: 'a', username: 'u', password: 'secret-pw', sessionCookie: 'MYSESSION' });
    await assert.rejects(client.openSession(), /no session: answered 200 without a MYSESSION cookie/);
    assert.equal(sent[0]?.headers?.['x-smp-appid'], 'a');
  });

  it('names a token answer that is not JSON in one line', async () => {
    const { client } = clientAnswering(() => ({ status: 502, body: '<html>Bad Gateway</html>' }));
    await assert.rejects(client.refreshToken(), (err: Error) => err.name === 'TargetError' && /POST http:\/\/sap\.test\/oauth2\/api\/v1\/token: the token endpoint answered 502 with a body that is not JSON$/.test(err.message));
  });

  it('asks for tokens with a form and the configured client id, and keeps them out of every text', async () => {
    const { client, sent } = clientAnswering(() => ({ status: 200, body: '{"access_token":"at-9f8e7d6c","refresh_token":"rt-1a2b3c4d5e"}' }));
    const token = await client.refreshToken('device-a');
    assert.deepEqual(token, { value: 'rt-1a2b3c4d5e', device: 'device-a' });
    const form = new URLSearchParams(sent[0]?.body);
    assert.deepEqual([form.get('grant_type'), form.get('client_id'), sent[0]?.headers?.['x-smp-deviceid']], ['password', 'com.example.app', 'device-a']);
    assert.equal(redact('tokens rt-1a2b3c4d5e and at-9f8e7d6c'), 'tokens «redacted» and «redacted»');
  });

  it('logs out every session it opened at the end, also one already logged out, and revokes its tokens with a v2 logout', async () => {
    const { client, sent, cleanups } = clientAnswering((req) => (req.path.includes('token') ? { status: 200, body: '{"refresh_token":"rt-cleanup-1"}' } : { status: 204 }));
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
});
