import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openReplayTarget, replayScenario, runFloor, type ReplayTarget } from '../bin/bench/replay.ts';
import { lastRun } from '../support/harness/stage.ts';
import { runSuite } from '../support/run/run.ts';

// npm run bench compares the suite with two baselines built from its exchanges; a
// baseline that quietly sent less would flatter the harness.
describe("the bench's baselines", () => {
  let target: ReplayTarget;
  before(async () => {
    target = await openReplayTarget();
  });
  after(() => target.close());

  it('replay every exchange of the suite, and the floor runs every scenario with those same answers', async () => {
    const suite = await runSuite({ parameters: { mode: 'loopback', keepExchanges: true } });
    const perScenario = lastRun()?.exchanges ?? [];
    const exchanges = perScenario.flat().length;
    assert.equal(perScenario.length, suite.scenarios.length);

    let replayed = 0;
    for (const scenario of perScenario) replayed += await replayScenario(scenario, target);
    // Only scenarios that used simulator controls or another base path may differ.
    assert.ok(replayed >= exchanges * 0.95, `the replay matched ${replayed} of ${exchanges} answers`);

    const floored = await runFloor(perScenario, target);
    assert.ok(floored.success);
    assert.equal(floored.scenarios, perScenario.length, 'the floor ran every scenario once');
    assert.equal(floored.matching, replayed, 'the floor sent the replay\'s requests and got its answers');
  });
});
