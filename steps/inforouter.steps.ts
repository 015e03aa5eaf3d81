import { defineParameterType, Given, Then, When } from '@cucumber/cucumber';
import type { ConformanceWorld } from '../support/harness/world.ts';
import type { Binding, InfoRouterTicket, Outcome } from '../support/systems/inforouter/client.ts';

defineParameterType({ name: 'inforouter-binding', regexp: /GET|form POST|SOAP/, transformer: (b: string) => b as Binding });
defineParameterType({
  name: 'inforouter-bad-ticket',
  regexp: /an unknown ticket|a malformed ticket/,
  // A GUID the server never issued, and something that is no GUID at all.
  transformer: (kind: string) => (kind === 'an unknown ticket' ? '0b5f3c2e-9d41-4a7e-8c10-5e2d7f9a1b33' : 'not a ticket <&>'),
});

/** What an infoRouter scenario remembers between steps. */
interface Scene {
  readonly tickets: InfoRouterTicket[];
  outcome?: Outcome;
}
const scene = (world: ConformanceWorld): Scene => world.scratch<Scene>('inforouter', () => ({ tickets: [] }));
const inforouter = (world: ConformanceWorld) => world.client('inforouter');
const ticket = (world: ConformanceWorld, index = 0): string => {
  const found = scene(world).tickets[index];
  if (!found) throw new Error(`no infoRouter ticket ${index + 1} was obtained by an earlier step`);
  return found.value;
};
const outcome = (world: ConformanceWorld): Outcome => {
  const found = scene(world).outcome;
  if (!found) throw new Error('no LogOut was called by an earlier step');
  return found;
};
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

Given('{int} days pass without the infoRouter ticket being used', async function (this: ConformanceWorld, days: number) {
  await this.elapse(days * DAY);
});

Given('the infoRouter server answers with the older <response> root', function (this: ConformanceWorld) {
  this.simulator('inforouter').answerWithOldRoot();
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

When('LogOut is called through {inforouter-binding} with {inforouter-bad-ticket}', async function (this: ConformanceWorld, binding: Binding, bad: string) {
  scene(this).outcome = await inforouter(this).logOut(binding, { parameter: bad });
});

When('LogOut is called with the first ticket as the parameter and the second in the ticket cookie', async function (this: ConformanceWorld) {
  scene(this).outcome = await inforouter(this).logOut('GET', { parameter: ticket(this, 0), cookie: ticket(this, 1) });
});

Then('the LogOut succeeds', function (this: ConformanceWorld) {
  this.verify.equal(outcome(this).success, true, 'LogOut success');
});

Then('the LogOut fails with {string}', function (this: ConformanceWorld, error: string) {
  const o = outcome(this);
  this.verify.equal(o.success ? 'success="true"' : o.text, error, 'LogOut answer');
});

Then('the LogOut answer came with HTTP status {int}', function (this: ConformanceWorld, status: number) {
  this.verify.equal(outcome(this).status, status, 'HTTP status of the LogOut answer');
});

Then('the infoRouter ticket is dead at once: isValidTicket answers [901]', async function (this: ConformanceWorld) {
  const check = await inforouter(this).isValid(ticket(this));
  this.verify.equal(check.success ? 'valid' : check.code, '901', 'isValidTicket after LogOut');
});

Then('the second infoRouter ticket is still valid', async function (this: ConformanceWorld) {
  this.verify.equal((await inforouter(this).isValid(ticket(this, 1))).success, true, 'the other ticket of the user is valid');
});
