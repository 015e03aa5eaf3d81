import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { targetsFile } from './support/targets-file.ts';
import { Ajv } from 'ajv';
import { runConformance } from '../support/run/conformance.ts';
import { runSuite } from '../support/run/run.ts';
import { lastRun } from '../support/harness/stage.ts';
import type { Envelope } from '@cucumber/messages';
import type { SimRequest, SimResponse } from '../support/simulation/route-table.ts';
import { openSessionsOf, serveSimulators } from '../support/simulation/serve.ts';
import { quietly } from './support/quietly.ts';
import { tempDir } from './support/temp.ts';

// cucumber.cjs reads the reports folder once per process: every run here writes to this one.
const reports = await tempDir('reports-');
process.env.CONFORMANCE_REPORTS = reports;
const quiet = { out: () => {} };
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
  for (const m of body.matchAll(/(?:authSessionId|refreshToken|refresh_token|access_token|csrfToken|ticket|AuthenticationTicket)["'=:>\s]+"?([^"'&<\s,}]{6,})/gi)) add(m[1]);
}

describe('the compliance report and the exit code', () => {
  it('a conformant run exits 0 and writes a compliance.json that matches its schema, a Markdown matrix and every output, with no secret in any file', async () => {
    const secrets = new Set<string>();
    const served = await serveSimulators(undefined, { observe: (req, res) => secretsOf(req, res, secrets) });
    let printed = '';
    try {
      const targets = await targetsFile(served.targets);
      for (const entry of Object.values(served.targets.systems)) for (const [k, v] of Object.entries(entry as object)) if (/password/i.test(k)) secrets.add(String(v));
      const { exitCode, compliance } = await quietly(() => runConformance({ env: { ...process.env, CONFORMANCE_TARGETS: targets }, out: (t) => (printed += t) }));
      assert.equal(exitCode, 0, printed);
      const validate = new Ajv({ allErrors: true }).compile(schema);
      const written = JSON.parse(await readFile(join(reports, 'compliance.json'), 'utf8'));
      assert.ok(validate(written), JSON.stringify(validate.errors));
      assert.deepEqual(written, JSON.parse(JSON.stringify(compliance)));
      for (const system of written.systems) assert.equal(system.verdict, 'conformant', system.key);
      const skipped = written.systems.flatMap((s: { clauses: { status: string; reason?: string }[] }) => s.clauses.filter((c) => c.status === 'skipped'));
      assert.ok(skipped.length > 0 && skipped.every((c: { reason?: string }) => c.reason), 'skipped clauses carry their reason');
      const md = await readFile(join(reports, 'compliance.md'), 'utf8');
      assert.match(md, /\| system \| verdict \| 1 \| 2 \|/);
      assert.match(printed, /Conformance:\n {2}MYOB Acumatica +conformant/);
      const files = await filesUnder(reports);
      for (const name of ['cucumber-junit.xml', 'cucumber-report.html', 'cucumber-messages.ndjson', 'allure-results/categories.json', 'allure-results/environment.properties', 'allure-results/executor.json']) {
        assert.ok(files.includes(join(reports, name)), `${name} was not written`);
      }
      assert.ok(secrets.size >= 5, `too few secrets were seen on the wire (${secrets.size})`);
      for (const file of files) {
        const text = await readFile(file, 'utf8');
        for (const secret of secrets) assert.ok(!text.includes(secret), `${file} shows a secret (${secret.slice(0, 3)}…)`);
      }
    } finally {
      await served.close();
    }
  });

  it('a nonconformance exits 1 and names the clause', async () => {
    const served = await serveSimulators(['acumatica'], { defects: ['acumatica/session-survives-sign-out'] });
    let printed = '';
    try {
      const targets = await targetsFile(served.targets);
      const { exitCode, compliance } = await quietly(() => runConformance({ env: { ...process.env, CONFORMANCE_TARGETS: targets }, out: (t) => (printed += t) }));
      assert.equal(exitCode, 1, printed);
      const acumatica = compliance?.systems.find((s) => s.key === 'acumatica');
      assert.equal(acumatica?.verdict, 'nonconformant');
      assert.equal(acumatica?.clauses.find((c) => c.id === 'ACU-1')?.status, 'failed');
      assert.match(printed, /ACU-1 FAILED: nonconformance: /);
      for (const other of compliance?.systems.filter((s) => s.key !== 'acumatica') ?? []) assert.equal(other.verdict, 'not-run', other.key);
    } finally {
      await served.close();
    }
  });

  it('a broken targets file exits 2 with one line naming the file and the field', async () => {
    let printed = '';
    const targets = await targetsFile({ systems: { acumatica: { baseUrl: 'https://x.test' } } });
    const { exitCode } = await runConformance({ env: { ...process.env, CONFORMANCE_TARGETS: targets }, out: (t) => (printed += t) });
    assert.equal(exitCode, 2);
    assert.equal(printed, `conformance: targets file ${targets}: systems.acumatica: missing field "username"; systems.acumatica: missing field "password"\n`);
  });

  it('a target that cannot be reached exits 2 before any scenario, naming system, URL and cause', async () => {
    let printed = '';
    const targets = await targetsFile({ systems: { acumatica: { baseUrl: 'http://127.0.0.1:1/Instance', username: 'u', password: 'secret-pw' } } });
    const { exitCode } = await runConformance({ env: { ...process.env, CONFORMANCE_TARGETS: targets }, ...quiet, out: (t) => (printed += t) });
    assert.equal(exitCode, 2);
    assert.equal(printed, 'conformance: target unreachable before any scenario: [acumatica] GET http://127.0.0.1:1/Instance/: connection refused\n');
  });
});

describe('the evidence of a scenario', () => {
  it('shows every exchange once, in one transcript beside where the scenario ended, and the clean-up after it', async () => {
    const messages: Envelope[] = [];
    const { scenarios } = await runSuite({
      tags: '@acumatica',
      parameters: { mode: 'simulated', defects: ['acumatica/session-survives-sign-out'], keepExchanges: true },
      onMessage: (m) => void messages.push(m),
    });
    assert.ok(scenarios.some((s) => s.status === 'failed'), 'the defect should fail a scenario');
    const transcripts = messages.flatMap((m) => (m.attachment?.fileName?.startsWith('HTTP transcript') ? [m.attachment] : []));
    const shown = transcripts.flatMap((a) => [...a.body.matchAll(/^── \d+\. (\S+ \S+) → /gm)].map((m) => m[1]));
    const made = (lastRun()?.exchanges.flat() ?? []).map((ex) => `${ex.request.method} ${new URL(ex.request.url).pathname}`);
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

describe('an interrupted run', () => {
  it('closes the sessions it opened before it exits (SIGINT)', async () => {
    let stalled!: () => void;
    const stalledSeen = new Promise<void>((resolve) => (stalled = resolve));
    // The first scenario runs whole; the second's sign-out never gets an answer, so
    // its session is open when the run is interrupted (the clean-up's sign-out, the
    // third, is answered).
    let signOuts = 0;
    const served = await serveSimulators(['acumatica'], {
      stall: (req) => {
        const stall = req.method === 'POST' && req.path === '/entity/auth/logout' && ++signOuts === 2;
        if (stall) stalled();
        return stall;
      },
    });
    try {
      const targets = await targetsFile({ timeoutMs: 30_000, ...served.targets });
      const child = spawn(process.execPath, ['bin/conformance.ts', '--tags', '@acumatica and (@clause:ACU-1 or @clause:ACU-2)'], {
        env: { ...process.env, CONFORMANCE_TARGETS: targets, CONFORMANCE_REPORTS: join(reports, 'interrupted') },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (d) => (output += d));
      child.stderr.on('data', (d) => (output += d));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      await stalledSeen;
      const model = served.simulators[0]?.model;
      assert.equal(openSessionsOf('acumatica', model), 1, 'the run should hold a session while its sign-out is stalled');
      child.kill('SIGINT');
      assert.equal(await exited, 130, output);
      assert.match(output, /interrupted; closing what the run opened/);
      assert.equal(openSessionsOf('acumatica', model), 0, 'the interrupted run left its session open');
      // The finished scenario's Allure result is on disk, whole: a partial report can be read.
      const results = join(reports, 'interrupted', 'allure-results');
      const files = (await readdir(results)).filter((f) => f.endsWith('-result.json'));
      assert.equal(files.length, 1, `one finished scenario, results: ${files.join(', ')}`);
      for (const f of files) assert.doesNotThrow(JSON.parse.bind(JSON, await readFile(join(results, f), 'utf8')), `${f} was cut short`);
    } finally {
      await served.close();
    }
  });
});

describe('an in-process run without formatters (the harness\'s tests, the bench)', () => {
  it('prints nothing and writes no report, even on a stdout it is given', async () => {
    let printed = '';
    const stdout = new Writable({ write: (chunk, _encoding, done) => void ((printed += chunk), done()) });
    const before = await filesUnder(reports);
    const { success, scenarios } = await runSuite({ tags: '@flexi', environment: { stdout } });
    assert.ok(success && scenarios.length > 0, 'the Flexi scenarios should run and pass');
    assert.equal(printed, '');
    assert.deepEqual(await filesUnder(reports), before);
  });
});
