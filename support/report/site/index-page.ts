// The overview page: the run, each deployment's verdict per system, and what did not
// hold or stayed open.

import { systemKeys, systems } from '../../systems/index.ts';
import { EXIT_MEANING } from '../exit-codes.ts';
import { anchor, html } from './html.ts';
import { badge, catalogOf, deploymentsIn, mustCounts, page, type SiteData } from './layout.ts';

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
