// What every page of the site shares: its data, the deployments and badges it names,
// and the frame each page sits in; every value from a report or a target goes
// through `html`, which escapes it.

import MarkdownIt from 'markdown-it';
import type { Clause } from '../../clauses.ts';
import { systemKeys, systems, type SystemKey } from '../../systems/index.ts';
import type { Compliance, SystemEntry } from '../compliance.ts';
import { deploymentsOf, type BaselineComparison, type Report } from '../document.ts';
import { anchor, html, trusted, type Html, type Part } from './html.ts';
import type { FeatureDoc, HistoryRun } from './inputs.ts';

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
export const md = (text: string): Html => trusted(markdown.render(text));
/** A line of Markdown (a vendor note's emphasis and code) as inline HTML, raw HTML in it escaped like the rest. */
export const mdInline = (text: string): Html => trusted(markdown.renderInline(text));

export const catalogOf = (data: SiteData, key: SystemKey): readonly Clause[] => data.catalogs?.[key] ?? systems[key].clauses;

/** A clause's place on its system's page. */
export function clauseLink(system: string, clause: string): Html {
  return html`<a href="${system}.html#${anchor(clause)}">${clause}</a>`;
}

// ── the page shell ──────────────────────────────────────────────────────────

/** Only the site's own files: its stylesheet and script; no network, no inline code, no plugins. */
export const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'self'";

interface Nav {
  readonly current: string;
  readonly changes: boolean;
}

export function page(title: string, nav: Nav, body: Part, data: SiteData): string {
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

/** A system's MUST clauses counted by status, as the index and the system's page show them. */
export function mustCounts(s: SystemEntry): Part {
  if (s.verdict === 'out-of-scope') return '';
  const n = (status: keyof SystemEntry['must']) => s.must[status].length;
  return html`<span class="counts"
    >MUST: ${n('passed')} passed · ${n('failed')} failed · ${n('broken')} broken · ${n('not-verified')} not
    verified${n('not-covered') ? ` · ${n('not-covered')} not covered` : ''}</span
  >`;
}
