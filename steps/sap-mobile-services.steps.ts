import { defineParameterType, Given, Then, When } from '@cucumber/cucumber';
import type { ConformanceWorld } from '../support/harness/world.ts';
import type { LogoutVariant, SapSession, SessionState } from '../support/systems/sap-mobile-services/client.ts';

defineParameterType({
  name: 'sap-logout',
  regexp: /(v1|v2) (POST|DELETE) logout/,
  transformer: (version: string, method: string): LogoutVariant => ({ version: version as 'v1' | 'v2', method: method as 'POST' | 'DELETE' }),
});

/** What a Mobile Services scenario remembers between steps. */
interface Scene {
  readonly sessions: SapSession[];
  readonly statuses: number[];
  readonly tokens: { token: string; device: string }[];
  state?: SessionState;
}
const scene = (world: ConformanceWorld): Scene => world.scratch<Scene>('sap-mobile-services', () => ({ sessions: [], statuses: [], tokens: [] }));
const sap = (world: ConformanceWorld) => world.client('sap-mobile-services');
const first = (world: ConformanceWorld): SapSession => {
  const session = scene(world).sessions[0];
  if (!session) throw new Error('no Mobile Services session was opened by an earlier step');
  return session;
};
const OTHER_DEVICE = 'conformance-device-2';

Given('a Mobile Services session', async function (this: ConformanceWorld) {
  scene(this).sessions.push(await sap(this).openSession());
});

Given('another Mobile Services session of the same user', async function (this: ConformanceWorld) {
  scene(this).sessions.push(await sap(this).openSession(OTHER_DEVICE));
});

Given("the Mobile Services session's device is registered for push", async function (this: ConformanceWorld) {
  this.verify.oneOf(await sap(this).registerDevice(first(this)), [200, 201], 'push registration status');
});

Given("a refresh token issued to the Mobile Services session's device", async function (this: ConformanceWorld) {
  scene(this).tokens.push({ token: await sap(this).refreshToken(first(this).device), device: first(this).device });
});

Given('a refresh token issued to another device of the same user', async function (this: ConformanceWorld) {
  scene(this).tokens.push({ token: await sap(this).refreshToken(OTHER_DEVICE), device: OTHER_DEVICE });
});

Given('the Mobile Services application uses SAML, where a dead session is answered with the login request', function (this: ConformanceWorld) {
  this.simulator('sap-mobile-services').answerDeadSessionsAs('saml');
});

When('the Mobile Services session is ended with the {sap-logout}', async function (this: ConformanceWorld, variant: LogoutVariant) {
  scene(this).statuses.push(await sap(this).logout(variant, first(this)));
});

When('the {sap-logout} is sent without any cookie', async function (this: ConformanceWorld, variant: LogoutVariant) {
  scene(this).statuses.push(await sap(this).logout(variant));
});

When('the {sap-logout} is sent with a cookie naming no session', async function (this: ConformanceWorld, variant: LogoutVariant) {
  scene(this).statuses.push(await sap(this).logoutWithUnknownCookie(variant));
});

When('the {sap-logout} is sent again for the same Mobile Services session', async function (this: ConformanceWorld, variant: LogoutVariant) {
  scene(this).statuses.push(await sap(this).logout(variant, first(this)));
});

When('the Mobile Services session is probed', async function (this: ConformanceWorld) {
  scene(this).state = await sap(this).probe(first(this));
});

Then('every Mobile Services logout answered 204', function (this: ConformanceWorld) {
  this.verify.equal(scene(this).statuses, scene(this).statuses.map(() => 204), 'logout statuses');
});

Then('the Mobile Services session is dead', async function (this: ConformanceWorld) {
  this.verify.equal((await sap(this).probe(first(this))).live, false, 'the logged-out session still works');
});

Then('the other Mobile Services session is still live', async function (this: ConformanceWorld) {
  this.verify.equal((await sap(this).probe(scene(this).sessions[1] as SapSession)).live, true, "the user's other session after a v2 logout is live");
});

Then('the probe saw a dead session answered with 200 and the login request', function (this: ConformanceWorld) {
  const state = scene(this).state;
  this.verify.equal({ live: state?.live, status: state?.status, loginRequest: state?.loginRequest }, { live: false, status: 200, loginRequest: true }, 'the SAML answer to a dead session');
});

Then('the probe saw a dead session answered the way the target is configured to', function (this: ConformanceWorld) {
  const state = scene(this).state;
  const expected = sap(this).deadSessionStyle === 'saml' ? '200 with the login request' : '401';
  const seen = state?.loginRequest ? `${state.status} with the login request` : String(state?.status);
  this.verify.equal(seen, expected, 'the answer to a dead session');
});

Then("the device's push registration is gone", async function (this: ConformanceWorld) {
  const reader = await sap(this).openSession(OTHER_DEVICE);
  this.verify.equal(await sap(this).isRegistered(reader, first(this).device), false, 'the push registration after a v1 logout exists');
});

Then('no refresh token of the user can be used any more', async function (this: ConformanceWorld) {
  for (const { token, device } of scene(this).tokens) {
    this.verify.equal((await sap(this).useRefreshToken(token, device)).status === 200, false, `a refresh token of ${device} works after a v2 logout`);
  }
});

Then('the refresh token still works', async function (this: ConformanceWorld) {
  const { token, device } = scene(this).tokens[0] as { token: string; device: string };
  this.verify.equal((await sap(this).useRefreshToken(token, device)).status, 200, 'refresh status after a v1 logout');
});

Then('using the refresh token is refused with 400 invalid_grant', async function (this: ConformanceWorld) {
  const { token, device } = scene(this).tokens[0] as { token: string; device: string };
  this.verify.equal(await sap(this).useRefreshToken(token, device), { status: 400, error: 'invalid_grant' }, 'refresh with a revoked token');
});
