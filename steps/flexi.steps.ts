import { defineParameterType, Given, Then, When } from '@cucumber/cucumber';
import type { ConformanceWorld } from '../support/harness/world.ts';
import type { FlexiFormat, FlexiRole, FlexiSession, FlexiWebSession, LogoutAnswer, SessionCarrier } from '../support/systems/flexi/client.ts';

defineParameterType({
  name: 'flexi-role',
  regexp: /the administrator|the user|the other user|the non-ASCII user/,
  transformer: (r: string) => (r === 'the administrator' ? 'admin' : r.slice(4)) as FlexiRole,
});
defineParameterType({
  name: 'flexi-format',
  regexp: /json suffix with Accept xml|json by Accept|xml by Accept|json|xml|html/,
  transformer: (f: string) => f as FlexiFormat,
});
defineParameterType({ name: 'flexi-session-carrier', regexp: /header|cookie|query/, transformer: (c: string) => c as SessionCarrier });

/** What a Flexi scenario remembers between steps. */
interface Scene {
  readonly sessions: Map<FlexiRole, FlexiSession[]>;
  readonly web: Map<FlexiRole, FlexiWebSession>;
  answer?: LogoutAnswer;
}
const scene = (world: ConformanceWorld): Scene => world.scratch<Scene>('flexi', () => ({ sessions: new Map(), web: new Map() }));
const flexi = (world: ConformanceWorld) => world.client('flexi');
const sessionsOf = (world: ConformanceWorld, role: FlexiRole): FlexiSession[] => scene(world).sessions.get(role) ?? [];
const sessionOf = (world: ConformanceWorld, role: FlexiRole): FlexiSession => world.recall(sessionsOf(world, role)[0], `Flexi session of ${role}`);
const remember = (world: ConformanceWorld, session: FlexiSession) => scene(world).sessions.set(session.role, [...sessionsOf(world, session.role), session]);
const webSessionOf = (world: ConformanceWorld, role: FlexiRole): FlexiWebSession =>
  world.recall(scene(world).web.get(role), `Flexi web-interface session of ${role}`);
const answer = (world: ConformanceWorld): LogoutAnswer => world.recall(scene(world).answer, 'Flexi logout answer');

Given('{flexi-role} has a Flexi session', async function (this: ConformanceWorld, role: FlexiRole) {
  remember(this, await flexi(this).login(role));
});

Given('{flexi-role} has two Flexi sessions', async function (this: ConformanceWorld, role: FlexiRole) {
  for (const session of await flexi(this).logins(role, 2)) remember(this, session);
});

Given('{flexi-role} has a Flexi web-interface session', async function (this: ConformanceWorld, role: FlexiRole) {
  scene(this).web.set(role, await flexi(this).webLogin(role));
});

// The premise of every "dead after the logout" check: the sessions were live before it.
Given('each Flexi session of {flexi-role} can read the company', async function (this: ConformanceWorld, role: FlexiRole) {
  for (const [i, live] of (await flexi(this).areLive(sessionsOf(this, role))).entries())
    this.verify.equal(live, true, `fresh session ${i + 1} of ${role} can read the company`);
});

Given("{flexi-role}'s Flexi web-interface session can open the company", async function (this: ConformanceWorld, role: FlexiRole) {
  await flexi(this).proveWebSession(webSessionOf(this, role));
});

Given(
  '{flexi-role} has no Flexi session: the administrator has logged them out with ignore-not-found=true',
  async function (this: ConformanceWorld, role: FlexiRole) {
    await flexi(this).endSessionsOf(role);
  },
);

Given('{flexi-role} has made a Flexi request in the company with HTTP Basic authentication only', async function (this: ConformanceWorld, role: FlexiRole) {
  this.verify.equal(await flexi(this).companyCall({ basic: role }), 200, 'a Basic-authenticated call in the company');
});

Given("the user's Flexi request in the company is answered {int}", async function (this: ConformanceWorld, status: number) {
  this.verify.equal(await flexi(this).companyCall({ session: sessionOf(this, 'user') }), status, "the user's call in the company");
});

Given("the user's Flexi session has expired", function (this: ConformanceWorld) {
  this.simulator('flexi').expireSessionsOf(flexi(this).account('user').username);
});

Given("the Flexi server withdraws the user's right to read the company's address book", function (this: ConformanceWorld) {
  this.simulator('flexi').setPermission(flexi(this).account('user').username, flexi(this).company, false);
});

When(
  'the administrator logs out {flexi-role} in Flexi as a(n) {flexi-format} call',
  async function (this: ConformanceWorld, role: FlexiRole, format: FlexiFormat) {
    scene(this).answer = await flexi(this).logoutUser({ session: sessionOf(this, 'admin') }, role, { format });
  },
);

When('the administrator logs out {flexi-role} in Flexi with ignore-not-found=true', async function (this: ConformanceWorld, role: FlexiRole) {
  scene(this).answer = await flexi(this).logoutUser({ session: sessionOf(this, 'admin') }, role, { format: 'json', ignoreNotFound: true });
});

When('the administrator logs {flexi-role} out of the company in Flexi', async function (this: ConformanceWorld, role: FlexiRole) {
  scene(this).answer = await flexi(this).logoutUser({ session: sessionOf(this, 'admin') }, role, { format: 'json', company: true });
});

When('the administrator logs {flexi-role} out of the company in Flexi with ignore-not-found=true', async function (this: ConformanceWorld, role: FlexiRole) {
  scene(this).answer = await flexi(this).logoutUser({ session: sessionOf(this, 'admin') }, role, { format: 'json', company: true, ignoreNotFound: true });
});

When(
  '{flexi-role} logs themselves out of Flexi presenting the session id in the {flexi-session-carrier}',
  async function (this: ConformanceWorld, role: FlexiRole, carrier: SessionCarrier) {
    scene(this).answer = await flexi(this).logoutUser({ session: sessionOf(this, role), carrier }, role, { format: 'json' });
  },
);

When('the server-authorized caller logs out {flexi-role} in Flexi', async function (this: ConformanceWorld, role: FlexiRole) {
  scene(this).answer = await flexi(this).logoutUser({ basic: 'server' }, role, { format: 'json' });
});

When('{flexi-role} tries to log out {flexi-role} in Flexi', async function (this: ConformanceWorld, caller: FlexiRole, role: FlexiRole) {
  scene(this).answer = await flexi(this).logoutUser({ session: sessionOf(this, caller) }, role, { format: 'json' });
});

When(
  '{flexi-role} tries to log out {flexi-role} in Flexi as a(n) {flexi-format} call',
  async function (this: ConformanceWorld, caller: FlexiRole, role: FlexiRole, format: FlexiFormat) {
    scene(this).answer = await flexi(this).logoutUser({ session: sessionOf(this, caller) }, role, { format });
  },
);

Then('the Flexi logout answers {int}', function (this: ConformanceWorld, status: number) {
  this.verify.equal(answer(this).status, status, 'Flexi logout status');
});

// The Location is judged by its path below the deployment's base; its scheme and host are only recorded.
Then('the Flexi logout answers 303 to \\/status\\/user', function (this: ConformanceWorld) {
  const { status, redirect, location } = answer(this);
  this.verify.that(
    status === 303 && redirect === '/status/user',
    "Flexi logout of an HTML call (the path its Location leads to below the target's base URL)",
    '303 to /status/user',
    `${status} to ${redirect ?? 'no Location'}${location ? ` (Location ${location})` : ''}`,
  );
});

Then('the Flexi logout is refused with 401 or 403', function (this: ConformanceWorld) {
  this.verify.oneOf(answer(this).status, [401, 403], 'Flexi logout of another user without the rights');
});

Then('the Flexi refusal carries the error envelope', function (this: ConformanceWorld) {
  const { observed, expected } = flexi(this).errorEnvelope(answer(this));
  this.verify.equal(observed, expected, 'the error envelope of the refused Flexi logout');
});

// The format is fixed by the documents, the body is not: an answer whose format nothing shows is not verified, never failed.
Then('the Flexi logout answer is {word}', function (this: ConformanceWorld, kind: string) {
  const { kind: observed, kindBy } = answer(this);
  if (observed === undefined) return this.notVerified(`the format of the Flexi logout answer cannot be told: ${kindBy}`);
  this.verify.that(observed === kind, 'format of the Flexi logout answer', kind, `${observed} (by ${kindBy})`);
  return undefined;
});

Then('the Flexi logout answer carries the winstrom envelope', function (this: ConformanceWorld) {
  this.verify.equal(flexi(this).carriesWinstrom(answer(this)), true, 'the winstrom envelope with its success flag in the Flexi logout answer');
});

Then('every Flexi session of {flexi-role} is dead', async function (this: ConformanceWorld, role: FlexiRole) {
  for (const [i, live] of (await flexi(this).areLive(sessionsOf(this, role))).entries())
    this.verify.equal(live, false, `session ${i + 1} of ${role} after the logout is live`);
});

Then("{flexi-role}'s Flexi web-interface session is dead", async function (this: ConformanceWorld, role: FlexiRole) {
  this.verify.equal(await flexi(this).webIsLive(webSessionOf(this, role)), false, `the web-interface session of ${role} after the logout is live`);
});

Then('every Flexi session of {flexi-role} is still valid', async function (this: ConformanceWorld, role: FlexiRole) {
  for (const [i, live] of (await flexi(this).areLive(sessionsOf(this, role))).entries()) this.verify.equal(live, true, `session ${i + 1} of ${role} is live`);
});

Then("a Flexi request with the user's expired session is redirected to \\/login-logout\\/remote-logout", async function (this: ConformanceWorld) {
  const { status, redirect, location } = await flexi(this).companyAnswer(sessionOf(this, 'user'));
  this.verify.that(
    status >= 300 && status < 400 && redirect === '/login-logout/remote-logout',
    "a JSON call in the company with an expired session (the path its Location leads to below the target's base URL)",
    'a redirect to /login-logout/remote-logout',
    `${status}${redirect ? ` to ${redirect}` : ''}${location ? ` (Location ${location})` : ''}`,
  );
});

Then("the dead Flexi session's JSON call is answered as the target is configured", async function (this: ConformanceWorld) {
  const { observed, expected } = await flexi(this).deadAnswer(sessionOf(this, 'user'));
  this.verify.equal(observed, expected, "a dead session's JSON call");
});
