import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { runConformance } from '../../support/run/conformance.ts';
import { serveSimulators } from '../../support/harness/serve.ts';
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

/** The page's visible text after its scripts ran, as headless Chromium renders it. */
async function renderedText(url: string): Promise<string> {
  const profile = await tempDir('chromium-');
  const flags = [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    `--user-data-dir=${profile}`,
    '--virtual-time-budget=15000',
    '--dump-dom',
  ];
  const { stdout } = await run('chromium', [...flags, url], { maxBuffer: 64 * 1024 * 1024, timeout: 60_000 });
  return stdout
    .replace(/<(style|script)[\s\S]*?<\/\1>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ');
}

it(
  "the Allure report, opened in headless Chromium, shows the run's numbers of passed, failed and broken scenarios",
  { timeout: 180_000, skip: browserAndJava.skip },
  async () => {
    browserAndJava.check();
    const served = await serveSimulators(['acumatica'], { defects: ['acumatica/session-survives-sign-out'] });
    let compliance;
    try {
      const targets = join(reports, 'targets.json');
      await writeFile(targets, JSON.stringify(served.targets));
      ({ compliance } = await runConformance({ targets, reports, out: () => {} }));
    } finally {
      await served.close();
    }
    const scenarios = compliance?.systems.flatMap((s) => s.clauses.flatMap((c) => c.scenarios)) ?? [];
    const unique = [...new Map(scenarios.map((s) => [s.location, s])).values()];
    const count = (test: (s: (typeof unique)[number]) => boolean) => unique.filter(test).length;
    const expected = {
      failed: count((s) => s.outcome === 'failed'),
      broken: count((s) => s.outcome === 'broken' || s.outcome === 'harness'),
      passed: count((s) => s.outcome === 'passed'),
      skipped: count((s) => s.outcome === 'not-verified' || s.outcome === 'out-of-scope'),
    };
    assert.ok(expected.failed > 0 && expected.passed > 0, `the run should both pass and fail: ${JSON.stringify(expected)}`);

    const { stdout } = await run(process.execPath, ['bin/report.ts'], { env: { ...process.env, CONFORMANCE_REPORTS: reports }, timeout: 120_000 });
    assert.match(stdout, new RegExp(`^To open it: npx allure open -h 127\\.0\\.0\\.1 ${reports.replaceAll('.', '\\.')}/allure-report$`, 'm'));
    const site = await serveFolder(join(reports, 'allure-report'));
    try {
      const overview = await renderedText(`${site.url}/index.html`);
      assert.match(overview, new RegExp(`${unique.length} test cases`));
      assert.match(overview, /Nonconformance: the target broke a documented rule/);
      const suites = await renderedText(`${site.url}/index.html#suites`);
      const status = /Status: (\d+) (\d+) (\d+) (\d+)/.exec(suites);
      assert.ok(status, `no status counters in: ${suites.slice(0, 300)}`);
      assert.deepEqual({ failed: Number(status[1]), broken: Number(status[2]), passed: Number(status[3]), skipped: Number(status[4]) }, expected);
    } finally {
      await site.close();
    }
  },
);

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
