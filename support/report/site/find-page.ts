// The find page: every clause as a row the find box searches, with the rows' data
// carried in the page.

import { systemKeys, systems, type SystemKey } from '../../systems/index.ts';
import type { FindRow } from './find.ts';
import { html, join, jsonForScript } from './html.ts';
import { badge, catalogOf, clauseLink, deploymentsIn, page, type SiteData } from './layout.ts';

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
