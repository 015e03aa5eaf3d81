import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Agent, request } from 'undici';
import { breakdown } from '../bin/bench/breakdown.ts';
import { openReplayTarget, replayScenario, runFloor, type ReplayTarget } from '../bin/bench/replay.ts';
import { lastRun } from '../support/harness/stage.ts';
import { runSuite } from '../support/run/run.ts';
import { faultyTarget } from './support/faulty-target.ts';

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

describe("the bench's breakdown", () => {
  it('counts every exchange, answered or failed, and its parts add up to the whole', async () => {
    const target = await openReplayTarget();
    const refusing = await faultyTarget('refuses connections');
    const dispatcher = new Agent();
    try {
      const origin = target.servers.get('flexi')?.origin;
      const b = await breakdown(async (marks) => {
        await request(`${origin}/before-the-start`, { dispatcher }).then((r) => r.body.text());
        marks.started();
        for (let i = 0; i < 3; i++) await request(`${origin}/status`, { dispatcher }).then((r) => r.body.text());
        await request(refusing.url, { dispatcher }).catch(() => undefined);
      });
      assert.equal(b.exchanges, 5, 'four answered and one refused');
      assert.ok(b.startUpMs > 0 && b.inFlightMs > 0 && b.betweenMs >= 0);
      assert.ok(Math.abs(b.startUpMs + b.inFlightMs + b.betweenMs - b.totalMs) < 1e-6);
      // Nothing is listened to once it has returned.
      const after = await breakdown(async () => {});
      assert.equal(after.exchanges, 0);
    } finally {
      await dispatcher.close();
      await target.close();
    }
  });
});
