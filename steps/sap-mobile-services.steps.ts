import { defineParameterType, Given, Then, When } from '@cucumber/cucumber';
import type { ConformanceWorld } from '../support/harness/world.ts';
import {
  stateText,
  type HeldRefreshToken,
  type LogoutEffect,
  type LogoutVariant,
  type SapSession,
  type SessionState,
} from '../support/systems/sap-mobile-services/client.ts';
import type { LogoutMethod, LogoutVersion } from '../support/systems/sap-mobile-services/vocabulary.ts';

defineParameterType({
  name: 'sap-logout',
  regexp: /(v1|v2) (POST|DELETE) logout/,
  transformer: (version: string, method: string): LogoutVariant => ({ version: version as LogoutVersion, method: method as LogoutMethod }),
});

/** What a Mobile Services scenario remembers between steps. */
interface Scene {
  readonly sessions: SapSession[];
  readonly logoutStatuses: number[];
  tokens: HeldRefreshToken[];
  readonly effects: Map<string, LogoutEffect>;
  probed?: SessionState;
  /** A cookie naming no session, shown refused. */
  unknown?: SapSession;
  /** Another device of the user, registered for push. */
  otherDevice?: string;
  /** A session of another test user. */
  otherUsers?: SapSession;
}
const scene = (world: ConformanceWorld): Scene =>
  world.scratch<Scene>('sap-mobile-services', () => ({ sessions: [], logoutStatuses: [], tokens: [], effects: new Map() }));
const sap = (world: ConformanceWorld) => world.client('sap-mobile-services');
const nameOf = (variant: LogoutVariant): string => `${variant.version} ${variant.method} logout`;

const session = (world: ConformanceWorld, index = 0) => world.recall(scene(world).sessions[index], `Mobile Services session ${index + 1}`);
const firstToken = (world: ConformanceWorld) => world.recall(scene(world).tokens[0], 'Mobile Services refresh token');
const probed = (world: ConformanceWorld): SessionState => world.recall(scene(world).probed, 'Mobile Services probe');
const unknownSession = (world: ConformanceWorld) => world.recall(scene(world).unknown, 'Mobile Services cookie naming no session');
const otherUsers = (world: ConformanceWorld) => world.recall(scene(world).otherUsers, 'Mobile Services session of another test user');

// Given: sessions, devices and tokens of the test user, and how the application is secured.

Given('a Mobile Services session', async function (this: ConformanceWorld) {
  scene(this).sessions.push(await sap(this).openSession());
});

Given('two Mobile Services sessions of the same user, each live on its cookie alone', async function (this: ConformanceWorld) {
  scene(this).sessions.push(...(await sap(this).openLiveSessions(2)));
});

Given('a Mobile Services session of another test user', async function (this: ConformanceWorld) {
  scene(this).otherUsers = await sap(this).openSessionOfAnotherUser();
});

Given("the Mobile Services session handed in from the SAML application's browser flow", async function (this: ConformanceWorld) {
  const handed = await sap(this).handedInLiveSession();
  if (!handed)
    return this.notVerified(
      'systems.sap-mobile-services.samlSession is no longer live: hand in a fresh browser session for every run (the SAP-7 scenario ends it)',
    );
  scene(this).sessions.push(handed);
  return undefined;
});

// Premises: what a logout is said to end is first shown alive; "no session" is shown dead.

Given('the Mobile Services session is live on its cookie alone', async function (this: ConformanceWorld) {
  await sap(this).proveLive(session(this));
});

Given("the other test user's Mobile Services session is live on its cookie alone", async function (this: ConformanceWorld) {
  await sap(this).proveLive(otherUsers(this));
});

Given('the Mobile Services session is no longer live', async function (this: ConformanceWorld) {
  await sap(this).proveDead(session(this));
});

Given('a Mobile Services cookie naming no session, which the session request refuses', async function (this: ConformanceWorld) {
  scene(this).unknown = await sap(this).refusedSession();
});

Given('the Mobile Services session is live on its cookie alone, and every refresh token works', async function (this: ConformanceWorld) {
  scene(this).tokens = await sap(this).proveLiveAndUsable(session(this), scene(this).tokens);
});

Given('a Mobile Services session whose device and another device of the same user are registered for push', async function (this: ConformanceWorld) {
  const { session: opened, otherDevice } = await sap(this).openSessionWithTwoDevicesRegistered();
  scene(this).sessions.push(opened);
  scene(this).otherDevice = otherDevice;
});

async function sessionWithTokens(this: ConformanceWorld, devices: number, atAnotherClient = false): Promise<void> {
  const { session, tokens } = await sap(this).openSessionWithTokens(devices, atAnotherClient);
  scene(this).sessions.push(session);
  scene(this).tokens.push(...tokens);
}
Given('a Mobile Services session, and a refresh token issued to its device', async function (this: ConformanceWorld) {
  await sessionWithTokens.call(this, 1);
});
Given('a Mobile Services session, and refresh tokens issued to its device and to another device of the same user', async function (this: ConformanceWorld) {
  await sessionWithTokens.call(this, 2);
});

Given(
  'a Mobile Services session, and refresh tokens issued to its device and to another OAuth client of the same user',
  async function (this: ConformanceWorld) {
    await sessionWithTokens.call(this, 2, true);
  },
);

// When: the logouts.

async function endSession(this: ConformanceWorld, variant: LogoutVariant): Promise<void> {
  scene(this).logoutStatuses.push(await sap(this).logout(variant, session(this)));
}
Given('the Mobile Services session has been ended with the {sap-logout}', endSession);
When('the Mobile Services session is ended with the {sap-logout}', endSession);
// The client never sends credentials or X-SMP headers with a logout; this wording says so where the clause is about it.
When('the Mobile Services session is ended with the {sap-logout}, sent with its session cookie alone, without credentials or X-SMP headers', endSession);
When('the Mobile Services {sap-logout} is sent for the ended session', endSession);
When('the Mobile Services {sap-logout} is sent for the ended session once more', endSession);

When('the Mobile Services {sap-logout} is sent without any cookie', async function (this: ConformanceWorld, variant: LogoutVariant) {
  scene(this).logoutStatuses.push(await sap(this).logout(variant));
});

When('the Mobile Services {sap-logout} is sent with the cookie naming no session', async function (this: ConformanceWorld, variant: LogoutVariant) {
  scene(this).logoutStatuses.push(await sap(this).logout(variant, unknownSession(this)));
});

When(
  'the Mobile Services {sap-logout} and then the {sap-logout} each end a session whose device is registered for push and holds a refresh token',
  async function (this: ConformanceWorld, first: LogoutVariant, second: LogoutVariant) {
    const effects = await sap(this).measureLogouts(first, second);
    for (const [i, variant] of [first, second].entries()) scene(this).effects.set(nameOf(variant), effects[i] as LogoutEffect);
  },
);

When('the Mobile Services session is probed', async function (this: ConformanceWorld) {
  scene(this).probed = await sap(this).probe(session(this));
});

When("the SAML application's session request is sent without any cookie", async function (this: ConformanceWorld) {
  scene(this).probed = await sap(this).probeSamlWithoutSession();
});

// Then: what the logouts answered, and what is left of sessions, registrations and tokens.

Then('every Mobile Services logout answered 204', function (this: ConformanceWorld) {
  const statuses = scene(this).logoutStatuses;
  this.verify.equal(
    statuses,
    statuses.map(() => 204),
    'the status of each logout, in order',
  );
});

Then('the Mobile Services session is dead', async function (this: ConformanceWorld) {
  const state = await sap(this).probe(session(this));
  this.verify.that(!state.live, "the logged-out session's cookie on the session request", 'a dead session', stateText(state));
});

Then('the other Mobile Services session is still live', async function (this: ConformanceWorld) {
  const state = await sap(this).probe(session(this, 1));
  this.verify.that(state.live, "the user's other session after the logout", 'live', stateText(state));
});

Then("the other test user's Mobile Services session is still live", async function (this: ConformanceWorld) {
  const state = await sap(this).probe(otherUsers(this));
  this.verify.that(state.live, "another test user's session after the logout", 'live', stateText(state));
});

Then(
  'the Mobile Services {sap-logout} answered the same status as the {sap-logout} and had the same effect on the session, the push registration and the refresh token',
  function (this: ConformanceWorld, variant: LogoutVariant, twin: LogoutVariant) {
    const effects = scene(this).effects;
    const of = (v: LogoutVariant) => this.recall(effects.get(nameOf(v)), `measurement of the ${nameOf(v)}`);
    this.verify.equal(of(variant), of(twin), `what the ${nameOf(variant)} did, against what the ${nameOf(twin)} did`);
  },
);

Then("the push registrations of the Mobile Services session's device and of the other device are gone", async function (this: ConformanceWorld) {
  const other = this.recall(scene(this).otherDevice, 'other Mobile Services device registered for push');
  const [own, others] = await sap(this).areRegistered([session(this).device, other]);
  this.verify.equal(own, false, "the device's push registration exists after a v1 logout");
  this.verify.equal(others, false, "the push registration of the user's other device after a v1 logout");
});

Then('no refresh token of the Mobile Services user can be used any more', async function (this: ConformanceWorld) {
  const answers = await sap(this).useRefreshTokensAfterLogout(scene(this).tokens, session(this));
  const held = scene(this).tokens.map((t, i) => `${t.device}: ${answers[i]?.usable ? 'usable' : 'refused'}`);
  this.verify.equal(
    held,
    scene(this).tokens.map((t) => `${t.device}: refused`),
    "a refresh with each of the user's tokens after a v2 logout",
  );
});

Then('the Mobile Services refresh token still works', async function (this: ConformanceWorld) {
  const answer = await sap(this).useRefreshToken(firstToken(this));
  this.verify.equal(answer.usable ? 'usable' : `refused (${answer.status} ${answer.error})`, 'usable', 'a refresh with the token after a v1 logout');
});

Then('the revoked Mobile Services refresh token is refused with 400 invalid_grant', async function (this: ConformanceWorld) {
  const [answer] = await sap(this).useRefreshTokensAfterLogout([firstToken(this)], session(this));
  this.verify.equal({ status: answer?.status, error: answer?.error }, { status: 400, error: 'invalid_grant' }, 'a refresh with a token revoked by a v2 logout');
});

Then('the Mobile Services probe saw a dead session, answered with 200 and the login request', function (this: ConformanceWorld) {
  const { live, status, loginRequest } = probed(this);
  this.verify.equal({ live, status, loginRequest }, { live: false, status: 200, loginRequest: true }, "the SAML application's answer to a logged-out session");
});

Then('the Mobile Services probe saw a dead session, answered as the target is configured', function (this: ConformanceWorld) {
  const { seen, expected } = sap(this).deadSessionAnswer(probed(this));
  this.verify.equal(seen, expected, 'the answer to a logged-out session');
});
