import assert from 'node:assert/strict';
import { it } from 'node:test';
import { formatTranscript } from '../../support/http/exchange.ts';
import { encodings } from '../support/encodings.ts';
import { encodedForms, isPlain, isTokenShaped, MASK, WITHHELD, redact, redactor } from '../../support/http/redact/index.ts';

it('masks every registered secret, longest first, whatever characters it holds', () => {
  redactor.register('t0k(en)+[x]', 'sess-1234', 'sess-1234-5678', 'abc');
  assert.equal(redact('a t0k(en)+[x] b sess-1234-5678 c sess-1234 d abc'), `a ${MASK} b ${MASK} c ${MASK} d abc`);
  assert.equal(redact(`enc ${encodeURIComponent('t0k(en)+[x]')}`), `enc ${MASK}`);
});

it('masks a secret holding another whole, whichever was registered first and however each is matched', () => {
  // A token of letters and digits is found by plain search, a password with other characters by an expression.
  redactor.register('Zq7-inner9Token-x!');
  assert.equal(redact('a Zq7-inner9Token-x! b'), `a ${MASK} b`);
  redactor.register('inner9Token', 'x!Zq7-inn');
  assert.equal(redact('a Zq7-inner9Token-x! b inner9Token c x!Zq7-inner9Token-x! d'), `a ${MASK} b ${MASK} c ${MASK} d`);
});

it('masks credentials by where they stand, even when never registered', () => {
  assert.equal(redact('{"password":"p1","authSessionId":"s1"}'), `{"password":"${MASK}","authSessionId":"${MASK}"}`);
  assert.equal(redact('UID=u&PWD=p2&AuthenticationTicket=t2'), `UID=u&PWD=${MASK}&AuthenticationTicket=${MASK}`);
  assert.equal(redact('<root success="true" ticket="t3"/>'), `<root success="true" ticket="${MASK}"/>`);
  assert.equal(redact('<AuthenticationTicket>t4</AuthenticationTicket>'), `<AuthenticationTicket>${MASK}</AuthenticationTicket>`);
});

it('shows an exchange in a transcript with cookie names and auth schemes kept, their values masked', () => {
  const exchange = {
    system: 'x',
    request: { method: 'GET', url: 'http://h/p?authSessionId=q1', headers: { authorization: 'Basic dTpw', cookie: 'JSESSIONID=c1; other=c2' }, body: '' },
    response: { status: 200, headers: { 'set-cookie': ['JSESSIONID=c3-session-77; Path=/; HttpOnly', 'Culture=en-US'] }, body: '' },
    durationMs: 1,
  };
  const text = formatTranscript([{ step: 'a step', exchange }]);
  assert.match(text, /> authorization: Basic «redacted»/);
  assert.match(text, /> cookie: JSESSIONID=«redacted»; other=«redacted»/);
  assert.match(text, /< set-cookie: JSESSIONID=«redacted»; Path=\/; HttpOnly/);
  assert.match(text, /< set-cookie: Culture=en-US$/m);
  assert.match(text, /authSessionId=«redacted»/);
  for (const secret of ['dTpw', 'c1', 'c2', 'c3-session-77', 'q1']) assert.ok(!text.includes(`=${secret}`) && !text.includes(` ${secret}`), secret);
});

/** A password made to break masking: quotes, backslashes, markup, percent, plus, space, non-ASCII (one astral). */
const HOSTILE = `Kx"9\\mW4<&>'%2B+ é€😀"\\"`;

/** Every form the password can take on the wire or in a report. */
/** Pieces of a secret long enough to identify it: a mask that leaves any of them has leaked. */
function leaks(text: string, secret: string): string[] {
  const found: string[] = [];
  for (const [name, form] of Object.entries(encodings(secret))) {
    for (let i = 0; i + 6 <= form.length; i += 3) if (text.includes(form.slice(i, i + 6))) found.push(`${name}@${i}`);
  }
  return found;
}

it('masks a hostile password in every encoding, alone, in JSON, XML, forms and queries, with nothing of it left', () => {
  redactor.register(HOSTILE);
  for (const [name, form] of Object.entries(encodings(HOSTILE))) {
    const texts = [
      `before ${form} after`,
      `{"password":"${form}","next":"x"}`,
      `<Login><Password>${form}</Password></Login>`,
      `<r pwd="${form}"/>`,
      `user=u&password=${form}&x=1`,
    ];
    for (const text of texts) {
      const out = redact(text);
      assert.deepEqual(leaks(out, HOSTILE), [], `${name}: ${out}`);
      assert.ok(out.includes(MASK), `${name}: ${out}`);
    }
  }
});

it('masks a secret field whose JSON string holds escaped quotes, to its real end', () => {
  // Never registered: only the field's position tells it is a secret.
  const out = redact('{"password":"«x»\\"Kx9\\\\mW4tail","user":"u"}');
  assert.equal(out, `{"password":"${MASK}","user":"u"}`);
  assert.equal(redact(`<r ticket='a"tail' x="1"/>`), `<r ticket='${MASK}' x="1"/>`);
  assert.equal(redact('<r ticket=&quot;tail&quot;/>'), `<r ticket=&quot;${MASK}&quot;/>`);
  assert.equal(redact('&lt;Ticket&gt;tail&lt;/Ticket&gt;'), `&lt;Ticket&gt;${MASK}&lt;/Ticket&gt;`);
  assert.equal(redact('{"password":"cut off here'), `{"password":"${MASK}`);
});

it('takes the pair and the password out of a registered Basic credential, and registers a pair given apart', () => {
  redactor.register(Buffer.from('alice:Basic-pw-1').toString('base64'));
  assert.equal(redact('user alice:Basic-pw-1 pw Basic-pw-1'), `user ${MASK} pw ${MASK}`);
  redactor.registerBasic('bob', 'Basic-pw-2');
  assert.equal(redact(`${Buffer.from('bob:Basic-pw-2').toString('base64')} bob:Basic-pw-2`), `${MASK} ${MASK}`);
});

it('shows none of a hostile secret in a transcript, in any encoding', () => {
  redactor.register(HOSTILE);
  const forms = Object.values(encodings(HOSTILE));
  const exchange = {
    system: 'x',
    request: {
      method: 'POST',
      url: `http://h/p?password=${encodeURIComponent(HOSTILE)}`,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ password: HOSTILE }),
    },
    response: { status: 200, headers: { 'x-echo': encodeURIComponent(HOSTILE) }, body: forms.join('\n') },
    durationMs: 1,
  };
  const text = formatTranscript([{ step: 'a step', exchange }]);
  assert.deepEqual(leaks(text, HOSTILE), [], text);
});

it('withholds a text whose masking fails, and the failure carries nothing of it', () => {
  const replace = String.prototype.replace;
  String.prototype.replace = function (this: string) {
    throw new Error(`broken while masking ${this}`);
  } as typeof replace;
  let out: string;
  try {
    out = redact('a text with the-plain-secret-42 in it');
  } finally {
    String.prototype.replace = replace;
  }
  assert.equal(out, WITHHELD);
});

it('leaves plain values readable and masks the rest, by one rule', () => {
  for (const plain of ['en-US', 'Culture=en-US', 'TimeZone=GMTE1000U&Culture=en-AU', '3600', '-1.5e3', 'true', 'null', '2026-12-05T23:39:32Z', 'bearer'])
    assert.ok(isPlain(plain), plain);
  for (const credential of ['sess-4f2a9c1d', 'Culture=en-US&sid=4f2a9c1d77', 'correct horse battery', 'gw-0123456789abcdef'])
    assert.ok(!isPlain(credential), credential);
  redactor.registerUnnamed('en-GB', 'gw-cookie-value-7f3e');
  assert.equal(redact('lang en-GB; gw-cookie-value-7f3e'), `lang en-GB; ${MASK}`);
});

it('masks every value of an authentication answer but its harmless fields, whatever a server adds', () => {
  const body = JSON.stringify({
    access_token: 'acc-tok-123456',
    token_type: 'bearer',
    expires_in: 3600,
    scope: 'openid profile email',
    id_token: 'never-named-id-token-1',
    nested: { handle: 'gateway handle 0042' },
  });
  redactor.registerAuthentication(
    [
      ['content-type', 'application/json'],
      ['x-gateway-session', 'hdr-session-0042x'],
    ],
    body,
    ['token_type', 'expires_in', 'scope'],
  );
  const out = redact(`${body} x-gateway-session: hdr-session-0042x`);
  for (const secret of ['acc-tok-123456', 'never-named-id-token-1', 'gateway handle 0042', 'hdr-session-0042x']) assert.ok(!out.includes(secret), secret);
  assert.match(out, /"scope":"openid profile email"/);
  assert.match(out, /"token_type":"bearer","expires_in":3600/);
  assert.match(redact('content-type: application/json'), /application\/json/);
});

it('masks the attributes of an XML authentication answer, escaped roots inside a string result too, but not namespaces', () => {
  const root = '<root success="true" ticket="xml-ticket-000111" username="alice" SessionKey="never-named-key-77"/>';
  redactor.registerAuthentication(
    [],
    `<string xmlns="http://tempuri.org/">${root.replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;')}</string>`,
    ['success', 'username'],
  );
  const out = redact(root);
  assert.equal(out, `<root success="true" ticket="${MASK}" username="alice" SessionKey="${MASK}"/>`);
  assert.match(redact('xmlns="http://tempuri.org/"'), /tempuri/);
});

it('masks token-shaped values nobody named: a JWT, long random values; not paths, words or ids people write', () => {
  const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const jwt = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ sub: 'alice', n: 1 })}.c2lnbmF0dXJlLXJhbmRvbS1ieXRlcw`;
  const random = 'q8Zr2LmX7vNc4TpW9sKd1HyB';
  const hex = 'a3f09c11d2e74b5c8e0f6a7b9c1d2e3f';
  redactor.registerTokens(`{"id_token":"${jwt}","x":"${random}"} etag ${hex}`);
  assert.equal(redact(`${jwt} ${random} ${hex.toUpperCase()} ${hex}`), `${MASK} ${MASK} ${hex.toUpperCase()} ${MASK}`);
  for (const ordinary of [
    '/mobileservices/application/MyApp2/roleservice/application/MyApp2/v2/Me',
    'ThisIsAVeryLongCamelCaseName2',
    'AuthenticateUserResponse',
    '3f2a8c1e-9b4d-4e2f-8a1c-0d9e8f7a6b5c',
    'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
  ])
    assert.ok(!isTokenShaped(ordinary), ordinary);
  assert.ok(isTokenShaped(random) && isTokenShaped(hex));
});

it('masks a secret in base64 at each of its three alignments inside a longer encoded text, in base64url and in hex', () => {
  const secret = 'Sx9-pass\u00e9word!';
  redactor.register(secret);
  for (const prefix of ['', 'a', 'ab', 'user:', 'user1:']) {
    for (const encoding of ['base64', 'base64url'] as const) {
      const text = Buffer.from(`${prefix}${secret} and what follows`).toString(encoding);
      const out = redact(`[${text}]`);
      // What is left shows the neighbours, and at most a character at each edge of the secret.
      const left = out.split(MASK);
      assert.equal(left.length, 2, `${encoding} after ${JSON.stringify(prefix)}: ${out}`);
      const shown = Buffer.from(left.join('').replace(/[[\]]/g, ''), encoding).toString('latin1');
      assert.ok(!shown.includes('pass'), `${encoding} after ${JSON.stringify(prefix)}: ${shown}`);
    }
  }
  const hex = Buffer.from(secret).toString('hex');
  assert.equal(redact(`${hex} ${hex.toUpperCase()}`), `${MASK} ${MASK}`);
  assert.ok(encodedForms('abcd').every((f) => f.length >= 6));
});

it('stays bounded with hundreds of secrets in all their forms: one pass over a text, whatever their number', () => {
  const secrets = Array.from({ length: 600 }, (_, i) => `bulk-Secret-${i}-${(i * 7919).toString(36)}x`);
  redactor.register(...secrets);
  const filler = 'ordinary words of an answer, nothing secret in them; '.repeat(20_000); // 1 MB
  const text = `${filler}${secrets[599]} ${Buffer.from(secrets[17] as string).toString('base64')} ${filler}`;
  const started = performance.now();
  const out = redact(text);
  const took = performance.now() - started;
  assert.ok(!out.includes(secrets[599] as string) && out.split(MASK).length === 3);
  assert.ok(took < 5_000, `${Math.round(took)} ms for 2 MB`);
  // Looking for token shapes is linear too, on texts made to make an expression backtrack.
  for (const hostile of ['a'.repeat(1 << 20), 'aB3.'.repeat(1 << 18), `eyJ${'x'.repeat(1 << 20)}`]) {
    const at = performance.now();
    redactor.registerTokens(hostile);
    assert.ok(performance.now() - at < 3_000, `${Math.round(performance.now() - at)} ms for 1 MB`);
  }
});
