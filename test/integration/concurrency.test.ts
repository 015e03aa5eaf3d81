import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Pickle } from '@cucumber/messages';
import { claimOf, fits, type Claim, type Pools } from '../../support/harness/claims.ts';
import { buildCompliance } from '../../support/report/compliance.ts';
import { EXIT, exitCodeOf } from '../../support/report/exit-codes.ts';
import { DEFAULT_CONCURRENCY } from '../../support/harness/parameters.ts';
import { SuiteRun, type RunOutcome } from '../../support/run/run.ts';
import { runSuite } from '../support/suite-runs.ts';
import { openSessionsOf, serveSimulators } from '../../support/harness/serve.ts';
import { systemKeys, systems, type SystemKey } from '../../support/systems/index.ts';
import type { ResourceRule } from '../../support/systems/system.ts';
import { targetsFile } from '../support/targets-file.ts';
import { comparable } from '../support/transcripts.ts';
import { failures, ran } from '../support/scenarios.ts';

/** A run made once, when a test first asks for it, and read by every test that asks after. */
const shared = <T>(make: () => Promise<T>): (() => Promise<T>) => {
  let made: Promise<T> | undefined;
  return () => (made ??= make());
};

/** Every scenario of the features as cucumber compiles it (a dry run opens nothing), read once: the features do not change under the tests. */
const pickles = shared(async (): Promise<Pickle[]> => {
  const found: Pickle[] = [];
  await runSuite({ dryRun: true, onMessage: (e) => void (e.pickle && found.push(e.pickle)) });
  return found;
});

const named = (all: readonly Pickle[], name: string): Pickle => {
  const pickle = all.find((p) => p.name === name);
  assert.ok(pickle, `no scenario named "${name}"`);
  return pickle;
};

const takes = (claim: Claim) => Object.fromEntries(claim.takes);
const seats =
  (n: number): Pools =>
  (key: SystemKey) =>
    key === 'acumatica' ? { seat: n } : ({} as Record<string, number>);

describe('what each scenario takes on its target', () => {
  it('is known for every scenario: each of its steps is read by a rule of its system', async () => {
    const all = await pickles();
    assert.ok(all.length > 60, 'too few scenarios to judge');
    const unknown = all.flatMap((p) => {
      const claim = claimOf(p);
      return claim.system ? claim.unmatched.map((step) => `${claim.system}: "${step}" (${p.name})`) : [`no system: ${p.name}`];
    });
    assert.deepEqual(unknown, []);
  });

  it("reads the systems' rules: a Flexi logout takes a user and an administrator, an Acumatica seat scenario the licence, a call without a session nothing", async () => {
    const all = await pickles();
    // The administrator only calls the logout, and is logged out after the run: scenarios share it.
    assert.deepEqual(takes(claimOf(named(all, 'The administrator logs out another user'))), { user: 1, admin: 'shared' });
    assert.deepEqual(takes(claimOf(named(all, 'A user without the rights cannot log out another user, whose sessions stay valid (a json call)'))), { user: 2 });
    assert.deepEqual(takes(claimOf(named(all, 'Signing out frees an API-user seat for the next sign-in'))), { seat: 'exclusive' });
    assert.deepEqual(takes(claimOf(named(all, 'A session used within 10 minutes stays open; one idle for longer is closed and no longer holds a seat'))), {
      seat: 'exclusive',
    });
    assert.deepEqual(takes(claimOf(named(all, 'Sign-out without any session answers 204 (assumed, not documented)'))), {});
    // Both tickets of the one user it is given: a second user would not show what LogOut does to the first ticket's user.
    assert.deepEqual(takes(claimOf(named(all, 'LogOut ends only the ticket it is given (assumed, not documented)'))), { user: 1 });
    // Its session, handed in or (signIn saml) signed in through the IdP as the scenario's own test user.
    assert.deepEqual(takes(claimOf(named(all, 'On a SAML application a logged-out session is recognised as dead by the login request'))), {
      samlSession: 'exclusive',
      user: 1,
    });
    assert.ok(
      all
        .filter((p) => p.tags.some((t) => t.name === '@no-sign-in') && !p.tags.some((t) => t.name === '@needs:samlSession'))
        .every((p) => claimOf(p).takes.size === 0),
    );
  });

  it('keeps apart what would undo each other, and lets the rest overlap', async () => {
    const all = await pickles();
    const claim = (name: string) => claimOf(named(all, name));
    const adminLogsOut = claim('The administrator logs out another user');
    const selfLogout = claim('A user logs themselves out');
    assert.equal(fits(selfLogout, [adminLogsOut], seats(2)), false, 'two Flexi scenarios of the same user');
    assert.equal(
      fits(
        claim('LogOut through GET with neither parameter nor cookie answers [901]'),
        [claim('LogOut ends only the ticket it is given (assumed, not documented)')],
        seats(2),
      ),
      true,
      'an infoRouter call without a ticket',
    );
    assert.equal(fits(selfLogout, [claim('LogOut ends only the ticket it is given (assumed, not documented)')], seats(2)), true, 'different systems');
    const oneSeat = claim("Sign-out answers 204 and the session's cookies stop authorizing entity calls");
    const other = claim('Sign-out needs no request header and no body');
    assert.equal(fits(oneSeat, [other], seats(2)), true, 'two sessions on a licence of two');
    assert.equal(fits(oneSeat, [other, claim('A sign-out answers a documented status')], seats(2)), false, 'a third session on a licence of two');
    assert.equal(fits(oneSeat, [claim('Signing out frees an API-user seat for the next sign-in')], seats(5)), false, 'every seat is taken');
    const twoSeats: Claim = { system: 'acumatica', takes: new Map([['seat', 2]]), unmatched: [], weight: 1 };
    assert.equal(fits(twoSeats, [], seats(1)), true, 'more seats than the licence has: alone');
    assert.equal(fits(twoSeats, [oneSeat], seats(2)), false, 'two seats beside one on a licence of two');
  });
});

/**
 * Each clause's status and behaviour fingerprint and each scenario's outcome, as a report
 * gives them. The fingerprints are what --baseline compares: the live runs below, each on a
 * fresh set of simulators (new ports, new ids), show that every clause of the whole suite
 * fingerprints alike on an unchanged deployment (baseline.test.ts tests the comparison).
 */
function verdicts(outcome: RunOutcome) {
  const compliance = buildCompliance(outcome.scenarios, { mode: outcome.mode, baseUrls: outcome.baseUrls, interrupted: outcome.interrupted });
  return {
    scenarios: outcome.scenarios.map((s) => `${s.location} ${s.outcome}`),
    clauses: compliance.systems.map((s) => ({
      system: s.key,
      verdict: s.verdict,
      clauses: s.clauses.map((c) => `${c.id} ${c.status} ${c.fingerprint} ${c.scenarios.map((x) => x.fingerprint).join(',')}`),
    })),
  };
}

/** A run that counts how many scenarios were under way at once. */
async function counted(options: Parameters<typeof runSuite>[0]): Promise<{ outcome: RunOutcome; peak: number }> {
  let now = 0;
  let peak = 0;
  const outcome = await runSuite({
    ...options,
    onMessage: (e) => {
      if (e.testCaseStarted) peak = Math.max(peak, ++now);
      if (e.testCaseFinished) now--;
    },
  });
  ran(outcome.scenarios);
  return { outcome, peak };
}

/** A live run against freshly served simulators (the SAML session can be ended once per deployment); none left holding a session. */
async function liveRun(concurrency: number, tags?: string) {
  const served = await serveSimulators();
  try {
    const run = await counted({ ...(tags ? { tags } : {}), parameters: { targets: await targetsFile(served.targets), concurrency, keepExchanges: true } });
    return { ...run, open: served.simulators.map((s) => `${s.key} ${openSessionsOf(s.key, s.model)}`) };
  } finally {
    await served.close();
  }
}

// The whole suite is run once each way below and read by several tests: each test's
// assertions are about all of a run's scenarios, clauses or exchanges, so a run made
// for another test of the same kind proves them as one made for it alone.

/** The whole suite on the simulators through nock, one by one and side by side (the default concurrency), every exchange kept. */
const simulatedRuns = shared(async () => ({
  one: await counted({ parameters: { concurrency: 1, keepExchanges: true } }),
  many: await counted({ parameters: { concurrency: DEFAULT_CONCURRENCY, keepExchanges: true } }),
}));

/** The whole suite live against freshly served simulators, one by one and side by side. */
const liveRuns = shared(async () => ({ one: await liveRun(1), many: await liveRun(12) }));

describe('the same simulators on two transports', () => {
  it('answer every request of the suite alike through nock and through a loopback server', async () => {
    // Through nock: the run side by side above, at the default concurrency, as this one.
    const nock = (await simulatedRuns()).many.outcome;
    const loopback = await runSuite({ parameters: { mode: 'loopback', keepExchanges: true } });
    const answers = [];
    for (const [mode, { success, scenarios, exchanges }] of [
      ['simulated', nock],
      ['loopback', loopback],
    ] as const) {
      assert.ok(success, `the suite failed in ${mode} mode`);
      ran(scenarios);
      answers.push(exchanges.flatMap(comparable));
    }
    const [through, served] = answers;
    assert.ok((through?.length ?? 0) > 40, 'the suite made too few requests to compare');
    assert.deepEqual(served, through);
  });
});

describe('the whole suite on the built-in simulators (the quick start)', () => {
  it('is conformant for every system, exit 0, with nothing left open during or after the run', async () => {
    const { outcome } = (await simulatedRuns()).one;
    const compliance = buildCompliance(outcome.scenarios, { mode: outcome.mode, baseUrls: outcome.baseUrls, interrupted: outcome.interrupted });
    assert.deepEqual(
      compliance.systems.map((s) => [s.key, s.verdict, s.leftOpen]),
      compliance.systems.map((s) => [s.key, 'conformant', []]),
    );
    assert.equal(exitCodeOf(compliance), EXIT.conformant);
    assert.deepEqual(outcome.afterRun, []);
  });
});

describe('live runs against real HTTP endpoints', () => {
  it('run every scenario that needs no simulator control, skip the rest with their reason, and leave no session open', async () => {
    // The whole suite live side by side above: its scenarios and what it left open.
    const { outcome, open } = (await liveRuns()).many;
    const { success, scenarios } = outcome;
    assert.deepEqual(failures(scenarios, { allow: ['not-verified'] }), []);
    assert.ok(success);
    for (const key of systemKeys) {
      const mine = scenarios.filter((s) => s.tags.includes(`@${key}`));
      assert.ok(
        mine.some((s) => s.outcome === 'passed'),
        `no ${key} scenario ran live`,
      );
    }
    for (const s of scenarios) {
      const needsControls = s.tags.includes('@simulator') || s.tags.includes('@slow');
      // The served Acumatica sits under an instance path: its site-root example is not verified there.
      const otherUrlForm = s.tags.includes('@site-root');
      assert.equal(s.outcome, needsControls || otherUrlForm ? 'not-verified' : 'passed', s.location);
      if (needsControls) assert.match(s.notRun?.reason ?? '', /simulator's controls|CONFORMANCE_SLOW/, s.location);
      if (otherUrlForm) assert.match(s.notRun?.reason ?? '', /URL form/, s.location);
    }
    assert.deepEqual(
      open,
      systemKeys.map((key) => `${key} 0`),
      'a simulator still holds sessions the run opened',
    );
  });
});

describe('scenarios side by side', () => {
  it('give every clause and scenario the same status and transcript as one by one, on the simulators', async () => {
    const { one, many } = await simulatedRuns();
    assert.equal(one.peak, 1);
    assert.ok(many.peak > 4, `only ${many.peak} scenarios ran at once`);
    assert.ok(one.outcome.success);
    assert.deepEqual(verdicts(many.outcome), verdicts(one.outcome));
    // Each scenario signs in as the same test accounts at any concurrency, so its transcript reads the same.
    assert.deepEqual(many.outcome.exchanges.map(comparable), one.outcome.exchanges.map(comparable));
  });

  // Side by side, the pool's accounts are handed out; that they are the same at every
  // concurrency is the transcripts' equality above (at 1 and 16), so the run at 16 shows both.
  it('give scenarios of one system different test accounts from the pool, the same at every concurrency', async () => {
    const { outcome } = (await simulatedRuns()).many;
    // Who signed in, read off the transcripts: Flexi logs users out by name, SAP grants tokens by name.
    const who = (pattern: RegExp) =>
      new Set(outcome.exchanges.flat().flatMap((e) => [...`${e.request.url} ${e.request.body}`.matchAll(pattern)].map((m) => m[1])));
    const flexiUsers = who(/\/status\/user\/([^/]+)\/logout/g);
    const sapUsers = who(/username=([^&\s]+)/g);
    for (const name of ['franta', 'pepa', 'jarmila', 'karel']) assert.ok(flexiUsers.has(name), `no Flexi scenario logged out ${name}: ${[...flexiUsers]}`);
    for (const n of ['', '-2', '-3', '-4'])
      assert.ok(sapUsers.has(`mobile-conformance${n}`), `no SAP scenario signed in as mobile-conformance${n}: ${[...sapUsers]}`);
  });

  it('give every clause and scenario the same status as one by one, live on loopback, and close every session', async () => {
    const { one, many } = await liveRuns();
    assert.ok(many.peak > 4, `only ${many.peak} scenarios ran at once`);
    assert.deepEqual(verdicts(many.outcome), verdicts(one.outcome));
    assert.deepEqual(many.outcome.exchanges.map(comparable), one.outcome.exchanges.map(comparable));
    assert.ok(one.outcome.success);
    assert.deepEqual(many.open, one.open);
    assert.ok(
      many.open.every((o) => o.endsWith(' 0')),
      many.open.join(', '),
    );
  });

  it('would let scenarios undo each other without the rules (the negative control)', async () => {
    const { resources } = systems.flexi;
    const rules = resources.rules;
    // Flexi's rules emptied: every step takes nothing, so every Flexi scenario may overlap.
    Object.assign(resources, { rules: [{ step: /./, takes: {} }] satisfies ResourceRule[] });
    try {
      // Flexi's scenarios alone: the rules emptied are Flexi's, and only its scenarios are judged.
      const { outcome } = await liveRun(12, '@flexi');
      const flexi = outcome.scenarios.filter((s) => s.system === 'flexi' && s.outcome !== 'not-verified');
      assert.ok(
        flexi.some((s) => s.outcome !== 'passed'),
        'Flexi scenarios sharing a user all passed side by side: the comparison above could not fail',
      );
    } finally {
      Object.assign(resources, { rules });
    }
  });
});

describe('an interrupted run with scenarios side by side', () => {
  it('starts nothing more, ends what is under way, and closes every session every scenario opened', async () => {
    let stalled!: () => void;
    const stalledSeen = new Promise<void>((resolve) => (stalled = resolve));
    // One Flexi read in a step (not a clean-up) never gets an answer: the run is interrupted while it and others are under way.
    let reads = 0;
    const served = await serveSimulators(undefined, {
      stall: (req) => {
        const stall = req.method === 'GET' && req.path.startsWith('/c/') && ++reads === 3;
        if (stall) stalled();
        return stall;
      },
    });
    // What was open before the run: the session handed in from the SAML browser flow.
    const before = served.simulators.map((s) => openSessionsOf(s.key, s.model));
    try {
      let now = 0;
      let underway = 0;
      // A sign-in cut off by the interrupt is still read, and what it opened closed, before the run ends.
      const run = new SuiteRun({
        parameters: { targets: await targetsFile({ timeoutMs: 30_000, ...served.targets }), concurrency: 8 },
        onMessage: (e) => {
          if (e.testCaseStarted) now++;
          if (e.testCaseFinished) now--;
        },
      });
      await stalledSeen;
      underway = now;
      run.interrupt();
      const outcome = await run.done;
      assert.ok(underway > 1, `only ${underway} scenario was under way when interrupted`);
      assert.equal(outcome.interrupted, true);
      assert.ok(
        outcome.scenarios.some((s) => s.notRun?.kind === 'interrupted'),
        'every scenario started although the run was interrupted',
      );
      const after = served.simulators.map((s) => openSessionsOf(s.key, s.model));
      const leftOpen = after.reduce((sum, n, i) => sum + Math.max(0, n - (before[i] as number)), 0);
      assert.equal(leftOpen, 0, `the interrupted run left ${leftOpen} sessions open (${after} after, ${before} before)`);
      assert.deepEqual(run.pending, [], 'a clean-up did not run');
    } finally {
      await served.close();
    }
  });
});
