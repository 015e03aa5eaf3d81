import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ManualClock } from '../../support/simulation/clock.ts';
import { SapMobileServicesModel } from '../../support/systems/sap-mobile-services/model.ts';

const APP = 'app';
const seeded = (defects: string[] = [], variations: string[] = []) =>
  new SapMobileServicesModel(new ManualClock(), {
    defects: new Set(defects),
    variations: new Set(variations),
    users: { ann: 'pw-ann', bob: 'pw-bob' },
    samlApps: ['saml-app'],
  });

describe('sap-mobile-services model', () => {
  it('v1 ends the session and removes every push registration of its user, and only of its user', () => {
    const model = seeded();
    const ann = model.openSession('ann', APP, 'phone');
    const bob = model.openSession('bob', APP, 'tablet');
    model.register(ann, 'phone', 'android');
    model.register(ann, 'watch', 'ios');
    model.register(bob, 'tablet', 'android');
    model.logout('v1', 'POST', ann);
    assert.equal(model.userOf(ann), undefined);
    assert.equal(model.pushRegistrations, 1);
    assert.deepEqual(model.registration(bob, 'tablet'), { os: 'android', at: new ManualClock().now() });
  });

  it("v2 revokes every refresh token of its user, on every device, and no one else's", () => {
    const model = seeded();
    const session = model.openSession('ann', APP, 'phone');
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
    const session = model.openSession('ann', APP, 'phone');
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
    const session = model.openSession('ann', APP, 'phone');
    model.issueRefreshToken('ann', 'phone');
    const laptop = model.issueRefreshToken('ann', 'laptop');
    model.logout('v2', 'POST', session);
    assert.equal(typeof model.refresh(laptop), 'string');
  });

  it('a session belongs to its application; a SAML application answers dead sessions with the login request, the others 401', () => {
    const model = seeded();
    const ann = model.openSession('ann', APP, 'phone');
    assert.equal(model.userOf(ann, APP), 'ann');
    assert.equal(model.userOf(ann, 'saml-app'), undefined);
    assert.deepEqual([model.deadSessionStyleOf(APP), model.deadSessionStyleOf('saml-app')], ['401', 'saml']);
  });

  it('with "v2-ends-every-session", v2 ends all sessions of its user, and no one else\'s', () => {
    const model = seeded([], ['v2-ends-every-session']);
    const [one, two, bobs] = [model.openSession('ann', APP, 'a'), model.openSession('ann', APP, 'b'), model.openSession('bob', APP, 'c')];
    model.logout('v2', 'POST', one);
    assert.deepEqual([model.userOf(one), model.userOf(two), model.userOf(bobs)], [undefined, undefined, 'bob']);
    const plain = seeded();
    const [three, four] = [plain.openSession('ann', APP, 'a'), plain.openSession('ann', APP, 'b')];
    plain.logout('v2', 'POST', three);
    assert.equal(plain.userOf(four), 'ann', 'without the variation the other session stays');
  });

  it('with "v1-ends-every-session", v1 ends all sessions of its user, and no one else\'s', () => {
    const model = seeded([], ['v1-ends-every-session']);
    const [one, two, bobs] = [model.openSession('ann', APP, 'a'), model.openSession('ann', APP, 'b'), model.openSession('bob', APP, 'c')];
    model.logout('v1', 'DELETE', one);
    assert.deepEqual([model.userOf(one), model.userOf(two), model.userOf(bobs)], [undefined, undefined, 'bob']);
  });

  it('with "v1-removes-this-device-only", v1 leaves the registrations of the user\'s other devices', () => {
    const model = seeded(['v1-removes-this-device-only']);
    const ann = model.openSession('ann', APP, 'phone');
    model.register(ann, 'phone', 'android');
    model.register(ann, 'watch', 'ios');
    model.logout('v1', 'POST', ann);
    const again = model.openSession('ann', APP, 'watch');
    assert.deepEqual([model.registration(again, 'phone'), model.registration(again, 'watch')], [undefined, { os: 'ios', at: new ManualClock().now() }]);
  });

  it('with "v1-revokes-refresh-tokens", v1 revokes the user\'s tokens too; without it they stay', () => {
    for (const [variations, left] of [
      [['v1-revokes-refresh-tokens'], 'undefined'],
      [[], 'string'],
    ] as const) {
      const model = seeded([], [...variations]);
      const token = model.issueRefreshToken('ann', 'phone');
      model.logout('v1', 'POST', model.openSession('ann', APP, 'phone'));
      assert.equal(typeof model.refresh(token), left);
    }
  });

  it('with "refresh-keeps-token", a refresh answers the same token, which stays usable until a v2 logout', () => {
    const model = seeded([], ['refresh-keeps-token']);
    const token = model.issueRefreshToken('ann', 'phone');
    assert.equal(model.refresh(token), token);
    assert.equal(model.refresh(token), token);
    model.logout('v2', 'DELETE', model.openSession('ann', APP, 'phone'));
    assert.equal(model.refresh(token), undefined);
  });
});
