import assert from 'node:assert/strict';
import { it } from 'node:test';
import { formatTranscript } from '../../support/http/exchange.ts';
import { MASK, WITHHELD, redact, redactor } from '../../support/http/redact.ts';

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
    response: { status: 200, headers: { 'set-cookie': ['JSESSIONID=c3; Path=/; HttpOnly'] }, body: '' },
    durationMs: 1,
  };
  const text = formatTranscript([{ step: 'a step', exchange }]);
  assert.match(text, /> authorization: Basic «redacted»/);
  assert.match(text, /> cookie: JSESSIONID=«redacted»; other=«redacted»/);
  assert.match(text, /< set-cookie: JSESSIONID=«redacted»; Path=\/; HttpOnly/);
  assert.match(text, /authSessionId=«redacted»/);
  for (const secret of ['dTpw', 'c1', 'c2', 'c3', 'q1']) assert.ok(!text.includes(`=${secret}`) && !text.includes(` ${secret}`), secret);
});

/** A password made to break masking: quotes, backslashes, markup, percent, plus, space, non-ASCII (one astral). */
const HOSTILE = `Kx"9\\mW4<&>'%2B+ é€😀"\\"`;

/** Every form the password can take on the wire or in a report. */
function encodings(secret: string): Record<string, string> {
  const xml = (s: string) => s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&apos;');
  const json = JSON.stringify(secret).slice(1, -1);
  return {
    raw: secret,
    json,
    'json, non-ASCII as \\u': json.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
    xml: xml(secret),
    'xml, numeric': secret.replace(/[&<>"']|[^\x00-\x7f]/gu, (c) => `&#${c.codePointAt(0)};`),
    'xml, hex': secret.replace(/[&<>"']|[^\x00-\x7f]/gu, (c) => `&#x${(c.codePointAt(0) as number).toString(16)};`),
    percent: encodeURIComponent(secret),
    form: new URLSearchParams({ p: secret }).toString().slice(2),
    'xml of json': xml(json),
  };
}

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

it('masks a 64 KB token and a 5 MB password in every form, and every other secret beside them', () => {
  const token = 'T0k-'.repeat(16_384);
  const password = `${'p"\\<&%+é'.repeat(655_360)}`; // 5 MB of the characters that need escaping
  assert.ok(password.length >= 5_000_000);
  redactor.register('ordinary-secret-1', token, password);
  for (const secret of [token, password]) {
    // Secrets this long are matched by their usual forms only: hexadecimal character references are not among them.
    for (const [name, form] of Object.entries(encodings(secret)).filter(([name]) => name !== 'xml, hex')) {
      const out = redact(`a ${form} b ordinary-secret-1 c`);
      assert.equal(out, `a ${MASK} b ${MASK} c`, `${name}: ${out.slice(0, 80)}`);
    }
  }
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
