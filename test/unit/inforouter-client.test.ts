import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Cleanups } from '../../support/harness/cleanups.ts';
import type { HttpAnswer, HttpClient, HttpRequest } from '../../support/http/client.ts';
import { InfoRouterClient } from '../../support/systems/inforouter/client.ts';
import { parseXml, soapEnvelope } from '../../support/systems/inforouter/xml.ts';
import { Headers } from 'undici';
import { servicesFor } from '../support/services.ts';
import { Nonconformance } from '../../support/verdicts.ts';
import { HarnessError } from '../../support/http/errors.ts';
import type { Account } from '../../support/systems/accounts.ts';

const TICKET = '3f2a1b4c-5d6e-7f8a-9b0c-1d2e3f4a5b6c';
const ISSUED = `<root success="true" ticket="${TICKET}" userid="100" username="u" isAuthenticated="True"/>`;

/** An answer's body, or its status and body. */
type Answer = string | readonly [number, string];

/** A client whose requests get these answers in turn (the last one from then on), and which remembers what it sent. */
function clientAnswering(bodies: Answer | readonly Answer[], status = 200, given: { moreUsers?: readonly Account[]; units?: readonly number[] } = {}) {
  const queue: Answer[] = typeof bodies === 'string' || typeof bodies[0] === 'number' ? [bodies as Answer] : [...(bodies as readonly Answer[])];
  const sent: HttpRequest[] = [];
  const cleanups = new Cleanups();
  const http = {
    url: (path: string) => new URL(`http://inforouter.test${path}`),
    send: async (req: HttpRequest): Promise<HttpAnswer> => {
      sent.push(req);
      const next = (queue.length > 1 ? queue.shift() : queue[0]) ?? '';
      const [answered, body] = typeof next === 'string' ? [status, next] : next;
      return { status: answered, headers: new Headers(), body, url: `http://inforouter.test${req.path}` };
    },
  } as unknown as HttpClient;
  return {
    client: new InfoRouterClient(
      { ...servicesFor(http, cleanups), ...(given.units && { units: () => given.units ?? [] }) },
      { baseUrl: 'http://inforouter.test', username: 'u', password: 'secret-pw', moreUsers: given.moreUsers },
    ),
    sent,
    cleanups,
  };
}

const soap = (inner: string) =>
  `<?xml version="1.0"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>${inner}</soap:Body></soap:Envelope>`;
const escaped = (xml: string) => xml.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
const INVALID = '<root success="false" error="[901] Session expired or Invalid ticket"/>';

describe('infoRouter client', () => {
  it('builds the SOAP envelope from data: a ticket full of markup is escaped and reads back whole', async () => {
    const ticket = 'a<b&c"d\'e>';
    const { client, sent } = clientAnswering(
      soap('<LogOutResponse xmlns="http://tempuri.org/"><LogOutResult><root success="true"/></LogOutResult></LogOutResponse>'),
    );
    await client.logOut('SOAP', { parameter: ticket });
    const body = sent[0]?.body ?? '';
    assert.ok(!body.includes(ticket), body);
    const parsed = parseXml(body) as { Envelope: { Body: { LogOut: { AuthenticationTicket: string } } } };
    assert.equal(parsed.Envelope.Body.LogOut.AuthenticationTicket, ticket);
    assert.equal(sent[0]?.headers?.soapaction, '"http://tempuri.org/LogOut"');
    assert.equal(soapEnvelope('LogOut', {}).includes('<LogOut xmlns="http://tempuri.org/"'), true);
  });

  // Every shape a server may legally give the documented root: the wrapper is an
  // assumption, ASMX escapes string results, 7.5 names the root <response>.
  const readable: Array<[string, 'GET' | 'SOAP', string, { success: boolean; code?: string; text?: string }]> = [
    ['the documented root', 'GET', '<root success="true"/>', { success: true }],
    [
      'the older <response> root (infoRouter 7.5)',
      'GET',
      '<response success="false" error="[901] Session expired or Invalid ticket"/>',
      { success: false, code: '901', text: '[901] Session expired or Invalid ticket' },
    ],
    [
      'a SOAP answer wrapping the root',
      'SOAP',
      soap('<LogOutResponse xmlns="http://tempuri.org/"><LogOutResult><root success="true"/></LogOutResult></LogOutResponse>'),
      { success: true },
    ],
    [
      'a SOAP result holding the root as escaped text',
      'SOAP',
      soap(`<LogOutResponse xmlns="http://tempuri.org/"><LogOutResult>${escaped(INVALID)}</LogOutResult></LogOutResponse>`),
      { success: false, code: '901', text: '[901] Session expired or Invalid ticket' },
    ],
    [
      'a SOAP result holding the root in CDATA',
      'SOAP',
      soap('<LogOutResponse xmlns="http://tempuri.org/"><LogOutResult><![CDATA[<root success="true"/>]]></LogOutResult></LogOutResponse>'),
      { success: true },
    ],
    ['a SOAP Body holding the root itself', 'SOAP', soap('<root success="true"/>'), { success: true }],
    [
      'a SOAP answer with prefixed elements and another wrapper',
      'SOAP',
      soap('<t:Out xmlns:t="http://tempuri.org/"><t:Result><t:response success="true"/></t:Result></t:Out>'),
      { success: true },
    ],
    [
      'an ASMX <string> holding the root as escaped text',
      'GET',
      `<?xml version="1.0" encoding="utf-8"?>\n<string xmlns="http://tempuri.org/">${escaped(INVALID)}</string>`,
      { success: false, code: '901', text: '[901] Session expired or Invalid ticket' },
    ],
    [
      'a byte order mark, a declaration and indentation',
      'GET',
      '\uFEFF<?xml version="1.0" encoding="utf-8"?>\r\n<root\r\n  success="true" />\r\n',
      { success: true },
    ],
    [
      'other words after [901]',
      'GET',
      '<root success="false" error="[901] Your session has expired."/>',
      { success: false, code: '901', text: '[901] Your session has expired.' },
    ],
    ['a boolean written the .NET way', 'GET', '<root success="True"/>', { success: true }],
    [
      'attributes the documents do not list',
      'GET',
      '<root server="x" success="false" error="[0] Object reference not set" errorcode="0"/>',
      { success: false, code: '0', text: '[0] Object reference not set' },
    ],
  ];
  for (const [what, binding, body, expected] of readable) {
    it(`reads ${what}`, async () => {
      const { client } = clientAnswering(body);
      assert.deepEqual(await client.logOut(binding, { parameter: 'x' }), { status: 200, ...expected });
    });
  }

  // The server's own answers against the documents: the failed/broken rule (verdicts.ts) decides them.
  const undocumented: Array<[string, string, 'GET' | 'SOAP', RegExp]> = [
    [
      'a SOAP Fault',
      soap('<soap:Fault><faultcode>soap:Server</faultcode><faultstring>Server was unable to process request</faultstring></soap:Fault>'),
      'SOAP',
      /^\[inforouter\] SOAP LogOut http:\/\/inforouter\.test\/srv\.asmx: answered 500 with a SOAP Fault: Server was unable to process request/,
    ],
    [
      'malformed XML',
      '<root success="true"',
      'GET',
      /^\[inforouter\] GET LogOut http:\/\/inforouter\.test\/srv\.asmx\/LogOut: answered 200 with a body that is not XML/,
    ],
    [
      "ASP.NET's exception text",
      'System.InvalidOperationException: Missing parameter: AuthenticationTicket.',
      'GET',
      /answered 200 with a body that is not XML: System\.InvalidOperationException/,
    ],
    [
      'a SOAP answer without the root anywhere',
      soap('<LogOutResponse><LogOutResult>done</LogOutResult></LogOutResponse>'),
      'SOAP',
      /unexpected answer: no <root> or <response> element \(Envelope\)/,
    ],
    ['a SOAP binding answered without an envelope', '<root success="true"/>', 'SOAP', /answered 500 with no SOAP envelope \(root\)/],
    ['a root without success', '<root error="[901] Session expired or Invalid ticket"/>', 'GET', /unexpected answer: no <root> or <response> element \(root\)/],
    ['a success that is neither true nor false', '<root success="maybe"/>', 'GET', /unexpected answer: success="maybe" is neither true nor false/],
  ];
  for (const [what, body, binding, message] of undocumented) {
    const oneLine = (err: Error) => message.test(err.message) && !err.message.includes('\n');
    it(`on ${what} from a binding not yet seen answering as documented, its control not answered either: broken (TargetError), naming the binding in one line`, async () => {
      const { client } = clientAnswering(body, binding === 'SOAP' ? 500 : 200);
      await assert.rejects(
        client.logOut(binding, { parameter: 'x' }),
        (err: Error) =>
          err.name === 'TargetError' &&
          oneLine(err) &&
          /not judged: .*LogOut has not answered as documented in this scenario, nor its control/.test(err.message),
      );
    });
    it(`on ${what}, twice, from a binding seen answering as documented: a nonconformance, after one retry`, async () => {
      const { client, sent } = clientAnswering([binding === 'SOAP' ? soap(INVALID) : INVALID, [binding === 'SOAP' ? 500 : 200, body]]);
      await client.logOut(binding, { parameter: 'x' });
      await assert.rejects(
        client.logOut(binding, { parameter: 'x' }),
        (err: Error) => err instanceof Nonconformance && oneLine(err) && /answered so again on a retry/.test(err.message),
      );
      assert.equal(sent.length, 3);
    });
  }

  it('a documented answer on the retry is taken: one odd answer is no finding', async () => {
    const { client, sent } = clientAnswering([INVALID, '<root success="true"', '<root success="true"/>']);
    await client.logOut('GET', { parameter: 'x' });
    assert.deepEqual(await client.logOut('GET', { parameter: 'x' }), { success: true, status: 200 });
    assert.equal(sent.length, 3);
  });

  for (const [what, status, body] of [
    ["a gateway's 502 page", 502, '<html><body><h1>502 Bad Gateway</h1></body></html>'],
    ['an HTML page where XML is due', 200, '<html><body>Service Unavailable</body></html>'],
    ["a gateway's 504, even in XML", 504, '<root success="false" error="timeout"/>'],
  ] as const) {
    it(`on ${what}: broken (TargetError), even from a binding seen answering as documented`, async () => {
      const { client, sent } = clientAnswering([INVALID, [status, body]]);
      await client.logOut('GET', { parameter: 'x' });
      await assert.rejects(
        client.logOut('GET', { parameter: 'x' }),
        (err: Error) => err.name === 'TargetError' && /not the system's protocol/.test(err.message),
      );
      assert.equal(sent.length, 2, 'not retried: nothing to judge');
    });
  }
});

describe('infoRouter clean-up', () => {
  const logOuts = (sent: readonly HttpRequest[]) => sent.filter((r) => r.path === '/srv.asmx/LogOut').length;

  it('logs out a ticket the scenario left open, and [901] there is no problem: the document calls it expected', async () => {
    const { client, sent, cleanups } = clientAnswering([ISSUED, INVALID]);
    await client.authenticate();
    assert.deepEqual(await cleanups.run(), []);
    assert.equal(logOuts(sent), 1);
  });

  for (const [what, answer] of [
    ['success="false" with another code', '<root success="false" error="[500] Internal error"/>'],
    ['an unreadable answer', '<html>busy</html>'],
  ] as const) {
    it(`reports ${what} as possibly left open, never as a nonconformance`, async () => {
      const { client, cleanups } = clientAnswering([ISSUED, answer]);
      await client.authenticate();
      const problems = await cleanups.run();
      assert.equal(problems.length, 1);
      assert.equal(problems[0]?.kind, 'left-open');
      assert.ok(!problems[0]?.message.includes(TICKET), 'the ticket reached a message');
    });
  }

  it('still logs out a ticket whose cookie-only LogOut answered [901]: the server may not have read the cookie', async () => {
    const { client, sent, cleanups } = clientAnswering([ISSUED, INVALID, '<root success="true"/>']);
    const ticket = await client.authenticate();
    await client.logOut('GET', { cookie: ticket.value });
    assert.deepEqual(await cleanups.run(), []);
    assert.equal(logOuts(sent), 2);
    assert.equal(sent.at(-1)?.query?.AuthenticationTicket, TICKET);
  });

  it('does not log out again a ticket shown gone, and does log out one shown alive after a LogOut that said success', async () => {
    const gone = clientAnswering([ISSUED, '<root success="true"/>', INVALID]);
    const ticket = await gone.client.authenticate();
    await gone.client.logOut('GET', { parameter: ticket.value });
    await gone.client.isValid(ticket.value);
    assert.deepEqual(await gone.cleanups.run(), []);
    assert.equal(logOuts(gone.sent), 1);

    const alive = clientAnswering([ISSUED, '<root success="true"/>', '<root success="true" userid="100"/>', INVALID]);
    const kept = await alive.client.authenticate();
    await alive.client.logOut('GET', { parameter: kept.value });
    await alive.client.isValid(kept.value);
    assert.deepEqual(await alive.cleanups.run(), []);
    assert.equal(logOuts(alive.sent), 2, 'the ticket still valid after its LogOut was not closed in clean-up');
  });
});

describe('infoRouter client: AuthenticateUser and isValidTicket', () => {
  it('asks AuthenticateUser through SOAP with UID and PWD in a tempuri.org envelope, and the password never in the clear elsewhere', async () => {
    const { client, sent } = clientAnswering(
      soap(`<AuthenticateUserResponse xmlns="http://tempuri.org/"><AuthenticateUserResult>${ISSUED}</AuthenticateUserResult></AuthenticateUserResponse>`),
    );
    const issued = await client.tryAuthenticate('SOAP');
    assert.equal(issued.ticket?.value, TICKET);
    assert.equal(sent[0]?.headers?.soapaction, '"http://tempuri.org/AuthenticateUser"');
    const parsed = parseXml(sent[0]?.body ?? '') as { Envelope: { Body: { AuthenticateUser: { UID: string; PWD: string } } } };
    assert.deepEqual([parsed.Envelope.Body.AuthenticateUser.UID, parsed.Envelope.Body.AuthenticateUser.PWD], ['u', 'secret-pw']);
  });

  it('returns a refused AuthenticateUser as its outcome, with the code', async () => {
    const { client, sent } = clientAnswering('<root success="false" error="[900] Authentication failed"/>');
    const issued = await client.tryAuthenticate('form POST', 'wrong');
    assert.deepEqual(issued, { outcome: { success: false, status: 200, code: '900', text: '[900] Authentication failed' } });
    assert.equal(sent[0]?.body, 'UID=u&PWD=wrong');
  });

  it("signs in as the test user the scenario was given from username and moreUsers, and a refusal without one as the entry's user", async () => {
    const moreUsers = [{ username: 'v', password: 'v-pw' }];
    const { client, sent } = clientAnswering(ISSUED, 200, { moreUsers, units: [1] });
    assert.equal((await client.authenticate('form POST')).value, TICKET);
    assert.equal(sent[0]?.body, 'UID=v&PWD=v-pw');
    const { client: refused, sent: asked } = clientAnswering('<root success="false" error="[900] Authentication failed"/>', 200, { moreUsers, units: [] });
    assert.equal((await refused.tryAuthenticate('form POST', 'wrong')).outcome.success, false);
    assert.equal(asked[0]?.body, 'UID=u&PWD=wrong');
    await assert.rejects(refused.authenticate('form POST'), HarnessError);
    assert.equal(asked.length, 1, 'no sign-in as a user the rules did not give');
  });

  it('probes a ticket in the ticket cookie alone: no parameter', async () => {
    const { client, sent } = clientAnswering('<root success="true" userid="100"/>');
    assert.equal((await client.isValid(TICKET, { cookie: true })).success, true);
    assert.deepEqual(sent[0]?.query, {});
    assert.equal(sent[0]?.jar?.header(), `ticket=${TICKET}`);
  });
});
