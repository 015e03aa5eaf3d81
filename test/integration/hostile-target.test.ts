import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runSuite } from '../../support/run/run.ts';
import type { SimRequest } from '../../support/simulation/route-table.ts';
import { openSessionsOf, serveSimulators } from '../../support/harness/serve.ts';
import { systemKeys } from '../../support/systems/index.ts';
import { everySystemAt, faultyTarget } from '../support/faulty-target.ts';
import { targetsFile } from '../support/targets-file.ts';
import { ran } from '../support/scenarios.ts';

/** The request of each system that opens a session, ticket or token. */
const OPENS = /\/entity\/auth\/login$|\/login-logout\/login\.json$|\/AuthenticateUser$|\/v2\/Me$|\/oauth2\/api\/v1\/token$/;
const opens = (req: SimRequest) => OPENS.test(req.path) && (!req.path.endsWith('/v2/Me') || req.headers.has('authorization'));

describe('an answer that comes after its timeout', () => {
  it('still closes what it opened: a session, ticket or token the target made is closed before the run ends', async () => {
    const delayed = new Set<string>();
    // The first request of each system that opens something is answered 400 ms late, after a 250 ms timeout (and before the harness stops listening, at twice that).
    const served = await serveSimulators(systemKeys, {
      delay: (req) => {
        // Each system opens through a path of its own.
        const key = OPENS.exec(req.path)?.[0] ?? '';
        if (!opens(req) || delayed.has(key)) return 0;
        delayed.add(key);
        return 400;
      },
    });
    // What the deployment held before the run (the SAML session a tester hands in) is not the run's.
    const before = new Map(served.simulators.map((sim) => [sim.key, openSessionsOf(sim.key, sim.model)]));
    try {
      const targets = { timeoutMs: 250, ...served.targets };
      const { scenarios } = await runSuite({
        tags: '@clause:ACU-1 or @clause:FLX-7 or @clause:INR-1 or @clause:SAP-1',
        parameters: { targets: await targetsFile(targets) },
      });
      ran(scenarios, 4);
      const late = scenarios.filter((s) => s.outcome === 'broken' && /no answer within 250 ms/.test(s.error?.message ?? ''));
      assert.ok(late.length >= 3, `too few sign-ins timed out: ${late.map((s) => s.location).join(', ')}`);
      for (const sim of served.simulators)
        assert.equal(openSessionsOf(sim.key, sim.model), before.get(sim.key), `${sim.key} still holds what a late answer opened`);
    } finally {
      await served.close();
    }
  });
});

describe('a target that stops answering', () => {
  it('is given up on after three requests in a row time out: the rest fail at once, naming since when', async () => {
    const target = await faultyTarget('never answers');
    try {
      const configs = everySystemAt(target.url, 150);
      const started = Date.now();
      // One by one, so that requests already in flight beside the third timeout do not blur the count.
      const { scenarios } = await runSuite({ parameters: { concurrency: 1, targets: await targetsFile({ systems: configs }) } });
      const ran = scenarios.filter((s) => s.outcome === 'broken');
      assert.ok(ran.length > 20);
      // Without giving up, every request of every scenario and clean-up would wait its 150 ms.
      assert.ok(Date.now() - started < 10_000, `the run took ${Date.now() - started} ms`);
      for (const key of systemKeys) {
        const mine = ran.filter((s) => s.system === key);
        const givenUp = mine.filter((s) => /no answer since \d{4}-.*3 requests in a row timed out.*not tried again/.test(s.error?.message ?? ''));
        assert.ok(givenUp.length >= mine.length - 3, `${key}: ${mine.length - givenUp.length} scenarios still waited for a timeout`);
      }
      assert.ok(target.requests() <= systemKeys.length * 3, `${target.requests()} requests reached the silent target`);
    } finally {
      await target.close();
    }
  });
});

describe('the evidence of a whole run', () => {
  it("is bounded: past the run's bound a transcript becomes a marker", async () => {
    const transcripts: string[] = [];
    const { scenarios } = await runSuite({
      tags: '@inforouter',
      parameters: { evidenceBytes: 4_000 },
      onMessage: (m) => void (m.attachment?.fileName?.startsWith('HTTP transcript') && transcripts.push(m.attachment.body)),
    });
    ran(scenarios);
    const kept = transcripts.filter((t) => !t.startsWith('[transcript of '));
    assert.ok(kept.length > 0 && kept.length < transcripts.length, `${kept.length} of ${transcripts.length} kept`);
    assert.ok(kept.reduce((n, t) => n + Buffer.byteLength(t), 0) <= 4_000);
    assert.match(transcripts.at(-1) ?? '', /^\[transcript of \d+ bytes not kept: the run's transcripts reached their bound of 4000 bytes\]$/);
  });
});
