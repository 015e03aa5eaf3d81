import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { before, describe, it } from 'node:test';
import type { Page } from 'puppeteer-core';
import { compareWithBaseline } from '../../support/report/baseline.ts';
import type { Compliance } from '../../support/report/compliance.ts';
import { fleetOf, readReport, type DeploymentEntry, type FleetCompliance } from '../../support/report/document.ts';
import { EXIT_MEANING } from '../../support/report/exit-codes.ts';
import { writeSite } from '../../support/report/site/index.ts';
import { runConformance } from '../../support/run/conformance.ts';
import { systems } from '../../support/systems/index.ts';
import { chromiumForPages } from '../support/browser-scope.ts';
import { CHROMIUM, needs } from '../support/prerequisites.ts';
import { tempDir } from '../support/temp.ts';

// The site of a fixture run, opened from file:// in headless Chromium: a real run of
// the simulators as one deployment, and beside it a deployment whose verdicts were
// rewritten to show every verdict, with a hostile observation.

const browserNeeded = needs([CHROMIUM]);
const reports = await tempDir('site-');
const shots = await tempDir('site-shots-');
const HOSTILE = '</script><img src=x onerror="window.__pwned=1"><!--';

// Only in the page's callbacks, which run in the browser.
declare const document: {
  images: { length: number };
  body: { innerText: string };
  querySelector(s: string): { id: string; getBoundingClientRect(): { top: number }; querySelectorAll(s: string): Iterable<unknown> } | null;
  getElementById(id: string): { textContent: string | null } | null;
};
declare const window: { innerHeight: number };
declare const location: { hash: string };
declare function getComputedStyle(e: unknown): { display: string };

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends readonly (infer U)[] ? Mutable<U>[] : T[K] extends object ? Mutable<T[K]> : T[K] };

/** The real run's verdicts rewritten: Flexi nonconformant on FLX-4 (observed: the hostile text), infoRouter broken, SAP not verified, Acumatica out of scope. */
function rewritten(real: Compliance): Compliance {
  const c = structuredClone(real) as Mutable<Compliance>;
  const sys = (key: string) => c.systems.find((s) => s.key === key) as Mutable<Compliance['systems'][number]>;
  const flexi = sys('flexi');
  flexi.verdict = 'nonconformant';
  flexi.must.passed = flexi.must.passed.filter((id) => id !== 'FLX-4');
  flexi.must.failed = ['FLX-4'];
  const flx4 = flexi.clauses.find((x) => x.id === 'FLX-4') as Mutable<Compliance['systems'][number]['clauses'][number]>;
  flx4.status = 'failed';
  const observation = { check: 'the logout answer', expected: '404', observed: HOSTILE, held: false };
  flx4.observations = [observation];
  for (const s of flx4.scenarios) [s.outcome, s.error, s.observations] = ['failed', `Nonconformance: ${HOSTILE}`, [observation]];
  const inforouter = sys('inforouter');
  inforouter.verdict = 'broken';
  const first = inforouter.clauses[0] as Mutable<Compliance['systems'][number]['clauses'][number]>;
  [first.status, first.reason] = ['broken', `target unreadable: ${HOSTILE}`];
  inforouter.must.passed = inforouter.must.passed.filter((id) => id !== first.id);
  inforouter.must.broken = [first.id];
  const sap = sys('sap-mobile-services');
  sap.verdict = 'not-verified';
  const [notRun] = sap.must.passed.splice(0, 1);
  sap.must['not-verified'] = [notRun as string];
  const acumatica = sys('acumatica');
  acumatica.verdict = 'out-of-scope';
  for (const cl of acumatica.clauses) cl.status = 'out-of-scope';
  acumatica.must['out-of-scope'] = acumatica.must.passed;
  acumatica.must.passed = [];
  return c as Compliance;
}

/** As a fleet holds a deployment: without the file's own exit meaning. */
function entry(c: Compliance, deployment: string): DeploymentEntry {
  const { exitMeaning: _, ...own } = c as Compliance & { exitMeaning?: string };
  return { ...own, deployment, exitCode: 0 };
}

describe('the site, in headless Chromium from file://', { skip: browserNeeded.skip, timeout: 240_000 }, () => {
  const browser = chromiumForPages(browserNeeded);
  let site: string;
  const errors: string[] = [];

  before(async () => {
    await runConformance({ reports, out: () => {} });
    const real = (await readReport(join(reports, 'compliance.json'), 'fixture')) as Compliance;
    // The fleet's transcripts are one folder per deployment.
    await mkdir(join(reports, 'deployments', 'eu-prod'), { recursive: true });
    await copyFile(join(reports, 'cucumber-messages.ndjson'), join(reports, 'deployments', 'eu-prod', 'cucumber-messages.ndjson'));
    const fleet: FleetCompliance = fleetOf([entry(real, 'eu-prod'), entry(rewritten(real), 'us-test')], {
      mode: 'live',
      now: new Date('2026-02-02T10:00:00Z'),
    });
    const baseline: FleetCompliance = fleetOf([entry(real, 'eu-prod'), entry(real, 'us-test')], { mode: 'live', now: new Date('2026-02-01T10:00:00Z') });
    const history = join(reports, 'history');
    await mkdir(history);
    await writeFile(join(history, 'compliance.json'), JSON.stringify({ ...baseline, exitCode: 0, exitMeaning: EXIT_MEANING[0] }));
    site = join(reports, 'fixture-site');
    const comparison = compareWithBaseline({ path: 'baseline/compliance.json', report: baseline }, fleet);
    await writeSite(site, fleet, { runs: [reports], comparison, history });

    tab = await (await browser()).newPage();
    await tab.setViewport({ width: 1280, height: 900 });
    tab.on('console', (m) => {
      if (m.type() === 'error') errors.push(`${showing}: ${m.text()}`);
    });
    tab.on('pageerror', (e) => errors.push(`${showing}: ${(e as Error).message}`));
    tab.on('request', (r) => {
      if (!r.url().startsWith('file://')) errors.push(`${showing}: a request off disk: ${r.url()}`);
    });
  });

  let tab: Page;
  let showing = '';
  /** The site's page `file` (with its #hash), a document loaded anew in the file's tab, for the screen unless `media` says print. */
  const open = async (file: string, media?: 'print'): Promise<Page> => {
    showing = file;
    await tab.emulateMediaType(media);
    const [name, hash] = file.split('#');
    const url = pathToFileURL(join(site, name as string)).href;
    const target = `${url}${hash === undefined ? '' : `#${hash}`}`;
    if (tab.url().split('#')[0] !== url) await tab.goto(target, { waitUntil: 'load' });
    else {
      // Another hash of the page shown would only scroll it: the page is loaded again at the new address.
      await tab.goto(target);
      await tab.reload({ waitUntil: 'load' });
    }
    return tab;
  };

  it('the index shows every verdict in words, with no console error', async () => {
    const page = await open('index.html');
    const matrix = await page.$eval('table.matrix', (t) => (t as unknown as { innerText: string }).innerText);
    for (const word of ['conformant', 'nonconformant', 'broken', 'not verified', 'out of scope'])
      assert.match(matrix, new RegExp(`(^|\\s|✓|✗|!|\\?|–)${word}\\b`), word);
    assert.doesNotMatch(matrix, /%/, 'no percent figure');
    await page.screenshot({ path: join(shots, 'index.png'), fullPage: true });
    assert.deepEqual(errors, []);
  });

  it('a permalink opens its clause', async () => {
    const page = await open('flexi.html#FLX-4');
    const state = await page.evaluate(() => {
      const target = document.querySelector(':target');
      const box = target?.getBoundingClientRect();
      return {
        id: target?.id,
        inView: box ? box.top >= -1 && box.top < window.innerHeight : false,
        open: [...(target?.querySelectorAll('details.scenario') ?? [])].every((d) => (d as unknown as { open: boolean }).open),
      };
    });
    assert.deepEqual(state, { id: 'FLX-4', inView: true, open: true });
    await page.screenshot({ path: join(shots, 'flexi.png'), fullPage: false });
    await (await page.$('#FLX-4'))?.screenshot({ path: join(shots, 'flexi-FLX-4.png') });
    await page.goto(page.url().replace(/#.*$/, '#FLX-2'));
    await (await page.$('#FLX-2'))?.screenshot({ path: join(shots, 'clause.png') });
    assert.deepEqual(errors, []);
  });

  it('a hostile observation renders as text: no element, no script', async () => {
    const page = await open('flexi.html#FLX-4');
    const seen = await page.evaluate(() => ({
      images: document.images.length,
      pwned: (window as { __pwned?: number }).__pwned,
      text: document.getElementById('FLX-4')?.textContent ?? '',
    }));
    assert.equal(seen.images, 0);
    assert.equal(seen.pwned, undefined);
    assert.ok(seen.text.includes(HOSTILE), 'the observation is shown as the characters it is');
    const find = await open('find.html#q=onerror');
    assert.equal(await find.evaluate(() => document.images.length), 0);
    assert.equal(await find.$$eval('#find-results tbody tr:not([hidden])', (rows) => rows.length), 2, 'FLX-4 and the broken infoRouter clause');
    assert.deepEqual(errors, []);
  });

  it('a filter narrows the list, and the address keeps it', async () => {
    const page = await open('find.html');
    const visible = () => page.$$eval('#find-results tbody tr:not([hidden])', (rows) => rows.map((r) => r.querySelector('th')?.textContent));
    const all = Object.values(systems).reduce((n, s) => n + s.clauses.length, 0);
    assert.equal((await visible()).length, all);
    await page.type('#find-q', 'status:failed');
    assert.deepEqual(await visible(), ['FLX-4']);
    assert.equal(await page.evaluate(() => location.hash), '#q=status%3Afailed');
    assert.match(await page.$eval('#find-count', (e) => e.textContent ?? ''), /^1 of \d+ clauses$/);
    const linked = await open('find.html#q=system%3Aflexi%20level%3Amust%20deployment%3Aus-test');
    assert.equal(
      await linked.$$eval('#find-results tbody tr:not([hidden])', (rows) => rows.length),
      systems.flexi.clauses.filter((c) => c.level === 'MUST').length,
    );
    assert.equal(await linked.$eval('#find-q', (e) => (e as unknown as { value: string }).value), 'system:flexi level:must deployment:us-test');
    assert.deepEqual(errors, []);
  });

  it('the changes page lists the behaviour change first, and the history shows it', async () => {
    const page = await open('changes.html');
    const text = await page.evaluate(() => document.body.innerText);
    const behaviour = text.indexOf('Behaviour changes');
    const coverage = text.indexOf('Coverage changes');
    const flx4 = text.indexOf('FLX-4');
    assert.ok(behaviour >= 0 && behaviour < flx4 && flx4 < coverage, 'FLX-4 under behaviour changes');
    const history = await open('history.html');
    assert.match(
      await history.evaluate(() => document.body.innerText),
      /FLX-4\s+us-test\s+passed from 2026-02-01T10:00:00.000Z → failed from 2026-02-02T10:00:00.000Z/,
    );
    assert.deepEqual(errors, []);
  });

  it('the print view renders a clean document', async () => {
    const page = await open('flexi.html', 'print');
    const hidden = await page.$eval('header', (h) => getComputedStyle(h).display);
    assert.equal(hidden, 'none');
    const pdf = await page.pdf({ format: 'A4' });
    assert.ok(pdf.length > 10_000, 'a PDF of the page');
    assert.deepEqual(errors, []);
  });

  it('axe-core finds no serious or critical violation', async () => {
    const axe = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
    const found: string[] = [];
    // Each page template once: every system's page is made by one function (system-page.ts), Flexi's carrying the hostile
    // observation and the failed clause besides.
    for (const file of ['index.html', 'flexi.html', 'find.html', 'changes.html', 'history.html']) {
      const page = await open(file);
      await page.evaluate(axe);
      const violations = await page.evaluate(async () => {
        const result = await (
          window as unknown as { axe: { run(context: unknown, options: object): Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }> } }
        ).axe.run(document, { preload: false, resultTypes: ['violations'] });
        return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }));
      });
      found.push(...violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${file}: ${v.id} (${v.impact}, ${v.nodes} nodes)`));
    }
    assert.deepEqual(found, []);
    assert.deepEqual(errors, []);
  });

  it("the site command builds the run's own site again, with a changes page against a baseline", () => {
    const built = spawnSync(process.execPath, ['bin/conformance.ts', 'site', '--reports', reports, '--baseline', join(reports, 'compliance.json')], {
      encoding: 'utf8',
    });
    assert.equal(built.stderr, '');
    assert.equal(built.stdout, `Site: ${join(reports, 'site', 'index.html')}\n`);
    assert.equal(built.status, 0);
    for (const page of ['index.html', 'flexi.html', 'changes.html', 'history.html']) assert.ok(existsSync(join(reports, 'site', page)), page);
    const missing = spawnSync(process.execPath, ['bin/conformance.ts', 'site', '--reports', join(reports, 'nowhere')], { encoding: 'utf8' });
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /^conformance: site: .*nowhere\/compliance\.json: no such file\n$/);
  });

  it('leaves screenshots for a person to look at', async () => {
    const out = process.env.SITE_SCREENSHOTS;
    for (const f of ['index.png', 'flexi.png', 'flexi-FLX-4.png', 'clause.png']) {
      const png = await readFile(join(shots, f));
      assert.ok(png.length > 1000, f);
      if (out) await writeFile(join(out, f), png);
    }
  });
});
