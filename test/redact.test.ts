import assert from 'node:assert/strict';
import { it } from 'node:test';
import { formatTranscript } from '../support/http/exchange.ts';
import { MASK, redact, redactor } from '../support/http/redact.ts';

it('masks every registered secret, longest first, whatever characters it holds', () => {
  redactor.register('t0k(en)+[x]', 'sess-1234', 'sess-1234-5678', 'abc');
  assert.equal(redact('a t0k(en)+[x] b sess-1234-5678 c sess-1234 d abc'), `a ${MASK} b ${MASK} c ${MASK} d abc`);
  assert.equal(redact(`enc ${encodeURIComponent('t0k(en)+[x]')}`), `enc ${MASK}`);
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
