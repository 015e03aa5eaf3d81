// A system's page: each clause with its source, claims, status per deployment, and
// the scenarios, observations and transcripts behind it.

import type { Clause, LiveVerification } from '../../clauses.ts';
import type { Observation } from '../../harness/verify.ts';
import { systems, type SystemKey } from '../../systems/index.ts';
import type { ClauseEntry, ScenarioEntry } from '../compliance.ts';
import { anchor, html, join, type Html, type Part } from './html.ts';
import type { FeatureDoc, GherkinLine, ScenarioDoc } from './inputs.ts';
import { badge, catalogOf, deploymentsIn, md, mdInline, mustCounts, page, type Deployment, type SiteData } from './layout.ts';

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
              ${clause.claims.map((c) => html`<li>${c.claim} <span class="muted">(“${mdInline(c.line)}”; checked by “${c.check}” in “${c.scenario}”${c.scope ? `; ${c.scope}` : ''}${c.simulatorOnly ? `; simulator only: ${c.simulatorOnly}` : ''})</span></li>`)}
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
