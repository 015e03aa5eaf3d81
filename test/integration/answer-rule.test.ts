import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openSessionsOf, serveSimulators } from '../../support/harness/serve.ts';
import { buildCompliance } from '../../support/report/compliance.ts';
import type { ScenarioResult } from '../../support/report/results.ts';
import { runSuite } from '../support/suite-runs.ts';
import { systemKeys, type SystemKey } from '../../support/systems/index.ts';
import { behindGateways, type FrontAnswer, type FrontRequest } from '../support/faulty-target.ts';
import { targetsFile } from '../support/targets-file.ts';

// The failed/broken rule (support/verdicts.ts) on hostile deployments run live: the
// simulators on loopback, each behind a gateway that answers some requests itself.

/** The suite run live against the served simulators behind their gateways; `concurrency` 1 keeps the features' order. */
async function runBehindGateways(
  keys: readonly SystemKey[],
  tags: string,
  intercept: (key: string, req: FrontRequest) => FrontAnswer | undefined,
  concurrency = 16,
  names?: readonly string[],
) {
  const served = await serveSimulators(keys);
  const fronted = await behindGateways(served, intercept);
  const transcripts: string[] = [];
  try {
    const outcome = await runSuite({
      tags,
      ...(names ? { names } : {}),
      parameters: { concurrency, targets: await targetsFile(fronted.targets) },
      onMessage: (m) => void (m.attachment?.fileName?.startsWith('HTTP transcript') && transcripts.push(m.attachment.body)),
    });
    const compliance = buildCompliance(outcome.scenarios, { mode: outcome.mode, baseUrls: outcome.baseUrls });
    return { scenarios: outcome.scenarios.filter((s) => s.outcome !== 'out-of-scope'), compliance, intercepted: fronted.intercepted(), transcripts };
  } finally {
    await fronted.close();
    await served.close();
  }
}

const show = (s: ScenarioResult) => `${s.location} ${s.outcome} ${s.error?.message ?? ''}`;

/** Every logout request of each system, over every binding. */
const isLogout = (req: FrontRequest) =>
  /\/logout(\.\w+)?$/i.test(req.path) ||
  /\/srv\.asmx\/LogOut$/.test(req.path) ||
  /LogOut/.test(String(req.headers.soapaction ?? '')) ||
  (req.method === 'DELETE' && /\/mobileservices\/sessions(\/v2)?$/.test(req.path));

const BAD_GATEWAY: FrontAnswer = {
  status: 502,
  type: 'text/html',
  body: '<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>',
};

describe("a gateway's 502 page on every logout, the rest of the deployment healthy", () => {
  it('is broken for every system, never a nonconformance', async () => {
    const { scenarios, compliance, intercepted } = await runBehindGateways(systemKeys, 'not @slow', (_key, req) => (isLogout(req) ? BAD_GATEWAY : undefined));
    assert.ok(intercepted > systemKeys.length, `${intercepted} logouts reached the gateway`);
    assert.ok(scenarios.length > 40, `${scenarios.length} scenarios ran`);
    assert.deepEqual(scenarios.filter((s) => s.outcome === 'failed').map(show), []);
    for (const key of systemKeys) {
      const system = compliance.systems.find((s) => s.key === key);
      assert.equal(system?.verdict, 'broken', `${key} is ${system?.verdict}`);
      assert.ok(
        scenarios.some((s) => s.system === key && s.outcome === 'broken' && /answered 502, a gateway's status/.test(s.error?.message ?? '')),
        `${key}: no scenario names the gateway's 502`,
      );
    }
  });
});

/** What a .NET service answers a request it cannot read. */
const EXCEPTION: FrontAnswer = {
  status: 500,
  type: 'text/plain; charset=utf-8',
  body: 'System.InvalidOperationException: Request format is invalid.\r\n   at System.Web.Services.Protocols.HttpServerProtocol.ReadParameters()',
};

describe('infoRouter answering in its own protocol against the documents', () => {
  it('a SOAP fault, after SOAP LogOut answered as documented once: failed in every scenario it reaches, with the retry as evidence', async () => {
    let soapLogOuts = 0;
    const fault: FrontAnswer = {
      status: 500,
      type: 'text/xml; charset=utf-8',
      body: '<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault><faultcode>soap:Server</faultcode><faultstring>Server was unable to process request. ---&gt; Object reference not set to an instance of an object.</faultstring></soap:Fault></soap:Body></soap:Envelope>',
    };
    // The first SOAP LogOut (the features' first: no ticket, answered [901]) goes through; every later one faults.
    // The SOAP scenarios only: no other sends a SOAP LogOut.
    const { scenarios, compliance, transcripts } = await runBehindGateways(
      ['inforouter'],
      '@inforouter and not @slow',
      (_key, req) => (/LogOut/.test(String(req.headers.soapaction ?? '')) && soapLogOuts++ > 0 ? fault : undefined),
      1,
      ['through SOAP'],
    );
    // Both exchanges are the evidence: the fault and its retry, in the failing step's transcript.
    assert.ok(
      transcripts.some((t) => (t.match(/Server was unable to process request/g) ?? []).length >= 2),
      'no transcript holds the fault and its retry',
    );
    const faulted = scenarios.filter((s) => /SOAP Fault/.test(s.error?.message ?? ''));
    assert.ok(faulted.length >= 2, scenarios.map(show).join('\n'));
    for (const s of faulted) {
      assert.equal(s.outcome, 'failed', show(s));
      assert.match(
        s.error?.message ?? '',
        /answered 500 with a SOAP Fault: Server was unable.*; answered so again on a retry, though the system answered its control as documented: SOAP LogOut of a ticket never issued \(else through GET\), documented \[901\]/,
      );
    }
    assert.deepEqual(scenarios.filter((s) => s.outcome === 'broken' || s.outcome === 'harness').map(show), []);
    assert.equal(compliance.systems.find((s) => s.key === 'inforouter')?.verdict, 'nonconformant');
  });

  // Side by side (the default concurrency), whatever ran before: a control LogOut of a
  // ticket never issued shows the endpoint working on the spot. The GET scenarios: the
  // endpoint's other calls.
  it('500 System.InvalidOperationException for one documented input, the same endpoint answering other calls as documented: failed', async () => {
    const { scenarios, compliance } = await runBehindGateways(
      ['inforouter'],
      '@inforouter and not @slow',
      (_key, req) => (req.path.endsWith('/srv.asmx/LogOut') && req.query.get('AuthenticationTicket') === 'not a ticket <&>' ? EXCEPTION : undefined),
      16,
      ['through GET'],
    );
    const failed = scenarios.filter((s) => s.outcome === 'failed');
    assert.deepEqual(
      failed.map((s) => s.name),
      ['LogOut through GET with a malformed ticket answers [901]'],
    );
    assert.match(
      failed[0]?.error?.message ?? '',
      /answered 500 with a body that is not XML: System\.InvalidOperationException.*answered so again on a retry, though the system answered its control as documented: GET LogOut of a ticket never issued, documented \[901\]/,
    );
    assert.deepEqual(scenarios.filter((s) => s.outcome === 'broken' || s.outcome === 'harness').map(show), []);
    assert.equal(compliance.systems.find((s) => s.key === 'inforouter')?.verdict, 'nonconformant');
  });
  it('the same exception in a run of that scenario alone: the control shows GET LogOut working, so it is failed, not broken', async () => {
    const { scenarios } = await runBehindGateways(
      ['inforouter'],
      '@inforouter',
      (_key, req) => (req.path.endsWith('/srv.asmx/LogOut') && req.query.get('AuthenticationTicket') === 'not a ticket <&>' ? EXCEPTION : undefined),
      16,
      ['LogOut through GET with a malformed ticket answers \\[901\\]'],
    );
    assert.deepEqual(
      scenarios.map((s) => `${s.name} ${s.outcome}`),
      ['LogOut through GET with a malformed ticket answers [901] failed'],
    );
    assert.match(
      scenarios[0]?.error?.message ?? '',
      /though the system answered its control as documented: GET LogOut of a ticket never issued, documented \[901\]/,
    );
  });
});

/** A .NET SOAP 1.1 binding that cannot process any request: its own Fault envelope, HTTP 500. */
const SOAP_SERVER_FAULT: FrontAnswer = {
  status: 500,
  type: 'text/xml; charset=utf-8',
  body: '<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><soap:Body><soap:Fault><faultcode>soap:Server</faultcode><faultstring>Server was unable to process request.</faultstring><detail /></soap:Fault></soap:Body></soap:Envelope>',
};
const isSoap = (req: FrontRequest) => req.method === 'POST' && req.path.endsWith('/srv.asmx') && req.headers.soapaction !== undefined;

describe('an infoRouter whose SOAP binding answers every call with a SOAP Fault, GET and form POST working', () => {
  it('fails the SOAP calls as nonconformances, never a harness fault or broken, and closes every ticket over GET', async () => {
    const served = await serveSimulators(['inforouter']);
    const fronted = await behindGateways(served, (_key, req) => (isSoap(req) ? SOAP_SERVER_FAULT : undefined));
    try {
      // The SOAP scenarios: the binding that faults; the tickets they open are closed over GET.
      const outcome = await runSuite({
        tags: '@inforouter and not @slow',
        names: ['through SOAP'],
        parameters: { targets: await targetsFile(fronted.targets) },
      });
      const scenarios = outcome.scenarios.filter((s) => s.outcome !== 'out-of-scope');
      const compliance = buildCompliance(outcome.scenarios, { mode: outcome.mode, baseUrls: outcome.baseUrls });
      assert.deepEqual(scenarios.filter((s) => s.outcome === 'broken' || s.outcome === 'harness').map(show), []);
      const soap = scenarios.filter((s) => /SOAP/.test(s.name) && s.outcome !== 'not-verified');
      assert.ok(soap.length >= 5, scenarios.map(show).join('\n'));
      for (const s of soap) assert.equal(s.outcome, 'failed', show(s));
      assert.deepEqual(outcome.afterRun, []);
      assert.equal(openSessionsOf('inforouter', served.simulators[0]?.model), 0, 'a ticket was left open');
      assert.equal(compliance.systems.find((s) => s.key === 'inforouter')?.verdict, 'nonconformant');
    } finally {
      await fronted.close();
      await served.close();
    }
  });
});
