import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { BrowserMissing, HeadlessChromium, type LoginForm } from '../../support/browser/browser.ts';
import { onPath } from '../../support/browser/chromium.ts';
import { TargetError } from '../../support/http/errors.ts';
import { redact } from '../../support/http/redact/index.ts';
import { chromiumForTheseTests } from '../support/browser-scope.ts';
import { CHROMIUM, FULL_CHROMIUM, needs } from '../support/prerequisites.ts';

// The browser module against a small login flow of its own: an application that sends
// the browser to a login form, whose submission posts a message back (as an IdP's
// SAMLResponse), which sets the application's cookie and redirects to it.

const browserNeeded = needs([CHROMIUM]);
const PASSWORD = 'browser-test-Pa55!';
const MESSAGE = Buffer.from('<samlp:Response ID="_b0d1e5"><Assertion>browser-test</Assertion></samlp:Response>').toString('base64');
const FORM: LoginForm = { username: '#j_username', password: '#j_password', submit: '#logOnFormSubmit' };

/** What the server saw of a flow that a fresh browser would not bring: a cookie on the first page load, stored data, a header of an earlier flow. */
const carried = { cookie: 0, storage: 0, header: 0 };
/** Set once the flow that sends the x-flow header has ended. */
let afterFirstFlow = false;

const server = createServer((req, res) => {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  let body = '';
  req.on('data', (chunk: Buffer) => (body += chunk.toString()));
  req.on('end', () => {
    if (afterFirstFlow && req.headers['x-flow']) carried.header++;
    if (path === '/stored') return void (carried.storage++, res.writeHead(204).end());
    if (path === '/app') {
      if (req.headers.cookie && !req.headers.referer) carried.cookie++;
      if (req.headers.cookie?.includes('APPSESSION=')) return void res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      return void res
        .writeHead(200, { 'content-type': 'text/html' })
        .end('<html><body><script>location.replace("/login?SAMLRequest=abc")</script></body></html>');
    }
    if (path === '/login' && req.method === 'GET')
      return void res.writeHead(200, { 'content-type': 'text/html' }).end(
        '<form method="post" action="/login"><input id="j_username" name="u"><input id="j_password" name="p" type="password"><button id="logOnFormSubmit">Sign in</button></form>' +
          // An IdP's memory of an earlier visit (local storage), reported if present.
          '<script>if (localStorage.getItem("seen")) fetch("/stored"); localStorage.setItem("seen", "1")</script>',
      );
    if (path === '/login') {
      const form = new URLSearchParams(body);
      if (form.get('p') !== PASSWORD) return void res.writeHead(200, { 'content-type': 'text/html' }).end('<p>wrong</p>');
      return void res
        .writeHead(200, { 'content-type': 'text/html' })
        .end(
          `<form method="post" action="/acs"><input type="hidden" name="SAMLResponse" value="${MESSAGE}"></form><script>document.forms[0].submit()</script>`,
        );
    }
    if (path === '/acs' && new URLSearchParams(body).get('SAMLResponse') === MESSAGE)
      return void res.writeHead(302, { location: '/app', 'set-cookie': 'APPSESSION=browser-test-session-7f3a9c2e11; Path=/; HttpOnly' }).end();
    res.writeHead(404).end();
  });
});

describe('signing in through a login form in headless Chromium', { skip: browserNeeded.skip, timeout: 120_000 }, () => {
  const chromium = chromiumForTheseTests(browserNeeded);
  let base: string;
  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => server.close());
  const signIn = (form: LoginForm, password = PASSWORD) =>
    chromium().signIn({
      startUrl: `${base}/app`,
      account: { username: 'browser-user', password },
      form,
      until: (url) => url.pathname === '/app',
      timeoutMs: 10_000,
      system: 'sap-mobile-services',
    });

  it('ends with the cookies the application set, and every value sent masked from then on', async () => {
    const signedIn = await signIn(FORM);
    assert.equal(signedIn.finalUrl.pathname, '/app');
    assert.deepEqual(
      signedIn.cookies.map((c) => c.name),
      ['APPSESSION'],
    );
    for (const secret of [PASSWORD, MESSAGE, Buffer.from(MESSAGE, 'base64').toString(), 'browser-test-session-7f3a9c2e11'])
      assert.ok(!redact(`echo ${secret}`).includes(secret), 'masked');
  });

  it('a sign-in after another at the same origin starts as a fresh browser would: no cookie, no stored data, no header of the one before', async () => {
    // The browser keeps a page for the next sign-in at an origin (a new one costs a renderer process): what the first flow left must be gone.
    const first = await chromium().signIn({
      startUrl: `${base}/app`,
      account: { username: 'browser-user', password: PASSWORD },
      form: FORM,
      until: (url) => url.pathname === '/app',
      timeoutMs: 10_000,
      headers: { 'x-flow': 'first' },
    });
    afterFirstFlow = true;
    assert.deepEqual(
      first.cookies.map((c) => c.name),
      ['APPSESSION'],
    );
    await signIn(FORM);
    assert.deepEqual(carried, { cookie: 0, storage: 0, header: 0 });
  });

  it('a form that does not match fails in one line naming the field, with a screenshot', async () => {
    const error = await signIn({ ...FORM, loginUrl: '/login', submit: '#nope' }).catch((err: unknown) => err);
    assert.ok(error instanceof TargetError);
    assert.match(
      error.message,
      /^\[sap-mobile-services\] browser sign-in at .*: the login form at .*\/login has no submit field #nope .*; screenshot (\S+\.png)$/,
    );
    assert.ok(existsSync(/screenshot (\S+\.png)$/.exec(error.message)?.[1] ?? ''));
  });

  it('a wrong password ends at the deadline, in one line', async () => {
    const error = await chromium()
      .signIn({
        startUrl: `${base}/app`,
        account: { username: 'browser-user', password: 'wrong-password' },
        form: FORM,
        until: (url) => url.pathname === '/app',
        timeoutMs: 6_000,
      })
      .catch((err: unknown) => err);
    assert.ok(error instanceof TargetError);
    assert.match(
      error.message,
      /waited 6000 ms in vain for the way back after the login form was submitted \(check the test user and its password\), at .*\/login; screenshot/,
    );
    assert.doesNotMatch(error.message, /\n/);
  });
});

// The harness signs in with Chromium's headless shell where it is installed; a machine with only the full browser (the
// chromium package, Google Chrome) signs in with that, with the same switches and the same kept page.
const fullNeeded = needs([FULL_CHROMIUM]);
describe('signing in with the full Chromium, on a machine without the headless shell', { skip: fullNeeded.skip, timeout: 120_000 }, () => {
  before(() => fullNeeded.check());
  it('signs in twice at one origin (the second on the kept page), each time ending with the application cookie', async () => {
    const full = onPath(FULL_CHROMIUM.command);
    assert.ok(full, 'no chromium on PATH');
    const chromium = new HeadlessChromium({ env: { ...process.env, CONFORMANCE_CHROMIUM: full } });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      for (let i = 0; i < 2; i++) {
        const signedIn = await chromium.signIn({
          startUrl: `${base}/app`,
          account: { username: 'browser-user', password: PASSWORD },
          form: FORM,
          until: (url) => url.pathname === '/app',
          timeoutMs: 10_000,
        });
        assert.deepEqual(
          signedIn.cookies.map((c) => c.name),
          ['APPSESSION'],
        );
      }
    } finally {
      await chromium.close();
      server.close();
    }
  });
});

it('without Chromium a sign-in is refused as BrowserMissing, naming what to install', async () => {
  const chromium = new HeadlessChromium({ env: { PATH: '/nonexistent' } });
  const error = await chromium
    .signIn({ startUrl: 'http://127.0.0.1:9/', account: { username: 'u', password: 'p-secret' }, form: FORM, until: () => true, timeoutMs: 1000 })
    .catch((err: unknown) => err);
  assert.ok(error instanceof BrowserMissing);
  assert.match(error.message, /apt-get install chromium-headless-shell, or chromium/);
  await chromium.close();
});
