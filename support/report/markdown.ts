import { changeLines } from './baseline.ts';
import type { ClauseEntry, ClauseStatus, Compliance } from './compliance.ts';
import { matrixOf, type BaselineComparison, type FleetCompliance } from './document.ts';
import { coverage } from './summary.ts';

const COLUMNS: readonly [ClauseStatus, string][] = [
  ['passed', 'passed'],
  ['failed', 'failed'],
  ['broken', 'broken'],
  ['not-verified', 'not verified'],
  ['out-of-scope', 'out of scope'],
];

const cell = (text: string): string => text.replaceAll('|', '\\|').replace(/\s*\n\s*/g, ' ');

const statusOf = (c: ClauseEntry): string =>
  c.level === 'ASSUMPTION' && c.held !== undefined ? (c.held ? 'held' : 'NOT HELD') : c.status === 'failed' ? 'FAILED' : c.status;

function notes(c: ClauseEntry): string {
  const seen = c.level === 'ASSUMPTION' ? c.observations.filter((o) => !o.held).map((o) => `${o.check}: observed ${o.observed} (assumed ${o.expected})`) : [];
  const failures = c.scenarios
    .filter((s) => s.outcome === 'failed' || s.outcome === 'broken' || s.outcome === 'harness')
    .map((s) => `${s.outcome}: ${s.error ?? ''} (${s.location})`);
  const cleanup = c.cleanupFindings.map((f) => `during clean-up: ${f.message} (${f.scenario})`);
  return cell([c.reason, ...seen, ...failures, ...cleanup].filter(Boolean).join('; '));
}

function systemTable(compliance: Compliance): string[] {
  return [
    `| system | verdict | ${COLUMNS.map(([, title]) => `MUST ${title}`).join(' | ')} | assumptions not held |`,
    `| --- | --- | ${COLUMNS.map(() => '---').join(' | ')} | --- |`,
    ...compliance.systems.map(
      (s) => `| ${s.title} | **${s.verdict}** | ${COLUMNS.map(([status]) => s.must[status].join(', ')).join(' | ')} | ${s.assumptions.notHeld.join(', ')} |`,
    ),
  ];
}

/** Each system's clauses; `depth` heads them below a deployment's heading in a fleet. */
function details(compliance: Compliance, depth: string): string[] {
  const out: string[] = [];
  for (const s of compliance.systems) {
    out.push('', `${depth} ${s.title}: ${s.verdict}`, '', s.baseUrl ? `Target: ${s.baseUrl}` : 'Target: none', '', coverage(s), '');
    out.push('| clause | level | status | ran | title | vendor passage | notes |', '| --- | --- | --- | --- | --- | --- | --- |');
    for (const c of s.clauses) {
      const passage = `${cell(c.source.passage)} ([${cell(c.source.document)}](${c.source.url}))`;
      out.push(`| ${c.id} | ${c.level} | ${statusOf(c)} | ${c.ran.scenarios}/${c.ran.of} | ${cell(c.title)} | ${passage} | ${notes(c)} |`);
    }
    const claims = s.clauses.flatMap((c) => (c.claims ?? []).map((k) => ({ id: c.id, ...k })));
    if (claims.length) out.push('', 'Documented claims, each with the scenario that checks it:', '');
    for (const k of claims)
      out.push(
        `- ${k.id} ${k.verified ? 'verified' : 'not verified'}: ${cell(k.claim)} (${cell(k.scenario)}${k.simulatorOnly ? `; simulator only: ${cell(k.simulatorOnly)}` : ''})`,
      );
    if (s.leftOpen.length) {
      out.push('', 'Left open by clean-ups (close these by hand if the target still holds them):', '');
      for (const o of s.leftOpen) out.push(`- ${cell(o.label)}: ${cell(o.message)} (${o.scenario})`);
    }
  }
  if (compliance.afterRun.length) {
    out.push('', '## Left open after the run', '', 'Opened by answers that came after their timeout, and not closed:', '');
    for (const o of compliance.afterRun) out.push(`- ${cell(o.label)}: ${cell(o.message)}`);
  }
  if (compliance.harnessFaults.length) {
    out.push('', `${depth} Harness faults`, '');
    for (const f of compliance.harnessFaults) out.push(`- ${cell(f.error ?? 'failed')} (${f.location})`);
  }
  return out;
}

function changes(comparison: BaselineComparison | undefined): string[] {
  if (!comparison) return [];
  const lines = changeLines(comparison);
  return [
    '',
    '## Changes against the baseline',
    '',
    `Baseline: \`${cell(comparison.baseline.path)}\`, run of ${comparison.baseline.generatedAt}. ${lines.length ? `${lines.length} change${lines.length === 1 ? '' : 's'}:` : 'No change.'}`,
    ...(lines.length ? ['', ...lines.map((l) => `- ${cell(l)}`)] : []),
  ];
}

const LEGEND = 'MUST clauses are documented vendor behaviour; assumptions (ids with `A`) are undocumented defaults, reported and never failing a run.';

/** The matrix and clause tables a QA lead reads; clause ids are the catalogs' own. */
export function toMarkdown(compliance: Compliance, comparison?: BaselineComparison): string {
  const out = [
    '# Logout conformance',
    '',
    `Run of ${compliance.generatedAt}, ${compliance.mode} targets${compliance.tags ? `, tags \`${compliance.tags}\`` : ''}.${compliance.interrupted ? ' **The run was interrupted: what did not run is not verified.**' : ''}`,
    LEGEND,
    '',
    ...systemTable(compliance),
    ...changes(comparison),
    ...details(compliance, '##'),
  ];
  return `${out.join('\n')}\n`;
}

/** A fleet: the matrix of deployments by systems, then each deployment as a single run's report, one heading down. */
export function toFleetMarkdown(fleet: FleetCompliance, comparison?: BaselineComparison): string {
  const [head = [], ...rows] = matrixOf(fleet);
  const out = [
    '# Logout conformance of a fleet',
    '',
    `Run of ${fleet.generatedAt}, ${fleet.deployments.length} deployments, ${fleet.mode} targets${fleet.tags ? `, tags \`${fleet.tags}\`` : ''}.${fleet.interrupted ? ' **The run was interrupted: what did not run is not verified.**' : ''}`,
    LEGEND,
    '',
    `| ${head.map(cell).join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...rows.map(([name = '', ...cells]) => `| ${cell(name)} | ${cells.map((c) => `**${cell(c)}**`).join(' | ')} |`),
    ...changes(comparison),
  ];
  for (const d of fleet.deployments) {
    out.push(
      '',
      `## Deployment ${d.deployment}`,
      '',
      d.problem ? `Could not run: ${cell(d.problem)}` : '',
      ...(d.problem ? [] : systemTable(d)),
      ...details(d, '###'),
    );
  }
  return `${out.join('\n')}\n`;
}
