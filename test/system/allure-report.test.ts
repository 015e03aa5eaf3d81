import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import type { Page } from 'puppeteer-core';
import type { Compliance } from '../../support/report/compliance.ts';
import { EXIT, EXIT_MEANING } from '../../support/report/exit-codes.ts';
import { runConformance } from '../../support/run/conformance.ts';
import { serveSimulators } from '../../support/harness/serve.ts';
import { chromiumForPages } from '../support/browser-scope.ts';
import { CHROMIUM, JAVA, needs } from '../support/prerequisites.ts';
import { tempDir } from '../support/temp.ts';

const run = promisify(execFile);
const reports = await tempDir('allure-');
const browserAndJava = needs([CHROMIUM, JAVA]);

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
};

/** Serves a folder on 127.0.0.1: the Allure report loads its data over HTTP, not from file://. */
async function serveFolder(root: string) {
  const server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    try {
      const body = await readFile(join(root, path.endsWith('/') ? `${path}index.html` : path));
      res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((r) => server.close(r)) };
}

/** A gateway in front of a target that answers every request 502 with a page saying "assertion failed": broken, never a finding. */
async function gateway() {
  const server = createServer((_req, res) => res.writeHead(502, { 'content-type': 'text/html' }).end('<html><b>assertion failed</b>: bad gateway</html>'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, close: () => new Promise((r) => server.close(r)) };
}

describe('the Allure report, opened in headless Chromium', { timeout: 240_000, skip: browserAndJava.skip }, () => {
  const browser = chromiumForPages(browserAndJava);
  let site: { url: string; close: () => Promise<unknown> };
  let compliance: Compliance | undefined;
  let exitCode: number;

  // One run: Acumatica's session survives its sign-out (nonconformant), Flexi sits behind a gateway (broken). Its report is
  // generated twice, as two runs' `npm run report` would, the second carrying the first one's history.
  before(async () => {
    const served = await serveSimulators(['acumatica', 'flexi'], { defects: ['acumatica/session-survives-sign-out'] });
    const behind = await gateway();
    try {
      const targets = join(reports, 'targets.json');
      const systems = served.targets.systems as Record<string, Record<string, unknown>>;
      await writeFile(targets, JSON.stringify({ ...served.targets, systems: { ...systems, flexi: { ...systems.flexi, baseUrl: behind.url } } }));
      ({ compliance, exitCode } = await runConformance({ targets, reports, out: () => {} }));
    } finally {
      await Promise.all([served.close(), behind.close()]);
    }
    // A JVM that lives for one report compiles with C1 alone and collects with one thread: the report is the same, at a
    // fraction of the JIT's CPU (JAVA_OPTS, which the Allure command line reads, as a user may set it too).
    const env = { ...process.env, CONFORMANCE_REPORTS: reports, JAVA_OPTS: '-XX:TieredStopAtLevel=1 -XX:+UseSerialGC' };
    for (let n = 0; n < 2; n++) {
      const { stdout } = await run(process.execPath, ['bin/report.ts'], { env, timeout: 120_000 });
      assert.match(stdout, new RegExp(`^To open it: npx allure open -h 127\\.0\\.0\\.1 ${reports.replaceAll('.', '\\.')}/allure-report$`, 'm'));
    }
    site = await serveFolder(join(reports, 'allure-report'));
  });
  after(() => site?.close());

  // One page of the report for the file: the report is one application, whose views are its address's hash, so a
  // view is reached as a reader's click reaches it, without loading the application again.
  let report: Promise<Page> | undefined;
  const reportPage = () =>
    (report ??= (async () => {
      const page = await (await browser()).newPage();
      // The report would load an analytics script from the internet: the test stays on 127.0.0.1.
      await page.setRequestInterception(true);
      page.on('request', (r) => void (r.url().startsWith(site.url) ? r.continue() : r.abort()));
      await page.goto(`${site.url}/index.html`);
      return page;
    })());

  /** The visible text of the report's view at `hash` once `ready` (something only that view shows) shows in it, as headless Chromium renders it. */
  async function renderedText(hash: string, ready: RegExp): Promise<string> {
    const page = await reportPage();
    await page.evaluate(`location.hash = ${JSON.stringify(hash)}`);
    await page.waitForFunction(`${ready}.test(document.body.innerText)`, { timeout: 60_000 });
    const text = await page.$eval('body', (b) => (b as unknown as { innerText: string }).innerText);
    return text.replace(/\s+/g, ' ');
  }

  it("the overview names each system's verdict and its MUST clauses by status, the exit code, the categories and a trend of both runs", async () => {
    assert.equal(exitCode, EXIT.nonconformant);
    const acumatica = compliance?.systems.find((s) => s.key === 'acumatica');
    const flexi = compliance?.systems.find((s) => s.key === 'flexi');
    assert.equal(acumatica?.verdict, 'nonconformant');
    assert.equal(flexi?.verdict, 'broken');
    assert.ok(acumatica && acumatica.must.failed.length > 0);
    const overview = await renderedText('', /Environment/);
    // The words and the clauses the console prints, from the verdict model.
    assert.ok(
      overview.includes(
        `MYOB Acumatica ${acumatica.verdict}: MUST ${acumatica.must.passed.length} passed, ${acumatica.must.failed.length} failed (${acumatica.must.failed.join(', ')})`,
      ),
      overview,
    );
    assert.ok(
      overview.includes(`ABRA Flexi ${flexi?.verdict}: MUST 0 passed, 0 failed, ${flexi?.must.broken.length} broken (${flexi?.must.broken.join(', ')})`),
      overview,
    );
    assert.ok(overview.includes(`Exit 1: ${EXIT_MEANING[EXIT.nonconformant]}`), overview);
    assert.match(overview, /Nonconformance: the target broke a documented rule/);
    assert.match(overview, /Broken target: unreachable, timed out or answered unreadably/);
    assert.doesNotMatch(overview, /Harness defect/, "a target's error is not the harness's");
    const trend = JSON.parse(await readFile(join(reports, 'allure-report', 'widgets', 'history-trend.json'), 'utf8')) as unknown[];
    assert.equal(trend.length, 2, 'the second report carries the first one in its trend');
  });

  it("the suites count the run's scenarios by verdict: failed, broken (though the gateway's page says assertion), passed, skipped", async () => {
    const scenarios = compliance?.systems.flatMap((s) => s.clauses.flatMap((c) => c.scenarios)) ?? [];
    const unique = [...new Map(scenarios.map((s) => [s.location, s])).values()];
    const count = (test: (s: (typeof unique)[number]) => boolean) => unique.filter(test).length;
    const expected = {
      failed: count((s) => s.outcome === 'failed'),
      broken: count((s) => s.outcome === 'broken' || s.outcome === 'harness'),
      passed: count((s) => s.outcome === 'passed'),
      skipped: count((s) => s.outcome === 'not-verified' || s.outcome === 'out-of-scope'),
    };
    assert.ok(expected.failed > 0 && expected.broken > 0 && expected.passed > 0, `the run should pass, fail and break: ${JSON.stringify(expected)}`);
    const suites = await renderedText('#suites', /Status:\s+\d+\s+\d+\s+\d+\s+\d+/);
    const status = /Status: (\d+) (\d+) (\d+) (\d+)/.exec(suites);
    assert.ok(status, `no status counters in: ${suites.slice(0, 300)}`);
    assert.deepEqual({ failed: Number(status[1]), broken: Number(status[2]), passed: Number(status[3]), skipped: Number(status[4]) }, expected);
  });
});

describe('npm run report, without what it needs', () => {
  const report = (args: string[], env: NodeJS.ProcessEnv) =>
    spawnSync(process.execPath, ['bin/report.ts', ...args], { env: { ...process.env, ...env }, encoding: 'utf8' });

  it('without Java: one line saying how to get it, exit 2', async () => {
    const folder = await tempDir('allure-');
    await mkdir(join(folder, 'allure-results'));
    const { status, stdout, stderr } = report([], { CONFORMANCE_REPORTS: folder, PATH: '/nonexistent' });
    assert.equal(status, 2);
    assert.equal(stdout, '');
    assert.equal(
      stderr,
      'report: the Allure command line needs Java (a JRE 8 or newer) on PATH: apt-get install default-jre-headless, or see https://adoptium.net\n',
    );
  });

  it('before any run: one line, exit 2', async () => {
    const folder = await tempDir('allure-');
    const { status, stderr } = report([], { CONFORMANCE_REPORTS: folder });
    assert.equal(status, 2);
    assert.equal(stderr, `report: no ${folder}/allure-results; run npm run conformance first\n`);
  });

  it('an unknown option: one line with the usage, exit 2', () => {
    const { status, stderr } = report(['--serve'], {});
    assert.equal(status, 2);
    assert.match(stderr, /^report: Unknown option '--serve'.*; usage: npm run report \[-- --open\]\n$/);
  });
});
