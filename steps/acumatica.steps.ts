import { defineParameterType, Given, Then, When } from '@cucumber/cucumber';
import type { ConformanceWorld } from '../support/harness/world.ts';
import type { AcumaticaSession, FreeSeats, SignInAnswer, SignInFormat, SignOutAnswer, UrlForm } from '../support/systems/acumatica/client.ts';
import { SIGN_OUT_STATUSES } from '../support/systems/acumatica/vocabulary.ts';

defineParameterType({
  name: 'acumatica-session',
  regexp: /the session|the first session|the second session/,
  transformer: (s: string) => (s === 'the second session' ? 1 : 0),
});
defineParameterType({
  name: 'acumatica-url-form',
  regexp: /naming the instance|at the root of the website/,
  transformer: (f: string): UrlForm => (f === 'naming the instance' ? 'instance-path' : 'site-root'),
});

defineParameterType({
  name: 'acumatica-body-format',
  regexp: /JSON|form-urlencoded/,
  transformer: (f: string): SignInFormat => (f === 'JSON' ? 'json' : 'form'),
});

/** What an Acumatica scenario remembers between steps. */
interface Scene {
  readonly sessions: AcumaticaSession[];
  signOut?: SignOutAnswer;
  signIn?: SignInAnswer;
  /** Every free seat held: how the licence's refusal read. */
  seats?: FreeSeats;
}
const scene = (world: ConformanceWorld): Scene => world.scratch<Scene>('acumatica', () => ({ sessions: [] }));
const acumatica = (world: ConformanceWorld) => world.client('acumatica');
const session = (world: ConformanceWorld, index = 0): AcumaticaSession => world.recall(scene(world).sessions[index], `Acumatica session ${index + 1}`);
const IDLE_STEP_TIMEOUT = 15 * 60_000;
/** Where the simulator serves each form of instance URL (the vendor's own examples). */
const SIMULATED_BASE_PATH: Readonly<Record<UrlForm, string>> = { 'instance-path': '/MyInstance', 'site-root': '' };

// Given: sessions and the state of the instance.

// A live target has one URL form; the scenario for the other is not run against it
// (notVerifiedLive), so relocating, which only a simulator heeds, is all this takes.
Given('the instance URL {acumatica-url-form}', function (this: ConformanceWorld, form: UrlForm) {
  this.relocate('acumatica', SIMULATED_BASE_PATH[form]);
});

// A seat the run cannot have (held from outside it, or kept after its own sign-outs,
// which ACU-4 judges) leaves the scenario not verified, with the reason.
Given(/^(?:an|a second) API session signed in to the instance$/, async function (this: ConformanceWorld) {
  const signedIn = await acumatica(this).signInOnAFreeSeat();
  if ('notVerified' in signedIn) return this.notVerified(signedIn.notVerified);
  scene(this).sessions.push(signedIn);
  return undefined;
});

Given('every free API-user seat of the licence held by a session signed in to the instance', async function (this: ConformanceWorld) {
  const seats = await acumatica(this).signInEveryFreeSeat();
  scene(this).seats = seats;
  scene(this).sessions.push(...seats.sessions);
  if (seats.sessions.length === 0 && seats.refusal?.kind === 'none-free') return this.notVerified(seats.refusal.reason);
  return undefined;
});

Given('no seat that an earlier sign-out of this run freed is still taken', function (this: ConformanceWorld) {
  const refusal = this.recall(scene(this).seats, 'seats held by an earlier step').refusal;
  this.verify.that(
    refusal?.kind !== 'kept',
    "seats of this run's sessions signed out with 204",
    'free again',
    refusal?.kind === 'kept' ? refusal.reason : 'free again',
  );
});

Given('the licence had at least {int} seats free', function (this: ConformanceWorld, wanted: number) {
  const had = this.recall(scene(this).seats, 'seats held by an earlier step').sessions.length;
  if (had < wanted) return this.notVerified(`this scenario needs ${wanted} free API-user seats; the licence had ${had} free`);
  return undefined;
});

Given('the licence refuses a further sign-in', async function (this: ConformanceWorld) {
  await acumatica(this).proveLicenceFull();
});

Given('{acumatica-session} can read the Customer entity', async function (this: ConformanceWorld, index: number) {
  await acumatica(this).proveAlive(session(this, index));
});

Given('the session has signed out', async function (this: ConformanceWorld) {
  this.verify.equal((await acumatica(this).signOut(session(this))).status, 204, 'first sign-out status');
});

Given("other clients' requests take every concurrent-request slot of the licence", function (this: ConformanceWorld) {
  this.simulator('acumatica').saturateConcurrentRequests();
});

// When: the sign-in, the sign-out and the passing of time.

When('the API user signs in with a {acumatica-body-format} body', async function (this: ConformanceWorld, format: SignInFormat) {
  const answer = await acumatica(this).signInWith(format);
  if ('notVerified' in answer) return this.notVerified(answer.notVerified);
  scene(this).signIn = answer;
  if (answer.session) scene(this).sessions.push(answer.session);
  return undefined;
});

When('{acumatica-session} signs out', async function (this: ConformanceWorld, index: number) {
  scene(this).signOut = await acumatica(this).signOut(session(this, index));
});

When('the session signs out again with the same cookies', async function (this: ConformanceWorld) {
  scene(this).signOut = await acumatica(this).signOut(session(this));
});

When('the session signs out with a bare request that carries only its cookies', async function (this: ConformanceWorld) {
  scene(this).signOut = await acumatica(this).signOut(session(this), { bare: true });
});

When('a sign-out is sent without any session cookie', async function (this: ConformanceWorld) {
  scene(this).signOut = await acumatica(this).signOut();
});

When(
  /^(\d+) (?:more )?minutes pass without a request from (?:any|the second) session$/,
  { timeout: IDLE_STEP_TIMEOUT },
  async function (this: ConformanceWorld, minutes: string) {
    await this.elapse(Number(minutes) * 60_000);
  },
);

// Then: what the instance answered, and what the session can still do.

Then('the sign-out answers {int}', function (this: ConformanceWorld, status: number) {
  this.verify.equal(signOutAnswer(this).status, status, 'sign-out status');
});

Then('the sign-out answers a documented status', function (this: ConformanceWorld) {
  this.verify.oneOf(signOutAnswer(this).status, Object.keys(SIGN_OUT_STATUSES).map(Number), 'sign-out status');
});

Then("{acumatica-session}'s cookies no longer authorize an entity call", async function (this: ConformanceWorld, index: number) {
  this.verify.equal(await acumatica(this).authorizes(session(this, index)), false, "an entity call with the session's cookies is authorized");
});

Then('the sign-in answers {int}', function (this: ConformanceWorld, status: number) {
  this.verify.equal(this.recall(scene(this).signIn, 'Acumatica sign-in answer').status, status, 'sign-in status');
});

Then('{acumatica-session} (still )authorizes an entity call', async function (this: ConformanceWorld, index: number) {
  this.verify.equal(await acumatica(this).authorizes(session(this, index)), true, `an entity call with session ${index + 1}'s cookies is authorized`);
});

Then('a further sign-in succeeds', async function (this: ConformanceWorld) {
  this.verify.equal((await acumatica(this).trySignIn()).status, 204, 'sign-in status');
});

Then('an entity call is refused with {int}', async function (this: ConformanceWorld, status: number) {
  this.verify.equal(await acumatica(this).entityCall(session(this)), status, 'entity call status');
});

const signOutAnswer = (world: ConformanceWorld): SignOutAnswer => world.recall(scene(world).signOut, 'Acumatica sign-out answer');
