import { defineParameterType, Given, Then, When } from '@cucumber/cucumber';
import type { ConformanceWorld } from '../support/harness/world.ts';
import type { InfoRouterTicket, Outcome } from '../support/systems/inforouter/client.ts';
import { INVALID_TICKET, type Binding } from '../support/systems/inforouter/vocabulary.ts';

defineParameterType({ name: 'inforouter-binding', regexp: /GET|form POST|SOAP/, transformer: (b: string) => b as Binding });
// Which of the scenario's tickets, in the order they were obtained.
defineParameterType({
  name: 'inforouter-ticket',
  regexp: /the infoRouter ticket|the second infoRouter ticket/,
  transformer: (t: string) => (t === 'the infoRouter ticket' ? 0 : 1),
});
defineParameterType({
  name: 'inforouter-bad-ticket',
  regexp: /an unknown ticket|a malformed ticket/,
  // A GUID the server never issued, and something that is no GUID at all.
  transformer: (kind: string) => (kind === 'an unknown ticket' ? '0b5f3c2e-9d41-4a7e-8c10-5e2d7f9a1b33' : 'not a ticket <&>'),
});

/** What an infoRouter scenario remembers between steps. */
interface Scene {
  readonly tickets: InfoRouterTicket[];
  /** A ticket the server does not know, shown so by isValidTicket. */
  unknown?: string;
  outcome?: Outcome;
  /** What AuthenticateUser answered, and whether it carried a ticket. */
  authenticated?: { readonly outcome: Outcome; readonly ticket: boolean };
}
const scene = (world: ConformanceWorld): Scene => world.scratch<Scene>('inforouter', () => ({ tickets: [] }));
const inforouter = (world: ConformanceWorld) => world.client('inforouter');
const ticket = (world: ConformanceWorld, index = 0): string => world.recall(scene(world).tickets[index], `infoRouter ticket ${index + 1}`).value;
const unknown = (world: ConformanceWorld): string => world.recall(scene(world).unknown, 'ticket the server does not know');
const outcome = (world: ConformanceWorld): Outcome => world.recall(scene(world).outcome, 'infoRouter LogOut answer');
/** A password that is not the test user's. */
const WRONG_PASSWORD = 'not-the-password-0b5f3c2e';
/** An answer as the wire said it, for observations. */
const shown = (o: Outcome): string => (o.success ? 'success="true"' : `success="false" error="${o.text}"`);
const DAY = 24 * 60 * 60_000;

Given('an infoRouter ticket for the test user', async function (this: ConformanceWorld) {
  scene(this).tickets.push(await inforouter(this).authenticate());
});

Given('a second infoRouter ticket for the same user', async function (this: ConformanceWorld) {
  scene(this).tickets.push(await inforouter(this).authenticate());
});

Given('the infoRouter ticket has been logged out', async function (this: ConformanceWorld) {
  this.verify.equal((await inforouter(this).logOut('GET', { parameter: ticket(this) })).success, true, 'the first LogOut succeeded');
});

Given('{inforouter-bad-ticket}, which isValidTicket answers [901]', async function (this: ConformanceWorld, bad: string) {
  const check = await inforouter(this).isValid(bad);
  this.verify.that(
    !check.success && check.code === INVALID_TICKET,
    'isValidTicket of a ticket the server never issued',
    'success="false" with [901]',
    shown(check),
  );
  scene(this).unknown = bad;
});

Given('{int} days pass without the infoRouter ticket being used', async function (this: ConformanceWorld, days: number) {
  await this.elapse(days * DAY);
});

When('the ticket is logged out through {inforouter-binding} as the AuthenticationTicket parameter', async function (this: ConformanceWorld, binding: Binding) {
  scene(this).outcome = await inforouter(this).logOut(binding, { parameter: ticket(this) });
});

When('the ticket is logged out through {inforouter-binding} with the ticket cookie only', async function (this: ConformanceWorld, binding: Binding) {
  scene(this).outcome = await inforouter(this).logOut(binding, { cookie: ticket(this) });
});

When('LogOut is called through {inforouter-binding} with neither parameter nor cookie', async function (this: ConformanceWorld, binding: Binding) {
  scene(this).outcome = await inforouter(this).logOut(binding, {});
});

When('LogOut is called through {inforouter-binding} with that ticket', async function (this: ConformanceWorld, binding: Binding) {
  scene(this).outcome = await inforouter(this).logOut(binding, { parameter: unknown(this) });
});

When('LogOut is called through {inforouter-binding} with that ticket in the ticket cookie only', async function (this: ConformanceWorld, binding: Binding) {
  scene(this).outcome = await inforouter(this).logOut(binding, { cookie: unknown(this) });
});

When('a ticket is requested through {inforouter-binding} for the test user', async function (this: ConformanceWorld, binding: Binding) {
  const issued = await inforouter(this).tryAuthenticate(binding);
  scene(this).authenticated = { outcome: issued.outcome, ticket: issued.ticket !== undefined };
  if (issued.ticket) scene(this).tickets.push(issued.ticket);
});

When('a ticket is requested through {inforouter-binding} with a wrong password', async function (this: ConformanceWorld, binding: Binding) {
  const issued = await inforouter(this).tryAuthenticate(binding, WRONG_PASSWORD);
  scene(this).authenticated = { outcome: issued.outcome, ticket: issued.ticket !== undefined };
  if (issued.ticket) scene(this).tickets.push(issued.ticket);
});

When('LogOut is called with the first ticket as the parameter and the second in the ticket cookie', async function (this: ConformanceWorld) {
  scene(this).outcome = await inforouter(this).logOut('GET', { parameter: ticket(this, 0), cookie: ticket(this, 1) });
});

Then('the LogOut succeeds', function (this: ConformanceWorld) {
  this.verify.equal(shown(outcome(this)), 'success="true"', 'LogOut answer');
});

// The code is what the document fixes; the words after it are shown as observed.
Then('the LogOut fails with [{int}]', function (this: ConformanceWorld, code: number) {
  const o = outcome(this);
  this.verify.that(!o.success && o.code === String(code), 'LogOut answer', `success="false" with [${code}]`, shown(o));
});

Then('AuthenticateUser succeeds with a ticket', function (this: ConformanceWorld) {
  const { outcome: o, ticket: issued } = this.recall(scene(this).authenticated, 'AuthenticateUser answer');
  this.verify.that(o.success && issued, 'AuthenticateUser answer', 'success="true" with a ticket', o.success ? 'success="true" without a ticket' : shown(o));
});

Then('AuthenticateUser fails with [{int}]', function (this: ConformanceWorld, code: number) {
  const { outcome: o } = this.recall(scene(this).authenticated, 'AuthenticateUser answer');
  this.verify.that(!o.success && o.code === String(code), 'AuthenticateUser answer', `success="false" with [${code}]`, shown(o));
});

Then('{inforouter-ticket} is valid by its cookie: isValidTicket succeeds', async function (this: ConformanceWorld, index: number) {
  this.verify.equal(
    shown(await inforouter(this).isValid(ticket(this, index), { cookie: true })),
    'success="true"',
    `isValidTicket of ticket ${index + 1} in the ticket cookie`,
  );
});

Then('{inforouter-ticket} is dead by its cookie: isValidTicket answers [901]', async function (this: ConformanceWorld, index: number) {
  const check = await inforouter(this).isValid(ticket(this, index), { cookie: true });
  this.verify.that(
    !check.success && check.code === INVALID_TICKET,
    `isValidTicket of ticket ${index + 1} in the ticket cookie after LogOut`,
    'success="false" with [901]',
    shown(check),
  );
});

Then('the LogOut answer came with HTTP status {int}', function (this: ConformanceWorld, status: number) {
  this.verify.equal(outcome(this).status, status, 'HTTP status of the LogOut answer');
});

Then('{inforouter-ticket} is (still )valid: isValidTicket succeeds', async function (this: ConformanceWorld, index: number) {
  this.verify.equal(shown(await inforouter(this).isValid(ticket(this, index))), 'success="true"', `isValidTicket of ticket ${index + 1}`);
});

Then('{inforouter-ticket} is dead( at once): isValidTicket answers [901]', async function (this: ConformanceWorld, index: number) {
  const check = await inforouter(this).isValid(ticket(this, index));
  this.verify.that(
    !check.success && check.code === INVALID_TICKET,
    `isValidTicket of ticket ${index + 1} after LogOut`,
    'success="false" with [901]',
    shown(check),
  );
});
