// The changes page: what changed since the baseline, behaviour apart from coverage.

import { systems, type SystemKey } from '../../systems/index.ts';
import { isFleet, type BaselineComparison, type ClauseChange, type ObservationChange } from '../document.ts';
import { html, join } from './html.ts';
import { clauseLink, page, type SiteData } from './layout.ts';

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
