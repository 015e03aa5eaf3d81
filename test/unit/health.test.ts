import assert from 'node:assert/strict';
import { it } from 'node:test';
import { TargetHealth } from '../../support/http/health.ts';

it('refuses every request to a target that never answered, closings too, after three timeouts in a row', () => {
  const health = new TargetHealth();
  for (let i = 0; i < 3; i++) health.timedOut(new Date(0));
  assert.match(health.refusal() ?? '', /3 requests in a row timed out/);
  assert.match(health.refusal(true) ?? '', /not tried again/);
});

it('still lets a closing through to a target that answered late: a slow target is not gone, and checks stay refused', () => {
  const health = new TargetHealth();
  for (let i = 0; i < 3; i++) health.timedOut(new Date(0));
  health.answeredLate();
  assert.equal(health.refusal(true), undefined);
  assert.match(health.refusal() ?? '', /not tried again/);
  health.answered();
  assert.equal(health.refusal(), undefined);
});
