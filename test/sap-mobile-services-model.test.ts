import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ManualClock } from '../support/simulation/clock.ts';
import { SapMobileServicesModel } from '../support/systems/sap-mobile-services/model.ts';

const seeded = (defects: string[] = []) => new SapMobileServicesModel(new ManualClock(), new Set(defects), { ann: 'pw-ann', bob: 'pw-bob' });

describe('sap-mobile-services model', () => {
  it('v1 ends the session and removes every push registration of its user, and only of its user', () => {
    const model = seeded();
    const ann = model.openSession('ann', 'phone');
    const bob = model.openSession('bob', 'tablet');
    model.register(ann, 'phone', 'android');
    model.register(ann, 'watch', 'ios');
    model.register(bob, 'tablet', 'android');
    model.logout('v1', 'POST', ann);
    assert.equal(model.userOf(ann), undefined);
    assert.equal(model.pushRegistrations, 1);
    assert.deepEqual(model.registration(bob, 'tablet'), { os: 'android', at: new ManualClock().now() });
  });

  it('v2 revokes every refresh token of its user, on every device, and no one else\'s', () => {
    const model = seeded();
    const session = model.openSession('ann', 'phone');
    const phone = model.issueRefreshToken('ann', 'phone');
    const laptop = model.issueRefreshToken('ann', 'laptop');
    const bobs = model.issueRefreshToken('bob', 'tablet');
    model.logout('v2', 'DELETE', session);
    assert.equal(model.refresh(phone), undefined);
    assert.equal(model.refresh(laptop), undefined);
    assert.equal(typeof model.refresh(bobs), 'string');
  });

  it('a logout naming no live session changes nothing', () => {
    const model = seeded();
    const session = model.openSession('ann', 'phone');
    model.register(session, 'phone', 'android');
    model.issueRefreshToken('ann', 'phone');
    for (const id of [undefined, 'unknown']) model.logout('v2', 'POST', id);
    assert.equal(model.openSessions, 2);
    assert.equal(model.pushRegistrations, 1);
  });

  it('a refresh rotates the token: the old one is spent, the new one counts as open', () => {
    const model = seeded();
    const first = model.issueRefreshToken('ann', 'phone');
    const next = model.refresh(first);
    assert.ok(next && next !== first);
    assert.equal(model.refresh(first), undefined);
    assert.equal(model.openSessions, 1);
  });

  it('with "revokes-this-device-only", v2 spares the tokens of the user\'s other devices', () => {
    const model = seeded(['revokes-this-device-only']);
    const session = model.openSession('ann', 'phone');
    model.issueRefreshToken('ann', 'phone');
    const laptop = model.issueRefreshToken('ann', 'laptop');
    model.logout('v2', 'POST', session);
    assert.equal(typeof model.refresh(laptop), 'string');
  });
});
