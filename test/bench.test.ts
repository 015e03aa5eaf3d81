import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Agent } from 'undici';
import { fileURLToPath } from 'node:url';
import { floor, replayScenario } from '../bin/bench/replay.ts';
import { lastRun } from '../support/harness/stage.ts';
import { runSuite } from '../support/run/run.ts';
import { LoopbackServer } from '../support/simulation/loopback-binder.ts';
import { systemKeys } from '../support/systems/index.ts';

// npm run bench compares the suite with two baselines built from its exchanges; a
// baseline that quietly sent less would flatter the harness.
describe("the bench's baselines", () => {
  const servers = new Map<(typeof systemKeys)[number], LoopbackServer>();
  const target = { servers, dispatcher: new Agent() };
  before(async () => {
    for (const k of systemKeys) servers.set(k, await LoopbackServer.start());
  });
  after(async () => {
    await target.dispatcher.close();
    await Promise.all([...servers.values()].map((s) => s.close()));
  });

  it('replay every exchange of the suite, and the floor runs every scenario with those same answers', async () => {
    const suite = await runSuite({ parameters: { mode: 'loopback', keepExchanges: true } });
    const perScenario = lastRun()?.exchanges ?? [];
    const exchanges = perScenario.flat().length;
    assert.equal(perScenario.length, suite.scenarios.length);

    let replayed = 0;
    for (const scenario of perScenario) replayed += await replayScenario(scenario, target);
    // Only scenarios that used simulator controls or another base path may differ.
    assert.ok(replayed >= exchanges * 0.95, `the replay matched ${replayed} of ${exchanges} answers`);

    Object.assign(floor, { target, scenarios: perScenario, next: 0, matching: 0 });
    const floored = await runSuite({ profile: 'loopback', steps: [fileURLToPath(new URL('../bin/bench/floor.steps.ts', import.meta.url))] });
    assert.ok(floored.success);
    assert.equal(floor.next, perScenario.length, 'the floor ran every scenario once');
    assert.equal(floored.scenarios.length, suite.scenarios.length);
    assert.equal(floor.matching, replayed, 'the floor sent the replay\'s requests and got its answers');
  });
});
