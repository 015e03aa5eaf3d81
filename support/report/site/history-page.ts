// The history page: each clause's status per deployment over the runs, shown only
// where it changed.

import { systemKeys, systems } from '../../systems/index.ts';
import { html, join } from './html.ts';
import type { HistoryRun } from './inputs.ts';
import { badge, catalogOf, clauseLink, page, type SiteData } from './layout.ts';

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
