import MarkdownIt from 'markdown-it';
import type { Clause, LiveVerification } from '../../clauses.ts';
import type { Observation } from '../../harness/verify.ts';
import { systemKeys, systems, type SystemKey } from '../../systems/index.ts';
import type { ClauseEntry, Compliance, ScenarioEntry, SystemEntry } from '../compliance.ts';
import { deploymentsOf, isFleet, type BaselineComparison, type ClauseChange, type ObservationChange, type Report } from '../document.ts';
import { EXIT_MEANING } from '../exit-codes.ts';
import type { FindRow } from './find.ts';
import { anchor, html, join, jsonForScript, trusted, type Html, type Part } from './html.ts';
import type { FeatureDoc, GherkinLine, HistoryRun, ScenarioDoc } from './inputs.ts';

// The pages, each a pure function of the site's data: every value from a report or
// a target goes through `html`, which escapes it.

export interface SiteData {
  readonly report: Report;
  /** Against a baseline: the run's own, or one made for the site command. */
  readonly comparison?: BaselineComparison | undefined;
  readonly features: readonly FeatureDoc[];
  /** Deployment ('' for a single run) → scenario location → transcript (already redacted and cut). */
  readonly transcripts: ReadonlyMap<string, ReadonlyMap<string, string>>;
  /** Earlier runs, oldest first; the current run is not among them. */
  readonly history: readonly HistoryRun[];
  /** The clause catalogs, for what compliance.json does not carry (the claims). */
  readonly catalogs?: Readonly<Record<string, readonly Clause[]>>;
}

/** A deployment of the run as the pages name it. */
export interface Deployment {
  /** '' for a single run: the key of its transcripts and history. */
  readonly key: string;
  readonly name: string;
  readonly compliance: Compliance;
  readonly problem?: string;
}

export function deploymentsIn(report: Report): Deployment[] {
  const fallback = report.mode === 'live' ? 'target' : 'simulators';
  return deploymentsOf(report).map((c) => {
    const problem = (c as { problem?: string }).problem;
    return { key: c.deployment ?? '', name: c.deployment ?? fallback, compliance: c, ...(problem ? { problem } : {}) };
  });
}

const WORDS: Readonly<Record<string, string>> = {
  conformant: 'conformant',
  nonconformant: 'nonconformant',
  broken: 'broken',
  'not-verified': 'not verified',
  'out-of-scope': 'out of scope',
  passed: 'passed',
  failed: 'failed',
  harness: 'harness fault',
  'not-covered': 'not covered',
};
/** A verdict, status or outcome in words, with its colour as a second signal (never the only one). */
export const badge = (status: string): Html => html`<span class="v v-${anchor(status)}">${WORDS[status] ?? status}</span>`;

const markdown = new MarkdownIt({ html: false, linkify: true });
const md = (text: string): Html => trusted(markdown.render(text));

const catalogOf = (data: SiteData, key: SystemKey): readonly Clause[] => data.catalogs?.[key] ?? systems[key].clauses;

// ── the page shell ──────────────────────────────────────────────────────────

/** Only the site's own files: its stylesheet and script; no network, no inline code, no plugins. */
export const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'self'";

interface Nav {
  readonly current: string;
  readonly changes: boolean;
}

function page(title: string, nav: Nav, body: Part, data: SiteData): string {
  const item = (href: string, label: string) => html`<li><a href="${href}" ${nav.current === href ? trusted(' aria-current="page"') : ''}>${label}</a></li>`;
  return `<!doctype html>\n${html`<html lang="en">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <meta http-equiv="Content-Security-Policy" content="${CSP}" />
      <title>${title} · logout conformance</title>
      <link rel="stylesheet" href="site.css" />
      <script src="site.js" defer></script>
    </head>
    <body>
      <a class="skip" href="#main">Skip to the content</a>
      <header>
        <nav aria-label="Site">
          <ul>
            ${item('index.html', 'Overview')}${systemKeys.map((k) => item(`${k}.html`, systems[k].title))}${item('find.html', 'Find')}${nav.changes ? item('changes.html', 'Changes') : ''}${item('history.html', 'History')}
          </ul>
        </nav>
        ${nav.current === 'find.html' ? '' : html`<form role="search" action="find.html" method="get"><label for="q-top">Find clauses</label> <input id="q-top" name="q" type="search" placeholder="status:failed FLX-4" /> <button type="submit">Find</button></form>`}
      </header>
      <main id="main">${body}</main>
      <footer>
        Generated from compliance.json of ${data.report.generatedAt} (${data.report.mode}${data.report.tags ? `, tags ${data.report.tags}` : ''}) by
        logout-conformance.
      </footer>
    </body>
  </html>`}\n`;
}

// ── the index ───────────────────────────────────────────────────────────────

function mustCounts(s: SystemEntry): Part {
  if (s.verdict === 'out-of-scope') return '';
  const n = (status: keyof SystemEntry['must']) => s.must[status].length;
  return html`<span class="counts"
    >MUST: ${n('passed')} passed · ${n('failed')} failed · ${n('broken')} broken · ${n('not-verified')} not
    verified${n('not-covered') ? ` · ${n('not-covered')} not covered` : ''}</span
  >`;
}

export function indexPage(data: SiteData): string {
  const { report } = data;
  const deployments = deploymentsIn(report);
  const keys = systemKeys.filter((k) => deployments.some((d) => d.compliance.systems.some((s) => s.key === k)) || deployments.every((d) => d.problem));
  const exitCode = report.exitCode;
  const notHeld = deployments.flatMap((d) =>
    d.compliance.systems.flatMap((s) =>
      s.assumptions.notHeld.map((id) => {
        const c = s.clauses.find((x) => x.id === id);
        const seen = c?.observations.filter((o) => !o.held) ?? [];
        return html`<li>
          ${deployments.length > 1 ? html`${d.name}: ` : ''}<a href="${s.key}.html#${anchor(id)}">${id}</a>
          ${c?.title ?? ''}${seen.map((o) => html`<br /><span class="muted">${o.check}: expected ${o.expected}, observed</span> <span class="observed">${o.observed}</span>`)}
        </li>`;
      }),
    ),
  );
  const faults = deployments.flatMap((d) => d.compliance.harnessFaults.map((f) => html`<li>${d.name}: ${f.location} ${f.name}: ${f.error ?? ''}</li>`));
  const leftOpen = deployments.flatMap((d) => [
    ...d.compliance.systems.flatMap((s) => s.leftOpen.map((p) => html`<li>${d.name} · ${s.title}: ${p.label}: ${p.message}</li>`)),
    ...d.compliance.afterRun.map((p) => html`<li>${d.name}: ${p.label}: ${p.message}</li>`),
  ]);
  const body = html`<h1>Logout conformance</h1>
    <p>
      This harness checks, clause by clause, whether each system logs users out the way its vendor documents it: every documented rule is a clause quoting its
      source, encoded as scenarios run against simulators or live deployments. A system is conformant only when every MUST clause in scope passed; what could
      not be checked is said to be not verified, never counted as a pass.
    </p>
    <h2>The run</h2>
    <dl>
      <dt>When</dt>
      <dd><time datetime="${report.generatedAt}">${report.generatedAt}</time></dd>
      <dt>Against</dt>
      <dd>${report.mode === 'live' ? 'live deployments (a targets file)' : `the built-in simulators (${report.mode})`}</dd>
      <dt>Tags</dt>
      <dd>${report.tags ?? 'all scenarios'}</dd>
      ${
        report.interrupted
          ? html`<dt>Interrupted</dt>
              <dd>yes: what did not run is not verified</dd>`
          : ''
      }
      ${
        exitCode !== undefined
          ? html`<dt>Exit code</dt>
              <dd>${exitCode}: ${EXIT_MEANING[exitCode]}</dd>`
          : ''
      }
    </dl>
    <h2>Verdicts</h2>
    <table class="matrix">
      <caption>
        Each deployment × system: the verdict, and its MUST clauses by status
      </caption>
      <thead>
        <tr>
          <th scope="col">Deployment</th>
          ${keys.map((k) => html`<th scope="col"><a href="${k}.html">${systems[k].title}</a></th>`)}
        </tr>
      </thead>
      <tbody>
        ${deployments.map(
          (d) =>
            html`<tr>
              <th scope="row">${d.name}</th>
              ${keys.map((k) => {
                if (d.problem) return html`<td>${badge('broken')} could not run: ${d.problem}</td>`;
                const s = d.compliance.systems.find((x) => x.key === k);
                return s ? html`<td><a href="${k}.html">${badge(s.verdict)}</a><br />${mustCounts(s)}</td>` : html`<td>${badge('out-of-scope')}</td>`;
              })}
            </tr>`,
        )}
      </tbody>
    </table>
    <p class="muted">
      conformant: every MUST clause in scope passed · nonconformant: a MUST clause failed · broken: the target could not be reached or read · not verified: some
      MUST clause could not be checked · out of scope: not a target of this run.
    </p>
    <h2>Assumptions not held</h2>
    ${
      notHeld.length
        ? html`<ul>
            ${notHeld}
          </ul>`
        : html`<p>None: every assumption checked held.</p>`
    }
    ${
      faults.length
        ? html`<h2>Harness faults</h2>
            <ul>
              ${faults}
            </ul>`
        : ''
    }
    ${
      leftOpen.length
        ? html`<h2>Left open</h2>
            <p>What clean-ups could not close on the targets:</p>
            <ul>
              ${leftOpen}
            </ul>`
        : ''
    }
    <h2>The specs</h2>
    <ul>
      ${systemKeys.map((k) => html`<li><a href="${k}.html">${systems[k].title}</a>: ${catalogOf(data, k).length} clauses (${catalogOf(data, k).filter((c) => c.level === 'MUST').length} MUST)</li>`)}
    </ul>
    <p>
      <a href="find.html">Find a clause</a>${data.comparison ? html` · <a href="changes.html">Changes since the baseline</a>` : ''} ·
      <a href="history.html">History</a>
    </p>`;
  return page('Overview', { current: 'index.html', changes: Boolean(data.comparison) }, body, data);
}

// ── a system page ───────────────────────────────────────────────────────────

const gherkin = (lines: readonly GherkinLine[]): Html =>
  html`<pre class="gherkin">
${join(
      lines.map((l) => html`${' '.repeat(l.indent)}${l.keyword ? html`<b>${l.keyword}</b>` : ''}${l.text}`),
      '\n',
    )}</pre>`;

const liveText = (live: LiveVerification): Html =>
  live.runs === 'always'
    ? html`Verified live: in every live run.`
    : live.runs === 'with'
      ? html`Verified live: only when the targets file has the <code>${live.needs}</code> entry; without it, not verified.`
      : html`Never verified live: ${live.why}.`;

function observationsTable(observations: readonly Observation[]): Part {
  if (!observations.length) return '';
  return html`<table>
    <thead>
      <tr>
        <th scope="col">Check</th>
        <th scope="col">Expected</th>
        <th scope="col">Observed</th>
        <th scope="col">Held</th>
      </tr>
    </thead>
    <tbody>
      ${observations.map(
        (o) =>
          html`<tr>
            <td>${o.check}</td>
            <td class="observed">${o.expected}</td>
            <td class="observed">${o.observed}</td>
            <td>${o.held ? 'yes' : html`<span class="held-no">no</span>`}</td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}

/** What a transcript longer than this keeps: the site stays small whatever a target answered. */
export const TRANSCRIPT_CAP = 6_000;

export const cut = (text: string, cap: number = TRANSCRIPT_CAP): string =>
  text.length > cap ? `${text.slice(0, cap)}\n… cut: ${text.length - cap} more characters (the whole transcript is in cucumber-messages.ndjson)` : text;

function scenarioResult(d: Deployment, entry: ScenarioEntry, transcripts: ReadonlyMap<string, string> | undefined, several: boolean): Html {
  const whole = transcripts?.get(entry.location);
  const transcript = whole === undefined ? undefined : cut(whole);
  return html`<div class="result">
    <p>
      ${several ? html`<strong>${d.name}</strong> · ` : ''}${badge(entry.outcome)}
      <span class="muted">${entry.location}</span>
      ${entry.name}${entry.error ? html`<br />${entry.error}` : ''}${entry.reason ? html`<br /><span class="muted">${entry.reason}</span>` : ''}
    </p>
    ${observationsTable(entry.observations)}
    ${
      transcript
        ? html`<details class="transcript">
            <summary>HTTP transcript (redacted)</summary>
            <pre>${transcript}</pre>
          </details>`
        : ''
    }
  </div>`;
}

function clauseSection(data: SiteData, key: SystemKey, clause: Clause, docs: readonly ScenarioDoc[], deployments: readonly Deployment[]): Html {
  const entries = deployments.map((d) => ({ d, entry: d.compliance.systems.find((s) => s.key === key)?.clauses.find((c) => c.id === clause.id) }));
  const several = deployments.length > 1;
  const id = anchor(clause.id);
  const live = clause.live ?? { runs: 'always' };
  const statusOf = (e: ClauseEntry | undefined) =>
    e ? html`${badge(e.status)}${e.held === false ? html` <span class="held-no">assumption not held</span>` : e.held ? ' (held)' : ''}` : badge('out-of-scope');
  const located = new Set(docs.flatMap((s) => s.locations));
  const stray = entries.flatMap(({ entry }) => entry?.scenarios.filter((s) => !located.has(s.location)) ?? []);
  const scenarioBlock = (doc: ScenarioDoc | undefined, name: string, locations: ReadonlySet<string>) => {
    const results = entries.flatMap(({ d, entry }) => (entry?.scenarios ?? []).filter((s) => locations.has(s.location)).map((s) => ({ d, s })));
    return html`<details class="scenario">
      <summary>${name} ${results.map(({ d, s }) => html`${several ? html` <span class="muted">${d.name}</span>` : ''} ${badge(s.outcome)}`)}</summary>
      ${doc ? gherkin(doc.gherkin) : ''}
      <div class="results">${results.map(({ d, s }) => scenarioResult(d, s, data.transcripts.get(d.key), several))}</div>
    </details>`;
  };
  return html`<section class="clause" id="${id}" aria-labelledby="${id}-h">
    <h3 id="${id}-h">
      <a class="permalink" href="#${id}" title="Permalink to ${clause.id}">${clause.id}</a> ${clause.title} <span class="level">${clause.level}</span>
    </h3>
    <p>
      ${entries.map(({ d, entry }) => html`${several ? html`${d.name}: ` : 'Status: '}${statusOf(entry)}${entry?.reason ? html` <span class="muted">${entry.reason}</span>` : ''}`).map((x, i) => (i ? html`<br />${x}` : x))}
    </p>
    <blockquote cite="${clause.source.url}"><p>${clause.source.passage}</p></blockquote>
    <p class="source">Source: ${clause.source.document}, <a href="${clause.source.url}">the vendor's page</a></p>
    ${
      clause.claims?.length
        ? html`<h4>Claims it checks</h4>
            <ul>
              ${clause.claims.map((c) => html`<li>${c.claim} <span class="muted">(“${c.line}”; checked by “${c.check}” in “${c.scenario}”${c.scope ? `; ${c.scope}` : ''}${c.simulatorOnly ? `; simulator only: ${c.simulatorOnly}` : ''})</span></li>`)}
            </ul>`
        : ''
    }
    <p>${liveText(live)}</p>
    ${entries.flatMap(({ d, entry }) => entry?.cleanupFindings.map((f) => html`<p>${several ? `${d.name}: ` : ''}${badge('failed')} during clean-up of ${f.scenario}: ${f.message}</p>`) ?? [])}
    <h4>Scenarios</h4>
    ${docs.length || stray.length ? '' : html`<p>No scenario encodes it.</p>`} ${docs.map((doc) => scenarioBlock(doc, doc.name, new Set(doc.locations)))}
    ${stray.length ? scenarioBlock(undefined, 'Scenarios not in the current feature files', new Set(stray.map((s) => s.location))) : ''}
  </section>`;
}

export function systemPage(data: SiteData, key: SystemKey): string {
  const deployments = deploymentsIn(data.report);
  const catalog = catalogOf(data, key);
  const features = data.features.filter((f) => f.system === key);
  const docsOf = (id: string) => features.flatMap((f) => f.scenarios.filter((s) => s.clauses.includes(id)));
  // Each clause under the feature of its first scenario: the feature's description is its rule in prose.
  const home = new Map(catalog.map((c) => [c.id, features.find((f) => f.scenarios.some((s) => s.clauses.includes(c.id)))?.uri]));
  const groups = [
    ...features.map((f) => ({ feature: f as FeatureDoc | undefined, clauses: catalog.filter((c) => home.get(c.id) === f.uri) })),
    { feature: undefined, clauses: catalog.filter((c) => home.get(c.id) === undefined) },
  ].filter((g) => g.clauses.length);
  const verdicts = deployments.map((d) => ({ d, s: d.compliance.systems.find((s) => s.key === key) }));
  const body = html`<h1>${systems[key].title}</h1>
    <p>
      ${verdicts.map(({ d, s }) => html`${deployments.length > 1 ? html`${d.name}: ` : 'Verdict: '}${s ? html`${badge(s.verdict)} ${mustCounts(s)}` : d.problem ? html`${badge('broken')} could not run: ${d.problem}` : badge('out-of-scope')}`).map((x, i) => (i ? html`<br />${x}` : x))}
    </p>
    <nav aria-label="Clauses" class="no-print">
      <h2>Clauses</h2>
      <ul class="toc">
        ${catalog.map((c) => html`<li><a href="#${anchor(c.id)}">${c.id}</a> ${c.title}</li>`)}
      </ul>
    </nav>
    ${groups.map(
      (g) =>
        html`<section aria-labelledby="${g.feature ? anchor(g.feature.uri) : 'other-clauses'}">
          <h2 id="${g.feature ? anchor(g.feature.uri) : 'other-clauses'}">${g.feature ? g.feature.name : 'Clauses without a scenario'}</h2>
          ${
            g.feature
              ? html`<div class="rule">${md(g.feature.description)}</div>
                  <p class="muted">Feature file: ${g.feature.uri}</p>
                  ${g.feature.background.length ? gherkin(g.feature.background) : ''}`
              : ''
          }
          ${g.clauses.map((c) => clauseSection(data, key, c, docsOf(c.id), deployments))}
        </section>`,
    )}`;
  return page(systems[key].title, { current: `${key}.html`, changes: Boolean(data.comparison) }, body, data);
}

// ── changes ─────────────────────────────────────────────────────────────────

const VERIFIED = new Set(['passed', 'failed', 'broken']);
const statusWord = (s: string | undefined) => s?.split(',')[0]?.trim() ?? '';

/** Behaviour (the target answered otherwise) or coverage (what was checked changed); a missing kind is derived. */
export function kindOf(change: ClauseChange, observations: readonly ObservationChange[]): 'behaviour' | 'coverage' {
  const given = (change as ClauseChange & { kind?: 'behaviour' | 'coverage' }).kind;
  if (given) return given;
  if (change.change !== 'status') return 'coverage';
  const seen = observations.some((o) => o.system === change.system && o.deployment === change.deployment && o.clauses.includes(change.clause));
  return !seen && VERIFIED.has(statusWord(change.from)) !== VERIFIED.has(statusWord(change.to)) ? 'coverage' : 'behaviour';
}

const side = (o: { observed: string; held: boolean } | undefined) =>
  o
    ? html`<span class="observed">${o.observed}</span>${o.held ? '' : html` <span class="held-no">(not held)</span>`}`
    : html`<span class="muted">not seen</span>`;

function clauseLink(system: string, clause: string): Html {
  return html`<a href="${system}.html#${anchor(clause)}">${clause}</a>`;
}

export function changesPage(data: SiteData): string {
  const c = data.comparison;
  if (!c)
    return page(
      'Changes',
      { current: 'changes.html', changes: false },
      html`<h1>Changes</h1>
        <p>No baseline was given.</p>`,
      data,
    );
  const several = isFleet(data.report);
  const where = (x: { deployment?: string; system: string }) =>
    html`${several && x.deployment ? html`${x.deployment} · ` : ''}${systems[x.system as SystemKey]?.title ?? x.system}`;
  const obsFor = (ch: ClauseChange) => c.observations.filter((o) => o.system === ch.system && o.deployment === ch.deployment && o.clauses.includes(ch.clause));
  const clauseRow = (ch: ClauseChange) =>
    html`<li>
      ${where(ch)} ${clauseLink(ch.system, ch.clause)}:
      ${ch.change === 'status' ? html`<span class="change-from">${ch.from}</span> → <span class="change-to">${ch.to}</span>` : ch.change === 'new' ? html`new (${ch.to})` : html`gone (was ${ch.from})`}${obsList(obsFor(ch))}
    </li>`;
  const obsList = (list: readonly ObservationChange[]) =>
    list.length
      ? html`<ul>
          ${list.map((o) => html`<li>${o.scenario} <span class="muted">${o.location}</span>: ${o.check}: ${side(o.from)} → ${side(o.to)}</li>`)}
        </ul>`
      : '';
  const behaviour = c.clauses.filter((ch) => kindOf(ch, c.observations) === 'behaviour');
  const coverage = c.clauses.filter((ch) => kindOf(ch, c.observations) === 'coverage');
  const covered = (o: ObservationChange) => c.clauses.some((ch) => ch.system === o.system && ch.deployment === o.deployment && o.clauses.includes(ch.clause));
  const observationKind = (o: ObservationChange) => (o as ObservationChange & { kind?: 'behaviour' | 'coverage' }).kind ?? 'behaviour';
  const quiet = c.observations.filter((o) => !covered(o) && observationKind(o) === 'behaviour');
  const quietCoverage = c.observations.filter((o) => !covered(o) && observationKind(o) === 'coverage');
  const observationItem = (o: ObservationChange) =>
    html`<li>
      ${where(o)}
      ${join(
        o.clauses.map((id) => clauseLink(o.system, id)),
        ', ',
      )}:
      ${o.scenario}: ${o.check}: ${side(o.from)} → ${side(o.to)}
    </li>`;
  const body = html`<h1>Changes since the baseline</h1>
    <p>
      Baseline: ${c.baseline.path}, generated <time datetime="${c.baseline.generatedAt}">${c.baseline.generatedAt}</time>.
      ${((c as BaselineComparison & { behaviourChanged?: boolean }).behaviourChanged ?? c.changed) ? 'Behaviour changed.' : 'No behaviour changed.'}
    </p>
    <h2>Behaviour changes</h2>
    <p class="muted">The target answered otherwise: old → new observation.</p>
    ${
      behaviour.length
        ? html`<ul>
            ${behaviour.map(clauseRow)}
          </ul>`
        : html`<p>No clause changed status by the target's behaviour.</p>`
    }
    ${
      quiet.length
        ? html`<h3>Observations that changed with the clause's status unchanged</h3>
            <ul>
              ${quiet.map(observationItem)}
            </ul>`
        : ''
    }
    <h2>Coverage changes</h2>
    <p class="muted">What was checked changed (a clause now verified or no longer, new or gone); the target's answers did not.</p>
    ${
      coverage.length
        ? html`<ul>
            ${coverage.map(clauseRow)}
          </ul>`
        : html`<p>None.</p>`
    }
    ${
      quietCoverage.length
        ? html`<h3>Checks that ran in only one of the runs</h3>
            <ul>
              ${quietCoverage.map(observationItem)}
            </ul>`
        : ''
    }
    ${
      c.deployments.new.length || c.deployments.gone.length
        ? html`<h2>Deployments</h2>
            <p>New: ${c.deployments.new.join(', ') || 'none'}. Gone: ${c.deployments.gone.join(', ') || 'none'}.</p>`
        : ''
    }`;
  return page('Changes', { current: 'changes.html', changes: true }, body, data);
}

// ── history ─────────────────────────────────────────────────────────────────

/** A clause's statuses over the runs where it has one, kept only where it changed: [first run's time, status] pairs, and how many runs. */
export function collapsed(
  runs: readonly HistoryRun[],
  deployment: string,
  clause: string,
): { readonly steps: readonly (readonly [string, string])[]; readonly runs: number } {
  const seen = runs.flatMap((r) => {
    const s = r.statuses[deployment]?.[clause];
    return s === undefined ? [] : [[r.generatedAt, s] as const];
  });
  return { steps: seen.filter(([, s], i) => i === 0 || seen[i - 1]?.[1] !== s), runs: seen.length };
}

export function historyPage(data: SiteData, current: HistoryRun): string {
  const runs = [...data.history, current];
  const deployments = [...new Set(runs.flatMap((r) => Object.keys(r.statuses)))].sort();
  const label = (key: string) => key || (data.report.mode === 'live' ? 'target' : 'simulators');
  const body = html`<h1>History</h1>
    <p>
      ${runs.length === 1 ? 'Only this run: give earlier compliance.json files with --history, or keep the reports folder between runs (each run carries the previous site’s history.json).' : `${runs.length} runs, from ${runs[0]?.generatedAt} to ${current.generatedAt}; each clause's status per deployment, shown only where it changed.`}
    </p>
    ${systemKeys.map((key) => {
      const rows = catalogOf(data, key).flatMap((c) => deployments.map((d) => ({ c, d, h: collapsed(runs, d, `${key}/${c.id}`) })).filter((r) => r.h.runs > 0));
      const changed = rows.filter((r) => r.h.steps.length > 1);
      const same = rows.filter((r) => r.h.steps.length <= 1);
      const table = (list: typeof rows, caption: string) =>
        html`<table>
          <caption class="muted">
            ${caption}
          </caption>
          <thead>
            <tr>
              <th scope="col">Clause</th>
              <th scope="col">Deployment</th>
              <th scope="col">Status over the runs</th>
            </tr>
          </thead>
          <tbody>
            ${list.map(
              ({ c, d, h }) =>
                html`<tr>
                  <th scope="row">${clauseLink(key, c.id)}</th>
                  <td>${label(d)}</td>
                  <td>
                    ${
                      h.steps.length === 1
                        ? html`${badge(h.steps[0]?.[1] ?? '')} in all ${h.runs} run${h.runs === 1 ? '' : 's'}`
                        : join(
                            h.steps.map(([at, s]) => html`${badge(s)} <span class="muted">from ${at}</span>`),
                            ' → ',
                          )
                    }
                  </td>
                </tr>`,
            )}
          </tbody>
        </table>`;
      return html`<h2>${systems[key].title}</h2>
        ${changed.length ? table(changed, 'Clauses whose status changed') : html`<p>No clause changed status.</p>`}
        ${
          same.length
            ? html`<details>
                <summary>${same.length} unchanged</summary>
                ${table(same, 'Clauses with one status over the runs')}
              </details>`
            : ''
        }`;
    })}`;
  return page('History', { current: 'history.html', changes: Boolean(data.comparison) }, body, data);
}

// ── find ────────────────────────────────────────────────────────────────────

export function findRows(data: SiteData, changed: (deployment: string, system: string, clause: string) => boolean): { row: FindRow; title: string }[] {
  const deployments = deploymentsIn(data.report);
  return systemKeys.flatMap((key) =>
    catalogOf(data, key).map((clause) => {
      const entries = deployments.map((d) => ({ d, e: d.compliance.systems.find((s) => s.key === key)?.clauses.find((c) => c.id === clause.id) }));
      const text = [
        clause.id,
        clause.title,
        clause.source.passage,
        ...entries.flatMap(({ e }) => [
          e?.reason ?? '',
          ...(e?.scenarios.map((s) => s.name) ?? []),
          ...(e?.observations.flatMap((o) => [o.check, o.expected, o.observed]) ?? []),
        ]),
      ]
        .join(' \u2022 ')
        .toLowerCase();
      return {
        title: clause.title,
        row: {
          s: key,
          id: clause.id,
          l: clause.level,
          st: Object.fromEntries(entries.map(({ d, e }) => [d.name, e?.status ?? 'out-of-scope'])),
          ch: entries.some(({ d }) => changed(d.key, key, clause.id)),
          // Bounded: observations can be long; the find box needs words, not whole bodies.
          text: text.length > 4000 ? text.slice(0, 4000) : text,
        },
      };
    }),
  );
}

export function findPage(data: SiteData, changed: (deployment: string, system: string, clause: string) => boolean): string {
  const rows = findRows(data, changed);
  const deployments = deploymentsIn(data.report);
  const body = html`<h1>Find a clause</h1>
    <form id="find-form" role="search" action="find.html" method="get">
      <label for="find-q">Search clause ids, titles, passages and observations</label><br /><input
        id="find-q"
        name="q"
        type="search"
        size="60"
        autocomplete="off"
      />
    </form>
    <p>
      Filters: <code>system:flexi</code>, <code>deployment:${deployments[0]?.name ?? 'simulators'}</code>, <code>status:failed</code> (passed, failed, broken,
      not-verified, out-of-scope), <code>level:must</code>, <code>changed:yes</code>. Values of one filter are alternatives; everything else must all hold. The
      query is kept in the address, so a link shows the same list.
    </p>
    <p id="find-count" role="status" aria-live="polite">${rows.length} clauses</p>
    <table id="find-results">
      <caption class="muted">
        Clauses, by system
      </caption>
      <thead>
        <tr>
          <th scope="col">Clause</th>
          <th scope="col">System</th>
          <th scope="col">Title</th>
          <th scope="col">Level</th>
          <th scope="col">Status</th>
        </tr>
      </thead>
      <tbody>
        ${rows.map(
          ({ row, title }) =>
            html`<tr>
              <th scope="row">${clauseLink(row.s, row.id)}</th>
              <td>${systems[row.s as SystemKey].title}</td>
              <td>${title}${row.ch ? html` <strong>(changed)</strong>` : ''}</td>
              <td>${row.l}</td>
              <td>
                ${join(
                  Object.entries(row.st).map(([d, s]) => html`${deployments.length > 1 ? html`${d}: ` : ''}${badge(s)}`),
                  html`<br />`,
                )}
              </td>
            </tr>`,
        )}
      </tbody>
    </table>
    <script type="application/json" id="find-data">
      ${jsonForScript(rows.map((r) => r.row))}
    </script>`;
  return page('Find', { current: 'find.html', changes: Boolean(data.comparison) }, body, data);
}
