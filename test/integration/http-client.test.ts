import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { after, before, describe, it } from 'node:test';
import { brotliCompressSync, createGzip, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { Agent } from 'undici';
import { HttpClient } from '../../support/http/client.ts';
import { snippet, TargetError } from '../../support/http/errors.ts';
import { EVIDENCE_MAX_CHARS, formatTranscript, type Exchange } from '../../support/http/exchange.ts';
import { MASK, redact, redactor } from '../../support/http/redact/index.ts';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
const handlers = new Map<string, Handler>();
const server = createServer((req, res) => (handlers.get(new URL(req.url ?? '/', 'http://x').pathname) ?? ((_q, r) => r.writeHead(404).end()))(req, res));
const dispatcher = new Agent();
let origin = '';
before(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(async () => {
  await dispatcher.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function client(options: { maxBodyBytes?: number; baseUrl?: string; timeoutMs?: number; closing?: () => boolean } = {}) {
  const exchanges: Exchange[] = [];
  const http = new HttpClient({ system: 'x', baseUrl: options.baseUrl ?? origin, timeoutMs: 5_000, dispatcher, record: (e) => exchanges.push(e), ...options });
  return { http, exchanges };
}

/** Serves `body` once under a fresh path with these headers, whole (Content-Length) or in two chunks. */
let served = 0;
function serve(body: Buffer | string, headers: Record<string, string>, framing: 'length' | 'chunked' = 'length'): string {
  const path = `/answer-${++served}`;
  const bytes = Buffer.from(body);
  handlers.set(path, (_req, res) => {
    if (framing === 'length') return void res.writeHead(200, { ...headers, 'content-length': String(bytes.length) }).end(bytes);
    res.writeHead(200, headers);
    res.write(bytes.subarray(0, bytes.length >> 1));
    setImmediate(() => res.end(bytes.subarray(bytes.length >> 1)));
  });
  return path;
}

const TEXT = 'Grüße, naïve café — €5 ✓';

describe('reading an answer as any correct client does', () => {
  it('takes Content-Length framing and chunked framing alike', async () => {
    const { http } = client();
    for (const framing of ['length', 'chunked'] as const) {
      const path = serve(TEXT, { 'content-type': 'text/plain; charset=utf-8' }, framing);
      const answer = await http.send({ method: 'GET', path });
      assert.equal(answer.body, TEXT, framing);
      assert.equal(answer.headers.get('transfer-encoding'), framing === 'chunked' ? 'chunked' : null);
    }
  });

  it('undoes gzip, deflate (zlib-wrapped or raw), br and several codings in the order applied', async () => {
    const { http, exchanges } = client();
    const raw = Buffer.from(JSON.stringify({ text: TEXT }));
    const cases: Array<[string, Buffer]> = [
      ['gzip', gzipSync(raw)],
      ['x-gzip', gzipSync(raw)],
      ['deflate', deflateSync(raw)],
      ['deflate', deflateRawSync(raw)],
      ['br', brotliCompressSync(raw)],
      ['deflate, gzip', gzipSync(deflateSync(raw))],
      ['GZIP , identity', gzipSync(raw)],
    ];
    for (const [coding, bytes] of cases) {
      for (const framing of ['length', 'chunked'] as const) {
        const answer = await http.send({ method: 'GET', path: serve(bytes, { 'content-type': 'application/json', 'content-encoding': coding }, framing) });
        assert.deepEqual(JSON.parse(answer.body), { text: TEXT }, `${coding} ${framing}`);
      }
    }
    assert.match(formatTranscript([{ step: 's', exchange: exchanges[0] as Exchange }]), /< content-encoding: gzip\n[^]*Grüße/);
  });

  it('fails as broken, in one line, on a coding it cannot read or a body that does not decode', async () => {
    const { http } = client();
    await assert.rejects(
      http.send({ method: 'GET', path: serve('x', { 'content-encoding': 'compress' }) }),
      (e: Error) => e instanceof TargetError && /content coding the harness cannot read \(compress\)$/.test(e.message),
    );
    await assert.rejects(
      http.send({ method: 'GET', path: serve('not gzip at all', { 'content-encoding': 'gzip' }) }),
      (e: Error) => e instanceof TargetError && /answer could not be decoded as gzip \(/.test(e.message) && !e.message.includes('\n'),
    );
  });

  it("reads text in the charset the answer names, an XML declaration's, or UTF-8; a byte order mark wins and is dropped", async () => {
    const { http } = client();
    const cases: Array<[string, Buffer, Record<string, string>]> = [
      ['charset ISO-8859-1', Buffer.from('Grüße café', 'latin1'), { 'content-type': 'text/plain; charset=ISO-8859-1' }],
      ['quoted windows-1252 (€ at 0x80)', Buffer.from([0x80, 0x35]), { 'content-type': 'text/plain; Charset="windows-1252"' }],
      ['UTF-16LE with its BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Grüße', 'utf16le')]), { 'content-type': 'application/xml' }],
      ['UTF-8 BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Grüße')]), { 'content-type': 'text/xml; charset=utf-8' }],
      ['XML declaration', Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><a>Grüße</a>', 'latin1'), { 'content-type': 'text/xml' }],
      ['no charset', Buffer.from('Grüße'), { 'content-type': 'application/json' }],
      ['an unknown charset read as UTF-8', Buffer.from('Grüße'), { 'content-type': 'text/plain; charset=x-no-such' }],
    ];
    const expected = ['Grüße café', '€5', 'Grüße', 'Grüße', '<?xml version="1.0" encoding="ISO-8859-1"?><a>Grüße</a>', 'Grüße', 'Grüße'];
    for (const [i, [name, bytes, headers]] of cases.entries()) {
      assert.equal((await http.send({ method: 'GET', path: serve(bytes, headers) })).body, expected[i], name);
    }
  });
});

/** Serves an endless body in 64 KiB pieces, as fast as the client takes them; counts what was sent. */
function flood(path: string, encode: 'identity' | 'gzip'): { sent: () => number } {
  let sent = 0;
  handlers.set(path, (_req, res) => {
    const piece = encode === 'gzip' ? Buffer.alloc(1 << 16) : Buffer.alloc(1 << 16, 'a');
    res.writeHead(200, { 'content-type': 'text/plain', ...(encode === 'gzip' ? { 'content-encoding': 'gzip' } : { 'content-length': String(200 << 20) }) });
    const out = encode === 'gzip' ? createGzip() : res;
    if (out !== res) out.pipe(res);
    res.on('close', () => out.destroy());
    const pump = () => {
      while (!res.destroyed && sent < 200 << 20) {
        sent += piece.length;
        if (!out.write(piece)) return void out.once('drain', pump);
      }
      out.end();
    };
    pump();
  });
  return { sent: () => sent };
}

// V8's collector, called before each reading below (the flag works at run time, as it does on the command line).
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/**
 * What the process holds in JavaScript objects and buffers, its garbage collected first:
 * a body kept whole would be there. Not RSS, which other tests sharing the process grow
 * and shrink at will; nor the heap uncollected, which a loaded machine leaves full of
 * garbage (82 MiB of it once, with five lanes on two cores).
 */
const held = () => {
  collectGarbage();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
};

describe('bounded answers', () => {
  it('abandons a 200 MB answer past 1 MiB: broken, one line, memory flat, a bounded prefix kept as evidence', async () => {
    const { http, exchanges } = client();
    const { sent } = flood('/flood', 'identity');
    const before = held();
    await assert.rejects(http.send({ method: 'GET', path: '/flood' }), (e: Error) => e instanceof TargetError && /: answer larger than 1 MiB$/.test(e.message));
    const grown = held() - before;
    assert.ok(grown < 64 << 20, `memory grew by ${grown >> 20} MiB`);
    assert.ok(sent() < 64 << 20, `the server sent ${sent() >> 20} MiB: the client did not stop it`);
    const [exchange] = exchanges;
    assert.equal(exchange?.response?.status, 200);
    assert.equal(exchange?.error, 'answer larger than 1 MiB');
    assert.ok((exchange?.response?.body.length ?? 0) < EVIDENCE_MAX_CHARS + 100);
    assert.match(exchange?.response?.body ?? '', /a… \[truncated: 960 KiB more; not read further\]$/);
    assert.match(formatTranscript([{ step: 's', exchange: exchange as Exchange }]), /< 200 [^]*\n! answer larger than 1 MiB/);
  });

  it('abandons a gzip bomb once its decoded size passes the limit', async () => {
    const { http } = client({ maxBodyBytes: 256 << 10 });
    const { sent } = flood('/bomb', 'gzip');
    const before = held();
    await assert.rejects(http.send({ method: 'GET', path: '/bomb' }), /answer larger than 256 KiB$/);
    assert.ok(held() - before < 64 << 20);
    assert.ok(sent() < 64 << 20, `the server compressed ${sent() >> 20} MiB`);
  });

  it('keeps a long body whole for the caller and its beginning, masked before the cut, as evidence', async () => {
    const { http, exchanges } = client();
    const token = 'S'.repeat(40_000);
    redactor.register(token);
    const body = `${'x'.repeat(EVIDENCE_MAX_CHARS - 10)}${token}${'y'.repeat(1000)}`;
    const answer = await http.send({ method: 'GET', path: serve(body, { 'content-type': 'text/plain' }) });
    assert.equal(answer.body, body);
    const kept = exchanges[0]?.response?.body ?? '';
    assert.ok(!kept.includes('SSSS'), 'half a secret survived the cut');
    assert.match(kept, new RegExp(`x{10}${MASK}… \\[truncated: 1000 bytes more\\]$`));
  });
});

describe('one line per problem', () => {
  it('quotes a body on one line, masked, bounded', () => {
    redactor.register('snippet-secret-1');
    assert.equal(snippet('<html>\n  <body>\r\n\tsnippet-secret-1 oops</body>\n</html>'), `<html> <body> ${MASK} oops</body> </html>`);
    assert.equal(snippet('q'.repeat(200), 10), `${'q'.repeat(9)}…`);
    assert.ok(!new TargetError('x', 'GET /', 'answered 500: <html>\n<body>').message.includes('\n'));
  });

  it('says in words that the target does not speak TLS where https was asked', async () => {
    const { http } = client({ baseUrl: origin.replace('http:', 'https:') });
    await assert.rejects(http.send({ method: 'GET', path: '/' }), (e: Error) =>
      /: TLS handshake failed: the target does not speak TLS on this port; is the URL's scheme right \(http rather than https\)\?$/.test(e.message),
    );
  });
});

describe('case-insensitive tokens', () => {
  it("gives callers the media type and its parameters' names in lower case, values kept", async () => {
    const { http, exchanges } = client();
    const answer = await http.send({ method: 'GET', path: serve('{}', { 'Content-Type': 'Application/JSON; Charset=UTF-8; Boundary=AbC' }) });
    assert.equal(answer.headers.get('content-type'), 'application/json; charset=UTF-8; boundary=AbC');
    assert.equal(exchanges[0]?.response?.headers['content-type'], 'Application/JSON; Charset=UTF-8; Boundary=AbC', 'evidence shows the wire');
  });
});

describe('a clean-up outwaits a slow target', () => {
  /**
   * Answers the n-th request to a fresh path after `delays[n]` ms, or, for 'at the next', as soon as the request after
   * it arrives (never, when undefined), with its number: an answer that must come after the client sent again waits
   * for that request, not for a clock a loaded machine may run late.
   */
  function slow(delays: readonly (number | 'at the next' | undefined)[]): { path: string; requests: () => number } {
    const path = `/slow-${++served}`;
    let n = 0;
    let waiting: (() => void) | undefined;
    handlers.set(path, (_req, res) => {
      const mine = n++;
      const delay = delays[mine];
      const answer = () => res.writeHead(200, { 'content-type': 'text/plain' }).end(`answer ${mine}`);
      waiting?.();
      waiting = undefined;
      if (delay === 'at the next') waiting = answer;
      else if (delay !== undefined) setTimeout(answer, delay);
    });
    return { path, requests: () => n };
  }

  it("sends a closing's request again at its timeout, and reads whichever answer comes first, the late first one too", async () => {
    const { http } = client({ timeoutMs: 150, closing: () => true });
    const late = slow(['at the next', 1_000]);
    assert.equal((await http.send({ method: 'POST', path: late.path })).body, 'answer 0');
    assert.equal(late.requests(), 2);
    const lost = slow([undefined, 0]);
    assert.equal((await http.send({ method: 'POST', path: lost.path })).body, 'answer 1');
  });

  it('gives up on a closing past its bound, saying so; a check still times out on time, sent once', async () => {
    const closing = client({ timeoutMs: 100, closing: () => true });
    const silent = slow([]);
    const started = Date.now();
    await assert.rejects(closing.http.send({ method: 'POST', path: silent.path }), /no answer within 100 ms, nor in 3 times as long/);
    // It ends at about 400 ms; a wall-clock bound has room for a loaded machine (1230 ms once, six lanes on two cores),
    // and still tells a bound kept from one not kept (the run's own timeouts are tens of seconds).
    assert.ok(Date.now() - started < 3_000, `${Date.now() - started} ms`);
    const check = client({ timeoutMs: 100 });
    const once = slow([300]);
    await assert.rejects(check.http.send({ method: 'GET', path: once.path }), /no answer within 100 ms$/);
    assert.equal(once.requests(), 1);
  });

  it("does not send a closing's sign-in twice: it waits for its one answer instead", async () => {
    const { http } = client({ timeoutMs: 100, closing: () => true });
    const signIn = slow([250]);
    assert.equal((await http.send({ method: 'POST', path: signIn.path, onLateAnswer: () => assert.fail('read as late') })).body, 'answer 0');
    assert.equal(signIn.requests(), 1);
  });
});

describe('secrets an answer hands out', () => {
  it('masks every value of an authentication answer but the harmless fields, every cookie unless plain, and token-shaped values of any answer', async () => {
    const { http, exchanges } = client();
    const jwt = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"sub":"u"}').toString('base64url')}.`;
    const path = `/auth-${++served}`;
    handlers.set(path, (_req, res) =>
      res
        .writeHead(200, {
          'content-type': 'application/json',
          'set-cookie': ['gw=gateway-cookie-0x42; Path=/', 'Culture=en-US'],
          'x-handle': 'handle-in-a-header-1',
        })
        .end(JSON.stringify({ token_type: 'bearer', expires_in: 3600, extra_session: 'never-named-session-9', id_token: jwt })),
    );
    await http.send({ method: 'POST', path, authentication: ['token_type', 'expires_in'] });
    const other = serve('{"note":"see Zx81Qa7Lw2Rt5Yp0Vm3Nc6Bk"}', { 'content-type': 'application/json' });
    await http.send({ method: 'GET', path: other });
    const text = formatTranscript(exchanges.map((exchange) => ({ step: 's', exchange })));
    for (const secret of ['gateway-cookie-0x42', 'handle-in-a-header-1', 'never-named-session-9', jwt, 'Zx81Qa7Lw2Rt5Yp0Vm3Nc6Bk'])
      assert.ok(!text.includes(secret), secret);
    assert.match(text, /"token_type":"bearer","expires_in":3600/);
    assert.match(text, /< set-cookie: Culture=en-US/);
    assert.equal(redact('Culture en-US'), 'Culture en-US');
  });
});
