import { Given, Then, When } from '@cucumber/cucumber';
import type { ConformanceWorld } from '../support/harness/world.ts';
import { SIGN_OUT_STATUSES, type AcumaticaSession, type SignOutAnswer } from '../support/systems/acumatica/client.ts';

/** What an Acumatica scenario remembers between steps. */
interface Scene {
  readonly sessions: AcumaticaSession[];
  signOut?: SignOutAnswer;
}
const scene = (world: ConformanceWorld): Scene => world.scratch<Scene>('acumatica', () => ({ sessions: [] }));
const acumatica = (world: ConformanceWorld) => world.client('acumatica');
const session = (world: ConformanceWorld, index = 0): AcumaticaSession => {
  const found = scene(world).sessions[index];
  if (!found) throw new Error(`no session ${index + 1} was signed in by an earlier step`);
  return found;
};
const IDLE_STEP_TIMEOUT = 15 * 60_000;

// Given: sessions and the state of the instance.

Given('an API session signed in to the instance', async function (this: ConformanceWorld) {
  scene(this).sessions.push(await acumatica(this).signIn());
});

Given('{int} API session(s) signed in to the instance', async function (this: ConformanceWorld, count: number) {
  for (let i = 0; i < count; i++) scene(this).sessions.push(await acumatica(this).signIn());
});

Given('the session can read the Customer entity', async function (this: ConformanceWorld) {
  this.verify.equal(await acumatica(this).authorizes(session(this)), true, 'an entity call with the fresh session is authorized');
});

Given('the session has signed out', async function (this: ConformanceWorld) {
  this.verify.equal((await acumatica(this).signOut(session(this))).status, 204, 'first sign-out status');
});

Given('the instance is installed under the instance name {string}', function (this: ConformanceWorld, name: string) {
  this.relocate('acumatica', `/${name}`);
});

Given('the instance is installed in the root of the website', function (this: ConformanceWorld) {
  this.relocate('acumatica', '');
});

Given('the licence admits {int} API user(s)', function (this: ConformanceWorld, count: number) {
  this.simulator('acumatica').admitApiUsers(count);
});

Given('the instance will answer the next sign-out with {int}', function (this: ConformanceWorld, status: 400 | 429 | 500) {
  this.simulator('acumatica').failNextSignOut(status);
});

Given("other clients' requests take every concurrent-request slot of the licence", function (this: ConformanceWorld) {
  this.simulator('acumatica').saturateConcurrentRequests();
});

// When: the sign-out and the passing of time.

When('the session signs out', async function (this: ConformanceWorld) {
  scene(this).signOut = await acumatica(this).signOut(session(this));
});

When('the first session signs out', async function (this: ConformanceWorld) {
  scene(this).signOut = await acumatica(this).signOut(session(this, 0));
});

When('the session signs out again with the same cookies', async function (this: ConformanceWorld) {
  scene(this).signOut = await acumatica(this).signOut(session(this));
});

When('the session signs out with a bare request that carries only its cookies', async function (this: ConformanceWorld) {
  scene(this).signOut = await acumatica(this).signOut(session(this), { bare: true });
});

When('a sign-out is sent without any session', async function (this: ConformanceWorld) {
  scene(this).signOut = await acumatica(this).signOut();
});

When('the session stays idle for {int} minutes', { timeout: IDLE_STEP_TIMEOUT }, async function (this: ConformanceWorld, minutes: number) {
  await this.elapse(minutes * 60_000);
});

// Then: what the instance answered, and what the session can still do.

Then('the sign-out answers {int}', function (this: ConformanceWorld, status: number) {
  this.verify.equal(signOutAnswer(this).status, status, 'sign-out status');
});

Then('the sign-out answers a documented status', function (this: ConformanceWorld) {
  this.verify.oneOf(signOutAnswer(this).status, Object.keys(SIGN_OUT_STATUSES).map(Number), 'sign-out status');
});

Then('the sign-out answers {int}, which the document calls {string}', function (this: ConformanceWorld, status: number, meaning: string) {
  const answer = signOutAnswer(this);
  this.verify.equal({ status: answer.status, meaning: answer.meaning }, { status, meaning }, 'sign-out status and its documented meaning');
});

Then("the session's cookies no longer authorize an entity call", async function (this: ConformanceWorld) {
  this.verify.equal(await acumatica(this).authorizes(session(this)), false, "an entity call with the signed-out session's cookies is authorized");
});

Then('the session still authorizes an entity call', async function (this: ConformanceWorld) {
  this.verify.equal(await acumatica(this).authorizes(session(this)), true, 'an entity call with the idle session is authorized');
});

Then('a further sign-in is refused', async function (this: ConformanceWorld) {
  const answer = await acumatica(this).trySignIn();
  this.verify.that(answer.session === undefined, 'a sign-in beyond the API-user limit', 'refused', `${answer.status} (signed in)`);
});

Then('a further sign-in succeeds', async function (this: ConformanceWorld) {
  this.verify.equal((await acumatica(this).trySignIn()).status, 204, 'sign-in status');
});

Then('an entity call is refused with {int}', async function (this: ConformanceWorld, status: number) {
  this.verify.equal(await acumatica(this).entityCall(session(this)), status, 'entity call status');
});

function signOutAnswer(world: ConformanceWorld): SignOutAnswer {
  const answer = scene(world).signOut;
  if (!answer) throw new Error('no sign-out was sent by an earlier step');
  return answer;
}
