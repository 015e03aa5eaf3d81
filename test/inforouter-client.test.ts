import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Cleanups } from '../support/harness/cleanups.ts';
import type { HttpAnswer, HttpClient, HttpRequest } from '../support/http/client.ts';
import { InfoRouterClient } from '../support/systems/inforouter/client.ts';
import { parseXml, soapEnvelope } from '../support/systems/inforouter/xml.ts';
import { Headers } from 'undici';

/** A client whose every request gets this body, and which remembers what it sent. */
function clientAnswering(body: string, status = 200) {
  const sent: HttpRequest[] = [];
  const http = {
    url: (path: string) => new URL(`http://inforouter.test${path}`),
    send: async (req: HttpRequest): Promise<HttpAnswer> => {
      sent.push(req);
      return { status, headers: new Headers(), body, url: `http://inforouter.test${req.path}` };
    },
  } as unknown as HttpClient;
  return { client: new InfoRouterClient({ http, cleanups: new Cleanups() }, { baseUrl: 'http://inforouter.test', username: 'u', password: 'secret-pw' }), sent };
}

const soap = (inner: string) => `<?xml version="1.0"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>${inner}</soap:Body></soap:Envelope>`;

describe('infoRouter client', () => {
  it('builds the SOAP envelope from data: a ticket full of markup is escaped and reads back whole', async () => {
    const ticket = 'a<b&c"d\'e>';
    const { client, sent } = clientAnswering(soap('<LogOutResponse xmlns="http://tempuri.org/"><LogOutResult><root success="true"/></LogOutResult></LogOutResponse>'));
    await client.logOut('SOAP', { parameter: ticket });
    const body = sent[0]?.body ?? '';
    assert.ok(!body.includes(ticket), body);
    const parsed = parseXml(body) as { Envelope: { Body: { LogOut: { AuthenticationTicket: string } } } };
    assert.equal(parsed.Envelope.Body.LogOut.AuthenticationTicket, ticket);
    assert.equal(sent[0]?.headers?.soapaction, '"http://tempuri.org/LogOut"');
    assert.equal(soapEnvelope('LogOut', {}).includes('<LogOut xmlns="http://tempuri.org/"'), true);
  });

  it('reads the older <response> root as the same outcome', async () => {
    const { client } = clientAnswering('<response success="false" error="[901] Session expired or Invalid ticket"/>');
    assert.deepEqual(await client.logOut('GET', {}), { success: false, status: 200, code: '901', text: '[901] Session expired or Invalid ticket' });
  });

  it('reads a SOAP answer wrapping the root', async () => {
    const { client } = clientAnswering(soap('<LogOutResponse xmlns="http://tempuri.org/"><LogOutResult><root success="true"/></LogOutResult></LogOutResponse>'));
    assert.deepEqual(await client.logOut('SOAP', { parameter: 'x' }), { success: true, status: 200 });
  });

  const failures: Array<[string, string, 'GET' | 'SOAP', RegExp]> = [
    ['a SOAP Fault', soap('<soap:Fault><faultcode>soap:Server</faultcode><faultstring>Server was unable to process request</faultstring></soap:Fault>'), 'SOAP', /^\[inforouter\] SOAP LogOut http:\/\/inforouter\.test\/srv\.asmx: SOAP Fault: Server was unable to process request$/],
    ['malformed XML', '<root success="true"', 'GET', /^\[inforouter\] GET LogOut http:\/\/inforouter\.test\/srv\.asmx\/LogOut: answered 200 with a body that is not XML/],
    ['an unexpected root', '<html><body>Service Unavailable</body></html>', 'GET', /^\[inforouter\] GET LogOut .*: unexpected answer: no <root> or <response> element \(html\)$/],
    ['a SOAP answer without the result', soap('<Other/>'), 'SOAP', /no LogOutResponse\/LogOutResult$/],
  ];
  for (const [what, body, binding, message] of failures) {
    it(`names the binding in one line on ${what}`, async () => {
      const { client } = clientAnswering(body, binding === 'SOAP' ? 500 : 200);
      await assert.rejects(client.logOut(binding, { parameter: 'x' }), (err: Error) => err.name === 'TargetError' && message.test(err.message) && !err.message.includes('\n'));
    });
  }
});
