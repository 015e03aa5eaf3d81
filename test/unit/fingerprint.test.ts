import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalise, scenarioFingerprint } from '../../support/report/fingerprint.ts';

describe('the behaviour fingerprint', () => {
  it('leaves out where and when the run was, and the ids the target handed out', () => {
    assert.equal(
      normalise(
        'GET http://127.0.0.1:40123/x at 2026-01-02T03:04:05.678Z took 350 ms; session 0f8e2b6c-1d2e-4f3a-9b8c-7d6e5f4a3b2c, token 9f86d081884c7d659a2feaa0c55ad015, 127.0.0.1:8080',
      ),
      'GET <origin>/x at <time> took <duration>; session <id>, token <id>, <origin>',
    );
    assert.equal(normalise('success="false" error="[901] Session expired"'), 'success="false" error="[901] Session expired"');
  });

  it('differs when a check saw something else, or the scenario ended otherwise', () => {
    const seen = (observed: string) => ({
      outcome: 'passed',
      observations: [{ check: 'sign-out status', expected: '204', observed, held: observed === '204' }],
    });
    assert.equal(scenarioFingerprint(seen('204')), scenarioFingerprint(seen('204')));
    assert.notEqual(scenarioFingerprint(seen('204')), scenarioFingerprint(seen('401')));
    assert.notEqual(scenarioFingerprint(seen('204')), scenarioFingerprint({ ...seen('204'), outcome: 'failed' }));
  });
});
