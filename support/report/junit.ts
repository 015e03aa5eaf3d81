import type { Compliance, ScenarioEntry } from './compliance.ts';
import { isFleet, type FleetCompliance } from './document.ts';

const escape = (text: string): string =>
  // XML 1.0 cannot carry most control characters at all, escaped or not.
  text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '�')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');

interface Case {
  readonly name: string;
  readonly classname: string;
  readonly scenario: ScenarioEntry;
  readonly cleanup: readonly string[];
}

/**
 * JUnit XML from the compliance model, so CI reads the same verdicts as every other
 * report: one suite per system, test names that carry the clause ids, a reason on
 * every skipped case, broken targets as <error>, nonconformances (also those found
 * while cleaning up) as <failure>. In a fleet, one suite per deployment and system,
 * named and classed by the deployment first, so CI lists each deployment apart.
 */
export function toJunit(report: Compliance | FleetCompliance): string {
  const suites = isFleet(report) ? report.deployments.flatMap((d) => suitesOf(d, d.deployment)) : suitesOf(report);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="Logout conformance">\n${suites.join('\n')}\n</testsuites>\n`;
}

function suitesOf(compliance: Compliance, deployment?: string): string[] {
  const prefix = deployment === undefined ? '' : `${deployment}.`;
  return compliance.systems.map((s) => {
    const cases = new Map<string, Case>();
    for (const c of s.clauses) {
      for (const sc of c.scenarios) {
        const known = cases.get(sc.location);
        const ids = known ? `${known.classname.slice(prefix.length).split('.').slice(1).join('.')} ${c.id}` : c.id;
        cases.set(sc.location, {
          name: `${ids}: ${sc.name}`,
          classname: `${prefix}${s.key}.${ids.replace(/ /g, '+')}`,
          scenario: sc,
          cleanup: known?.cleanup ?? [],
        });
      }
      for (const f of c.cleanupFindings) {
        const known = cases.get(f.scenario);
        if (known) cases.set(f.scenario, { ...known, cleanup: [...known.cleanup, `${c.id} during clean-up: ${f.message}`] });
      }
    }
    const all = [...cases.values()].filter((k) => k.scenario.outcome !== 'out-of-scope');
    const count = (test: (k: Case) => boolean) => all.filter(test).length;
    const failed = (k: Case) => k.scenario.outcome === 'failed' || k.cleanup.length > 0;
    const errored = (k: Case) => !failed(k) && (k.scenario.outcome === 'broken' || k.scenario.outcome === 'harness');
    const body = all.map((k) => {
      const { scenario } = k;
      const inner = failed(k)
        ? `<failure type="nonconformance" message="${escape([scenario.outcome === 'failed' ? (scenario.error ?? '') : '', ...k.cleanup].filter(Boolean).join('; '))}"/>`
        : errored(k)
          ? `<error type="${scenario.outcome === 'harness' ? 'harness' : 'broken'}" message="${escape(scenario.error ?? '')}"/>`
          : scenario.outcome === 'not-verified'
            ? `<skipped message="${escape(`not verified: ${scenario.reason ?? 'did not run'}`)}"/>`
            : '';
      return `    <testcase name="${escape(k.name)}" classname="${escape(k.classname)}" file="${escape(scenario.location)}">${inner}</testcase>`;
    });
    return [
      `  <testsuite name="${escape(deployment === undefined ? s.title : `${deployment} / ${s.title}`)}" tests="${all.length}" failures="${count(failed)}" errors="${count(errored)}" skipped="${count((k) => k.scenario.outcome === 'not-verified')}" timestamp="${compliance.generatedAt}">`,
      `    <properties>${deployment === undefined ? '' : `<property name="deployment" value="${escape(deployment)}"/>`}<property name="verdict" value="${s.verdict}"/>${s.baseUrl ? `<property name="target" value="${escape(s.baseUrl)}"/>` : ''}</properties>`,
      ...body,
      '  </testsuite>',
    ].join('\n');
  });
}
