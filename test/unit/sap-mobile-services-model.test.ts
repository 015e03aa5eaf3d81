import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ManualClock } from '../../support/simulation/clock.ts';
import { SapMobileServicesModel } from '../../support/systems/sap-mobile-services/model.ts';
import type { IssuedTokens } from '../../support/systems/sap-mobile-services/authorization-server.ts';

const APP = 'app';
const seeded = (defects: string[] = [], variations: string[] = []) =>
  new SapMobileServicesModel(new ManualClock(), {
    defects: new Set(defects),
    variations: new Set(variations),
    users: { ann: 'pw-ann', bob: 'pw-bob' },
    samlApps: ['saml-app'],
    clients: { [APP]: { redirectUris: [] }, other: { redirectUris: [] } },
  });

/** A refresh token by the password grant, for the application's client unless another is named. */
const issue = (model: SapMobileServicesModel, user: string, device: string, client = APP): string =>
  (model.oauth.passwordGrant(user, `pw-${user}`, client, device) as IssuedTokens).refresh;
/** The refresh token to hold after a refresh grant, or undefined when it was refused. */
const refresh = (model: SapMobileServicesModel, token: string, client = APP): string | undefined => {
  const answer = model.oauth.refreshGrant(token, client);
  return 'refresh' in answer ? answer.refresh : undefined;
};

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
    const phone = issue(model, 'ann', 'phone');
    const laptop = issue(model, 'ann', 'laptop');
    const bobs = issue(model, 'bob', 'tablet');
    model.logout('v2', 'DELETE', session);
    assert.equal(refresh(model, phone), undefined);
    assert.equal(refresh(model, laptop), undefined);
    assert.equal(typeof refresh(model, bobs), 'string');
  });

  it('a logout naming no live session changes nothing', () => {
    const model = seeded();
    const session = model.openSession('ann', APP, 'phone');
    model.register(session, 'phone', 'android');
    issue(model, 'ann', 'phone');
    for (const id of [undefined, 'unknown']) model.logout('v2', 'POST', id);
    assert.equal(model.openSessions, 2);
    assert.equal(model.pushRegistrations, 1);
  });

  it('a refresh rotates the token: the old one is spent, the new one counts as open', () => {
    const model = seeded();
    const first = issue(model, 'ann', 'phone');
    const next = refresh(model, first);
    assert.ok(next && next !== first);
    assert.equal(refresh(model, first), undefined);
    assert.equal(model.openSessions, 1);
  });

  it('with "revokes-this-device-only", v2 spares the tokens of the user\'s other devices', () => {
    const model = seeded(['revokes-this-device-only']);
    const session = model.openSession('ann', APP, 'phone');
    issue(model, 'ann', 'phone');
    const laptop = issue(model, 'ann', 'laptop');
    model.logout('v2', 'POST', session);
    assert.equal(typeof refresh(model, laptop), 'string');
  });

  it('with "revokes-this-client-only", v2 spares the tokens of the user at other OAuth clients', () => {
    const model = seeded(['revokes-this-client-only']);
    const session = model.openSession('ann', APP, 'phone');
    const own = issue(model, 'ann', 'phone');
    const other = issue(model, 'ann', 'phone', 'other');
    model.logout('v2', 'POST', session);
    assert.equal(refresh(model, own), undefined);
    assert.equal(typeof refresh(model, other, 'other'), 'string');
    const plain = seeded();
    const again = issue(plain, 'ann', 'phone', 'other');
    plain.logout('v2', 'POST', plain.openSession('ann', APP, 'phone'));
    assert.equal(refresh(plain, again, 'other'), undefined, 'without the defect every client loses its tokens');
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
      const token = issue(model, 'ann', 'phone');
      model.logout('v1', 'POST', model.openSession('ann', APP, 'phone'));
      assert.equal(typeof refresh(model, token), left);
    }
  });

  it('with "refresh-keeps-token", a refresh answers the same token, which stays usable until a v2 logout', () => {
    const model = seeded([], ['refresh-keeps-token']);
    const token = issue(model, 'ann', 'phone');
    assert.equal(refresh(model, token), token);
    assert.equal(refresh(model, token), token);
    model.logout('v2', 'DELETE', model.openSession('ann', APP, 'phone'));
    assert.equal(refresh(model, token), undefined);
  });
});
