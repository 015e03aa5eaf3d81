import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { targetsFile } from '../support/targets-file.ts';
import { Ajv } from 'ajv';
import { runConformance } from '../../support/run/conformance.ts';
import { runSuite } from '../support/suite-runs.ts';
import type { Envelope } from '@cucumber/messages';
import type { SimRequest, SimResponse } from '../../support/simulation/route-table.ts';
import { openSessionsOf, serveSimulators } from '../../support/harness/serve.ts';
import { tempDir } from '../support/temp.ts';

const reports = await tempDir('reports-');
const schema = JSON.parse(await readFile('support/report/compliance.schema.json', 'utf8'));

async function filesUnder(root: string): Promise<string[]> {
  const entries = await readdir(root, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

/** Every value that crossed the wire and must never be shown: cookies, tokens, tickets, credentials. */
function secretsOf(req: SimRequest, res: SimResponse, into: Set<string>): void {
  const add = (v: string | undefined) => v && v.length >= 6 && into.add(v);
  for (const v of Object.values(req.cookies)) add(v);
  add(req.headers.get('authorization')?.replace(/^\w+\s+/, ''));
  add(req.headers.get('x-authsessionid') ?? undefined);
  const cookies = res.headers?.['set-cookie'];
  for (const c of typeof cookies === 'string' ? [cookies] : (cookies ?? [])) add(/^[^=]+=([^;]*)/.exec(c)?.[1]);
  const body = `${req.body} ${req.path}?${req.query} ${res.body ?? ''}`;
  for (const m of body.matchAll(
    /(?:authSessionId|refreshToken|refresh_token|access_token|csrfToken|ticket|AuthenticationTicket)["'=:>\s]+"?([^"'&<\s,}]{6,})/gi,
  ))
    add(m[1]);
}

describe('the compliance report and the exit code', () => {
  it('a live run of what runs live exits 0 and writes compliance.json (schema-valid), Markdown with clause ids, JUnit per system, and no secret in any file', async () => {
    const secrets = new Set<string>();
    const served = await serveSimulators(undefined, { observe: (req, res) => secretsOf(req, res, secrets) });
    let printed = '';
    try {
      const targets = await targetsFile(served.targets);
      for (const entry of Object.values(served.targets.systems))
        for (const [k, v] of Object.entries(entry as object)) if (/password/i.test(k)) secrets.add(String(v));
      const { exitCode, compliance } = await runConformance({ targets, reports, tags: 'not @simulator and not @slow', out: (t) => (printed += t) });
      assert.equal(exitCode, 0, printed);
      const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
      const written = JSON.parse(await readFile(join(reports, 'compliance.json'), 'utf8')) as { exitCode: number; systems: { key: string; verdict: string }[] };
      assert.ok(validate(written), JSON.stringify(validate.errors));
      assert.equal(written.exitCode, 0);
      for (const system of written.systems) assert.equal(system.verdict, 'conformant', system.key);
      assert.deepEqual(written.systems, JSON.parse(JSON.stringify(compliance?.systems)));
      const md = await readFile(join(reports, 'compliance.md'), 'utf8');
      assert.match(md, /\| MYOB Acumatica \| \*\*conformant\*\* \| ACU-1, ACU-2/);
      assert.match(
        printed,
        /Conformance \(live, tags: not @simulator and not @slow\):\n {2}MYOB Acumatica +conformant +MUST \d+ passed, 0 failed, 0 broken, 0 not verified, \d+ out of scope/,
      );
      const junit = await readFile(join(reports, 'junit.xml'), 'utf8');
      assert.equal([...junit.matchAll(/<testsuite name="/g)].length, 4, 'one suite per system');
      assert.match(junit, /<testcase name="ACU-1: /);
      const files = await filesUnder(reports);
      for (const name of [
        'junit.xml',
        'cucumber-report.html',
        'cucumber-messages.ndjson',
        'allure-results/categories.json',
        'allure-results/environment.properties',
        'allure-results/executor.json',
      ]) {
        assert.ok(files.includes(join(reports, name)), `${name} was not written`);
      }
      assert.ok(!files.some((f) => f.endsWith('.run.lock')), 'the reports folder is released');
      assert.ok(secrets.size >= 5, `too few secrets were seen on the wire (${secrets.size})`);
      for (const file of files) {
        const text = await readFile(file, 'utf8');
        for (const secret of secrets) assert.ok(!text.includes(secret), `${file} shows a secret (${secret.slice(0, 3)}…)`);
      }
    } finally {
      await served.close();
    }
  });

  it('a live run that cannot check every MUST clause is not verified (exit 4), never conformant, naming the clauses and why in every report', async () => {
    const served = await serveSimulators(['acumatica']);
    let printed = '';
    const own = join(reports, 'not-verified');
    try {
      // A clause that runs live beside the two that cannot (ACU-5 really waits, ACU-6 needs the simulator's controls): the
      // verdict, the summary and the reports of a run that did not check every MUST clause in scope, as a whole run's.
      const { exitCode, compliance } = await runConformance({
        targets: await targetsFile(served.targets),
        reports: own,
        tags: '@clause:ACU-1 or @clause:ACU-5 or @clause:ACU-6',
        out: (t) => (printed += t),
      });
      assert.equal(exitCode, 4, printed);
      const acumatica = compliance?.systems.find((s) => s.key === 'acumatica');
      assert.equal(acumatica?.verdict, 'not-verified');
      assert.ok((acumatica?.must['not-verified'].length ?? 0) > 0);
      for (const id of acumatica?.must['not-verified'] ?? []) {
        assert.match(printed, new RegExp(`${id}[,) ]`), `the summary names ${id}`);
        assert.match(await readFile(join(own, 'junit.xml'), 'utf8'), /<skipped message="not verified: /);
      }
      assert.match(printed, /MYOB Acumatica +not-verified +MUST \d+ passed, 0 failed, 0 broken, \d+ not verified \(/);
      assert.match(printed, /ABRA Flexi +out of scope/);
      assert.match(printed, /Exit 4: not verified/);
    } finally {
      await served.close();
    }
  });

  // A clause of each system: no targets file runs every system on its built-in simulator. That the whole suite
  // is conformant there, with nothing left open, is shown on a whole run in concurrency.test.ts ("the quick start").
  it('the quick start: every system against its built-in simulator exits 0, with nothing left open after the run', async () => {
    let printed = '';
    const { exitCode, compliance } = await runConformance({
      reports: join(reports, 'quick-start'),
      tags: '@clause:ACU-1 or @clause:FLX-1 or @clause:INR-1 or @clause:SAP-1',
      out: (t) => (printed += t),
    });
    assert.deepEqual(
      compliance?.systems.map((s) => [s.key, s.verdict]),
      compliance?.systems.map((s) => [s.key, 'conformant']),
    );
    assert.equal(exitCode, 0, printed);
    assert.deepEqual(compliance?.afterRun, []);
    assert.doesNotMatch(printed, /left open/);
  });

  it('a nonconformance exits 1 and names the clause', async () => {
    const served = await serveSimulators(['acumatica'], { defects: ['acumatica/session-survives-sign-out'] });
    let printed = '';
    try {
      // The clause the defect breaks: its exit code, verdict and wording are a whole run's.
      const { exitCode, compliance } = await runConformance({
        targets: await targetsFile(served.targets),
        reports: join(reports, 'nonconformant'),
        tags: '@clause:ACU-1',
        out: (t) => (printed += t),
      });
      assert.equal(exitCode, 1, printed);
      const acumatica = compliance?.systems.find((s) => s.key === 'acumatica');
      assert.equal(acumatica?.verdict, 'nonconformant');
      assert.equal(acumatica?.clauses.find((c) => c.id === 'ACU-1')?.status, 'failed');
      assert.match(printed, /ACU-1 FAILED: /);
      // One line per problem: no stack trace, no transcript on the console.
      assert.doesNotMatch(printed, /^\s+at |── \d+\. |AssertionError/m);
      assert.ok(
        printed.split('\n').every((l) => l.length < 1_000),
        'a line of the console runs on',
      );
      assert.match(await readFile(join(reports, 'nonconformant', 'junit.xml'), 'utf8'), /<failure type="nonconformance"/);
      for (const other of compliance?.systems.filter((s) => s.key !== 'acumatica') ?? []) assert.equal(other.verdict, 'out-of-scope', other.key);
    } finally {
      await served.close();
    }
  });

  it('a broken targets file exits 2 with one line naming the file and the field', async () => {
    let printed = '';
    const targets = await targetsFile({ systems: { acumatica: { baseUrl: 'https://x.test' } } });
    const { exitCode } = await runConformance({ targets, reports: join(reports, 'bad-targets'), out: (t) => (printed += t) });
    assert.equal(exitCode, 2);
    assert.equal(printed, `conformance: targets file ${targets}: systems.acumatica: missing field "username"; systems.acumatica: missing field "password"\n`);
  });

  it('a target that cannot be reached is broken (exit 3) before any scenario, naming system, URL and cause', async () => {
    let printed = '';
    const targets = await targetsFile({ systems: { acumatica: { baseUrl: 'http://127.0.0.1:1/Instance', username: 'u', password: 'secret-pw' } } });
    const { exitCode } = await runConformance({ targets, reports: join(reports, 'unreachable'), out: (t) => (printed += t) });
    assert.equal(exitCode, 3);
    assert.equal(printed, 'conformance: MYOB Acumatica unreachable before any scenario: [acumatica] GET http://127.0.0.1:1/Instance/: connection refused\n');
  });

  it('a tag expression that selects nothing exits 2 with one line saying so', async () => {
    let printed = '';
    const { exitCode } = await runConformance({ tags: '@no-such-tag', reports: join(reports, 'nothing'), out: (t) => (printed += t) });
    assert.equal(exitCode, 2);
    assert.equal(printed, 'conformance: no scenario matches --tags "@no-such-tag"\n');
  });

  it("refuses a reports folder another live run holds, and clears an earlier run's results before writing its own", async () => {
    const folder = join(reports, 'locked');
    await mkdir(folder, { recursive: true });
    await writeFile(join(folder, 'compliance.json'), '{"stale": true}');
    await writeFile(join(folder, '.run.lock'), String(process.ppid));
    let printed = '';
    const refused = await runConformance({ reports: folder, tags: '@flexi', out: (t) => (printed += t) });
    assert.equal(refused.exitCode, 2);
    assert.match(printed, /the reports folder .* is in use by another run/);
    await writeFile(join(folder, '.run.lock'), '999999999');
    const { exitCode } = await runConformance({ reports: folder, tags: '@flexi and @clause:FLX-1', out: () => {} });
    assert.equal(exitCode, 0);
    assert.doesNotMatch(await readFile(join(folder, 'compliance.json'), 'utf8'), /stale/);
  });
});

describe('the evidence of a scenario', () => {
  it('shows every exchange once, in one transcript beside where the scenario ended, and the clean-up after it', async () => {
    const messages: Envelope[] = [];
    const { scenarios, exchanges } = await runSuite({
      tags: '@acumatica',
      parameters: { mode: 'simulated', defects: ['acumatica/session-survives-sign-out'], keepExchanges: true },
      onMessage: (m) => void messages.push(m),
    });
    assert.ok(
      scenarios.some((s) => s.outcome === 'failed'),
      'the defect should fail a scenario',
    );
    const transcripts = messages.flatMap((m) => (m.attachment?.fileName?.startsWith('HTTP transcript') ? [m.attachment] : []));
    const shown = transcripts.flatMap((a) => [...a.body.matchAll(/^── \d+\. (\S+ \S+) → /gm)].map((m) => m[1]));
    const made = exchanges.flat().map((ex) => `${ex.request.method} ${new URL(ex.request.url).pathname}`);
    assert.ok(made.length > 10, 'too few exchanges to judge');
    assert.deepEqual([...shown].sort(), [...made].sort(), 'every exchange, each once');
    assert.ok(transcripts.length < made.length / 2, `${transcripts.length} transcripts for ${made.length} exchanges: they should be gathered per scenario`);

    // A failed scenario's transcript hangs on the step that failed, and names the steps.
    const failedSteps = new Set(messages.flatMap((m) => (m.testStepFinished?.testStepResult.status === 'FAILED' ? [m.testStepFinished.testStepId] : [])));
    const onFailed = transcripts.filter((a) => failedSteps.has(a.testStepId ?? ''));
    assert.ok(onFailed.length > 0, 'no transcript sits on a failed step');
    for (const a of onFailed) assert.match(a.body, /^── 1\. .+ {3}\((?!clean-up).+\)$/m);
  });
});

/**
 * The command line run of three Acumatica clauses, one by one, held where it has a
 * session open: the first scenario runs whole; the second's sign-out never gets an
 * answer (the clean-up's sign-out, the third, is answered). A process of its own: what
 * is tested is the process's (its signals, its lock on the deployment).
 */
async function heldRun(name: string) {
  let stalled!: () => void;
  const stalledSeen = new Promise<void>((resolve) => (stalled = resolve));
  let signOuts = 0;
  const served = await serveSimulators(['acumatica'], {
    stall: (req) => {
      const stall = req.method === 'POST' && req.path === '/entity/auth/logout' && ++signOuts === 2;
      if (stall) stalled();
      return stall;
    },
  });
  const own = join(reports, name);
  const targets = await targetsFile({ timeoutMs: 30_000, ...served.targets });
  const child = spawn(
    process.execPath,
    [
      'bin/conformance.ts',
      '--targets',
      targets,
      '--reports',
      own,
      '--concurrency',
      '1',
      '--tags',
      '@acumatica and (@clause:ACU-1 or @clause:ACU-2 or @clause:ACU-3)',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (exitCode) => resolve(exitCode)));
  await stalledSeen;
  let closed: Promise<number | null> | undefined;
  return {
    served,
    targets,
    own,
    model: served.simulators[0]?.model,
    output: () => output,
    /** Sends the signal (the first close only; SIGTERM when the test did not get to its own), waits for the exit, closes the simulators. */
    close: (signal: NodeJS.Signals = 'SIGTERM') =>
      (closed ??= (async () => {
        child.kill(signal);
        const exitCode = await exited;
        await served.close();
        return exitCode;
      })()),
  };
}

/** Interrupted while held, the run closes its session, writes its reports marked interrupted and exits `code`. */
async function interrupts(run: Awaited<ReturnType<typeof heldRun>>, signal: NodeJS.Signals, code: number) {
  assert.equal(openSessionsOf('acumatica', run.model), 1, 'the run should hold a session while its sign-out is stalled');
  assert.equal(await run.close(signal), code, run.output());
  assert.match(run.output(), /closing what the run opened/);
  assert.equal(openSessionsOf('acumatica', run.model), 0, 'the interrupted run left its session open');
  const written = JSON.parse(await readFile(join(run.own, 'compliance.json'), 'utf8'));
  assert.equal(written.interrupted, true);
  const outcomes = written.systems.flatMap((s: { clauses: { scenarios: { outcome: string; reason?: string }[] }[] }) => s.clauses.flatMap((c) => c.scenarios));
  assert.ok(
    outcomes.some((s: { reason?: string }) => /interrupted before this scenario started/.test(s.reason ?? '')),
    'the scenario after the interrupt did not start',
  );
}

describe('an interrupted run', () => {
  it('on SIGINT closes the sessions it opened, writes its reports marked interrupted and exits 130', async () => {
    const run = await heldRun('interrupted-SIGINT');
    try {
      await interrupts(run, 'SIGINT', 130);
    } finally {
      await run.close();
    }
  });

  // One process for both: the run held at its sign-out is the other run the second one meets, then it is interrupted.
  describe('held while another run starts, then on SIGTERM', () => {
    let run: Awaited<ReturnType<typeof heldRun>>;
    before(async () => void (run = await heldRun('interrupted-SIGTERM')));
    after(() => run.close());

    it('the second run, against the same deployment and test users, refuses in one line, explaining why', async () => {
      let printed = '';
      const second = await runConformance({ targets: run.targets, reports: join(reports, 'second'), out: (t) => (printed += t) });
      assert.equal(second.exitCode, 2);
      assert.match(
        printed,
        /^conformance: another run \(process \d+\) is checking MYOB Acumatica at http:\/\/127\.0\.0\.1:\d+\/\S+ with api-conformance, the deployment's seats: .*a Flexi logout ends every session of its user/,
      );
      assert.equal(printed.split('\n').filter(Boolean).length, 1);
    });

    it('closes the sessions it opened, writes its reports marked interrupted and exits 143', () => interrupts(run, 'SIGTERM', 143));
  });
});

describe("an in-process run without a reports folder (the harness's tests)", () => {
  it('writes no report, and prints its progress only on a stdout it is given', async () => {
    let printed = '';
    const stdout = new Writable({ write: (chunk, _encoding, done) => void ((printed += chunk), done()) });
    const before = await filesUnder(reports);
    const { success, scenarios } = await runSuite({ tags: '@flexi and @clause:FLX-1', environment: { stdout } });
    assert.ok(success && scenarios.length > 0, 'the Flexi scenarios should run and pass');
    assert.match(printed, /scenarios \(\d+ passed\)/);
    assert.deepEqual(await filesUnder(reports), before);
  });
});
