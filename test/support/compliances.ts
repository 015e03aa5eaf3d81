import { buildCompliance, type Compliance } from '../../support/report/compliance.ts';
import type { ScenarioResult } from '../../support/report/results.ts';
import { systemKeys, systems, type SystemKey } from '../../support/systems/index.ts';

/** How one clause's scenario ended, when not passed. */
export type Ending = Pick<ScenarioResult, 'outcome'> & Partial<Pick<ScenarioResult, 'error' | 'notRun'>>;

/**
 * A live run's verdicts from outcomes given by hand, with no run: one scenario per clause of
 * each system in `targets`, passed unless `endings` (by clause id) says otherwise; the other
 * systems not named in the targets file.
 */
export function complianceOf(targets: readonly SystemKey[], endings: Readonly<Record<string, Ending>> = {}): Compliance {
  const results = systemKeys.flatMap((system) =>
    systems[system].clauses.map((c, i): ScenarioResult => ({
      name: `${c.id} scenario`,
      location: `features/${system}/x.feature:${i + 1}`,
      tags: [`@${system}`, `@clause:${c.id}`],
      system,
      clauses: [c.id],
      observations: [],
      cleanup: [],
      durationMs: 1,
      ...(targets.includes(system)
        ? (endings[c.id] ?? { outcome: 'passed' })
        : { outcome: 'out-of-scope', notRun: { kind: 'out-of-scope', reason: `${systems[system].title} is not named in the targets file` } }),
    })),
  );
  return buildCompliance(results, { mode: 'live', baseUrls: {}, now: new Date(0) });
}
