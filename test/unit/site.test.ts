import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildCompliance } from '../../support/report/compliance.ts';
import type { ClauseChange, ObservationChange, Report } from '../../support/report/document.ts';
import type { ScenarioResult } from '../../support/report/results.ts';
import { findMatches, parseFindQuery, type FindRow } from '../../support/report/site/find.ts';
import { escapeHtml, html, jsonForScript, trusted } from '../../support/report/site/html.ts';
import { buildSite } from '../../support/report/site/index.ts';
import { historyRunOf, parseFeature, readFeatures, type HistoryRun } from '../../support/report/site/inputs.ts';
import { kindOf } from '../../support/report/site/changes-page.ts';
import { collapsed } from '../../support/report/site/history-page.ts';
import { CSP, mdInline } from '../../support/report/site/layout.ts';
import { cut, TRANSCRIPT_CAP } from '../../support/report/site/system-page.ts';

const HOSTILE = '</script><img src=x onerror=alert(1)><!-- & "\' \u2028';

function result(over: Partial<ScenarioResult> & Pick<ScenarioResult, 'location' | 'clauses'>): ScenarioResult {
  return { name: 'a scenario', tags: [], system: 'flexi', outcome: 'passed', observations: [], cleanup: [], durationMs: 1, ...over };
}

/** A run where FLX-4 failed, having seen the hostile text, and FLX-1 passed. */
function fixture(): Report {
  return {
    ...buildCompliance(
      [
        result({ location: 'features/flexi/logout.feature:17', clauses: ['FLX-1'] }),
        result({
          location: 'features/flexi/logout.feature:50',
          clauses: ['FLX-4'],
          outcome: 'failed',
          error: { type: 'Nonconformance', message: HOSTILE },
          observations: [{ check: 'Flexi logout status', expected: '404', observed: HOSTILE, held: false }],
        }),
      ],
      { mode: 'simulated', baseUrls: {}, now: new Date('2026-03-01T00:00:00Z') },
    ),
    exitCode: 1,
  };
}

describe('site markup', () => {
  it('escapes every value put in a template, and only markup made here passes as markup', () => {
    assert.equal(escapeHtml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    assert.equal(String(html`<p title="${'"><b>'}">${HOSTILE}</p>`).includes('<img'), false);
    assert.equal(String(html`<p>${['<i>', html`<b>${'<u>'}</b>`]}</p>`), '<p>&lt;i&gt;<b>&lt;u&gt;</b></p>');
    assert.equal(String(html`${trusted('<em>x</em>')}`), '<em>x</em>');
    assert.equal(String(html`${null}${undefined}${false}${0}`), '0');
  });

  it('embedded data cannot close its script element, and parses back to the same value', () => {
    const value = { observed: HOSTILE, more: ['</SCRIPT >', '<!--<script>', '\u2029'] };
    const text = String(jsonForScript(value));
    assert.doesNotMatch(text, /<|>|&|\u2028|\u2029/);
    assert.deepEqual(JSON.parse(text), value);
  });

  it("renders a vendor note's inline Markdown, and escapes any HTML in it", () => {
    assert.equal(String(mdInline('**404** when `?ignore-not-found`')), '<strong>404</strong> when <code>?ignore-not-found</code>');
    assert.doesNotMatch(String(mdInline(HOSTILE)), /<img|<\/script>/);
  });

  it('cuts a long transcript and says so', () => {
    const long = 'x'.repeat(TRANSCRIPT_CAP + 10);
    assert.match(cut(long), /\n… cut: 10 more characters/);
    assert.equal(cut('short'), 'short');
  });
});

describe('the find box', () => {
  const row: FindRow = {
    s: 'flexi',
    id: 'FLX-4',
    l: 'MUST',
    st: { 'eu-prod': 'passed', 'us-test': 'failed' },
    ch: true,
    text: 'flx-4 logging out answers 404',
  };
  const matches = (q: string) => findMatches(row, parseFindQuery(q));

  it('reads words and filters; an unknown name is a word', () => {
    assert.deepEqual(parseFindQuery('  Status:Failed system:flexi 404 foo:bar '), {
      words: ['404', 'foo:bar'],
      filters: { status: ['failed'], system: ['flexi'] },
    });
  });

  it('every word and every filter must hold; values of one filter are alternatives', () => {
    assert.ok(matches(''));
    assert.ok(matches('404 logging'));
    assert.ok(!matches('404 nothere'));
    assert.ok(matches('system:flexi level:must changed:yes'));
    assert.ok(!matches('system:acumatica'));
    assert.ok(matches('system:acumatica system:flexi'));
    assert.ok(!matches('changed:no'));
    assert.ok(!matches('level:assumption'));
  });

  it('deployment and status hold of the same deployment', () => {
    assert.ok(matches('status:failed'));
    assert.ok(matches('deployment:us-test status:failed'));
    assert.ok(!matches('deployment:eu-prod status:failed'));
    assert.ok(!matches('deployment:nowhere'));
    assert.ok(findMatches({ ...row, st: { x: 'not verified' } }, parseFindQuery('status:not-verified')));
  });
});

describe('changes and history', () => {
  // Without `kind`, as a comparison made before it was added: the page derives it.
  const change = (from: string, to: string) => ({ system: 'flexi', clause: 'FLX-4', change: 'status', from, to }) as ClauseChange;
  const seen = {
    system: 'flexi',
    clauses: ['FLX-4'],
    scenario: 's',
    location: 'l',
    check: 'c',
    from: { observed: '404', held: true },
    to: { observed: '200', held: false },
  } as Omit<ObservationChange, 'kind'> as ObservationChange;

  it('a status change between checked and unchecked with no new observation is coverage; the rest is behaviour', () => {
    assert.equal(kindOf(change('passed', 'not-verified'), []), 'coverage');
    assert.equal(kindOf(change('passed', 'failed'), [seen]), 'behaviour');
    assert.equal(kindOf(change('passed', 'failed'), []), 'behaviour');
    assert.equal(kindOf(change('passed', 'out-of-scope'), [seen]), 'behaviour');
    assert.equal(kindOf({ ...change('passed', 'failed'), kind: 'coverage' } as ClauseChange, [seen]), 'coverage', 'a given kind wins');
    assert.equal(kindOf({ system: 'flexi', clause: 'FLX-13', change: 'new', to: 'passed' } as ClauseChange, []), 'coverage');
  });

  it('history keeps only the runs where a status changed', () => {
    const run = (at: string, status: string): HistoryRun => ({ generatedAt: at, mode: 'live', statuses: { prod: { 'flexi/FLX-4': status } } });
    const runs = [run('1', 'passed'), run('2', 'passed'), run('3', 'failed'), run('4', 'failed'), run('5', 'passed')];
    assert.deepEqual(collapsed(runs, 'prod', 'flexi/FLX-4'), {
      steps: [
        ['1', 'passed'],
        ['3', 'failed'],
        ['5', 'passed'],
      ],
      runs: 5,
    });
    assert.deepEqual(collapsed(runs, 'other', 'flexi/FLX-4'), { steps: [], runs: 0 });
  });
});

describe('the feature files, parsed by @cucumber/gherkin', () => {
  it('a scenario outline has one location per example row, its clauses, and its lines as written', () => {
    const doc = parseFeature(
      'features/flexi/x.feature',
      `@flexi\nFeature: F\n  The rule, in *Markdown*.\n\n  @clause:FLX-1\n  Scenario Outline: S <a>\n    Given a <a>\n\n    Examples:\n      | a |\n      | 1 |\n      | 22 |\n`,
    );
    assert.equal(doc.system, 'flexi');
    assert.equal(doc.description, 'The rule, in *Markdown*.');
    const [s] = doc.scenarios;
    assert.deepEqual(s?.clauses, ['FLX-1']);
    assert.deepEqual(s?.locations, ['features/flexi/x.feature:11', 'features/flexi/x.feature:12']);
    assert.deepEqual(
      s?.gherkin.map((l) => `${' '.repeat(l.indent)}${l.keyword ?? ''}${l.text}`),
      ['@clause:FLX-1', 'Scenario Outline: S <a>', '  Given a <a>', '  Examples:', '    | a  |', '    | 1  |', '    | 22 |'],
    );
  });
});

describe('the site of a run', async () => {
  const features = await readFeatures();
  const report = fixture();
  const files = buildSite({
    report,
    features,
    transcripts: new Map([['', new Map([['features/flexi/logout.feature:50', HOSTILE.repeat(2000)]])]]),
    history: [],
  });

  it('has the pages: index, one per system, find, history; no changes page without a baseline', () => {
    assert.deepEqual(
      [...files.keys()].sort(),
      [
        'acumatica.html',
        'find.html',
        'flexi.html',
        'history.html',
        'history.json',
        'index.html',
        'inforouter.html',
        'sap-mobile-services.html',
        'site.css',
        'site.js',
      ].sort(),
    );
  });

  it('every page has the Content-Security-Policy, loads only its own files, and shows hostile text as text', () => {
    for (const [name, text] of files) {
      if (!name.endsWith('.html')) continue;
      assert.ok(text.includes(`<meta http-equiv="Content-Security-Policy" content="${escapeHtml(CSP)}"`), name);
      // The find box's data holds the text too, as JSON that cannot close its element.
      const markup = text.replace(/(<script type="application\/json" id="find-data">)[^<]*(<\/script>)/, '$1$2');
      assert.doesNotMatch(markup, /<img|<script(?! src="site\.js" defer>| type="application\/json" id="find-data">)/, name);
      assert.doesNotMatch(text, /\ssrc="(?!site\.js")|<link [^>]*href="(?!site\.css")/, `${name}: loads nothing but its own two files`);
    }
    assert.ok(files.get('flexi.html')?.includes(escapeHtml(HOSTILE)));
  });

  it('a permalink per clause, and the hostile transcript cut', () => {
    const flexi = files.get('flexi.html') ?? '';
    for (const id of ['FLX-1', 'FLX-4', 'FLX-12', 'FLX-A1']) assert.match(flexi, new RegExp(`<section class="clause" id="${id}"`));
    assert.match(flexi, /… cut: \d+ more characters/);
  });

  it('the find data parses back to one row per clause', () => {
    const find = files.get('find.html') ?? '';
    const json = /<script type="application\/json" id="find-data">([^<]*)<\/script>/.exec(find)?.[1];
    const rows = JSON.parse(json ?? '[]') as FindRow[];
    assert.equal(rows.find((r) => r.id === 'FLX-4')?.st.simulators, 'failed');
    assert.ok(rows.find((r) => r.id === 'FLX-4')?.text.includes('</script>'));
  });

  it('the history carries this run for the next', () => {
    const carried = JSON.parse(files.get('history.json') ?? '[]') as HistoryRun[];
    assert.deepEqual(carried, [historyRunOf(report)]);
    assert.equal(carried[0]?.statuses['']?.['flexi/FLX-4'], 'failed');
  });

  it('stays well under 3 MB with every transcript at its longest', () => {
    const every = new Map(features.flatMap((f) => f.scenarios.flatMap((s) => s.locations.map((l) => [l, 'y'.repeat(1_000_000)] as const))));
    const big = buildSite({ report, features, transcripts: new Map([['', every]]), history: [] });
    const bytes = [...big.values()].reduce((n, t) => n + Buffer.byteLength(t), 0);
    assert.ok(bytes < 3_000_000, `${bytes} bytes`);
  });

  it('the verdict words, never a percentage', () => {
    const index = files.get('index.html') ?? '';
    assert.match(index, />nonconformant</);
    assert.doesNotMatch(index, /\d\s*%/);
  });
});
