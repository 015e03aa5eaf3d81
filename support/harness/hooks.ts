import { After, AfterStep, Before, setDefaultTimeout, Status } from '@cucumber/cucumber';
// Registers Allure's runtime, so the labels below reach the report.
import 'allure-cucumberjs';
import * as allure from 'allure-js-commons';
import { clauseIds, type Clause } from '../clauses.ts';
import { HarnessError } from '../http/errors.ts';
import { isSystemKey, systems, type SystemKey } from '../systems/index.ts';
import { CLEANUP_MEDIA_TYPE, SKIP_MEDIA_TYPE } from './skip.ts';
import type { ConformanceWorld } from './world.ts';

// A step may make several requests, each bounded by its own timeout; waits that are
// meant to be long (@slow) declare their own step timeout.
setDefaultTimeout(60_000);

/** The system a scenario belongs to, from its tags (exactly one). */
export function systemOf(tags: readonly { name: string }[]): SystemKey {
  const keys = tags.map((t) => t.name.slice(1)).filter(isSystemKey);
  if (keys.length !== 1) throw new HarnessError(`a scenario needs exactly one system tag (@${Object.keys(systems).join(', @')}); found ${keys.length}`);
  return keys[0] as SystemKey;
}

/** The catalog entries a scenario's @clause tags name; an unknown id is a harness error. */
export function clausesOf(system: SystemKey, tags: readonly { name: string }[]): Clause[] {
  const catalog: readonly Clause[] = systems[system].clauses;
  return clauseIds(tags).map((id) => {
    const clause = catalog.find((c) => c.id === id);
    if (!clause) throw new HarnessError(`@clause:${id} names no ${system} clause`);
    return clause;
  });
}

Before(async function (this: ConformanceWorld, { pickle, gherkinDocument }) {
  this.scenario = pickle.id;
  const system = systemOf(pickle.tags);
  const clauses = clausesOf(system, pickle.tags);
  const level = clauses.some((c) => c.level === 'MUST') ? 'MUST' : 'ASSUMPTION';
  this.level = level;
  this.scenarioName = pickle.name;
  // Two runtime messages per scenario, not one per label: each is an attachment on cucumber's bus.
  await allure.labels(
    // The Suites tab: system, then feature.
    { name: allure.LabelName.PARENT_SUITE, value: systems[system].title },
    { name: allure.LabelName.SUITE, value: gherkinDocument.feature?.name ?? pickle.uri },
    { name: allure.LabelName.EPIC, value: systems[system].title },
    ...clauses.map((c) => ({ name: allure.LabelName.STORY, value: `${c.id} ${c.title}` })),
    { name: allure.LabelName.SEVERITY, value: level === 'MUST' ? allure.Severity.CRITICAL : allure.Severity.MINOR },
    ...(level === 'ASSUMPTION' ? [{ name: allure.LabelName.TAG, value: 'assumption' }] : []),
  );
  await allure.links(...clauses.map((c) => ({ url: c.source.url, name: `${c.id} vendor documentation` })));
  const notRun = this.run.interrupt.signal.aborted
    ? ({ kind: 'interrupted', reason: 'the run was interrupted before this scenario started' } as const)
    : this.run.stage.skipReason(
        system,
        pickle.tags.map((t) => t.name),
      );
  if (notRun) {
    this.attach(JSON.stringify(notRun), {
      mediaType: SKIP_MEDIA_TYPE,
      fileName: `${notRun.kind === 'out-of-scope' ? 'out of scope' : 'not verified'}: ${notRun.reason}`,
    });
    return 'skipped';
  }
  return undefined;
});

// The scenario's evidence goes with the step where it ends: its last step, or the
// one that failed (the steps after it do not run).
AfterStep(function (this: ConformanceWorld, { pickle, pickleStep, result }) {
  this.stepEnded(pickleStep.text);
  if (result.status !== Status.PASSED || pickleStep.id === pickle.steps.at(-1)?.id) this.attachEvidence();
});

// Clean-up is not a verdict: what goes wrong while closing is recorded beside the
// scenario (a broken rule against its clause, anything left open by name), and the
// scenario keeps the outcome of its own steps.
After({ timeout: 120_000 }, async function (this: ConformanceWorld, { pickle }) {
  const problems = await this.cleanups.run();
  this.cleanupEnded();
  // Whatever is left: the clean-up's own exchanges, or a scenario that never reached its steps.
  this.attachEvidence();
  this.run.exchanges?.set(pickle.id, this.exchanges);
  if (problems.length) this.attach(JSON.stringify(problems), { mediaType: CLEANUP_MEDIA_TYPE, fileName: 'clean-up problems' });
  // Unlike the target's misbehaviour in clean-up, a simulator that could not answer is the harness's fault.
  if (this.simulatorFaults.length) throw new HarnessError(this.simulatorFaults.join('; '));
});
