import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import type { Browser, BrowserContext } from 'puppeteer-core';
import { HeadlessChromium, headlessLaunch } from '../../support/browser/browser.ts';
import { chromiumPath } from '../../support/browser/chromium.ts';
import { CHROMIUM, type Needs } from './prerequisites.ts';

/**
 * Every browser sign-in costs a Chromium page load, about a second of CPU: a test that
 * runs a SAML or OAuth application in the browser runs one scenario of each Mobile
 * Services clause (cucumber's --name: the v2 POST variant of each outline, v1's push
 * removal, SAP-7's SAML scenarios), which verifies each clause as a whole run does
 * ("2 of 3 scenarios ran"). The whole suite on those applications is the bench's
 * (`npm run bench -- --saml`), which names any scenario that did not pass.
 */
export const ONE_SCENARIO_PER_CLAUSE: readonly string[] = ['v2 POST', 'v1 POST logout removes', 'SAML application'];

/**
 * Fewer sign-ins still, for a test about the MUST clauses alone: of each MUST clause
 * the scenario that signs in least (SAP-3's logout without a session signs in not at
 * all, SAP-6's at the sign-in client alone), and no assumption's. Each MUST clause is
 * verified as by ONE_SCENARIO_PER_CLAUSE.
 */
export const MUST_SCENARIO_PER_CLAUSE = {
  'SAP-1': 'The v2 POST logout, sent with the session cookie alone', // SAP-4's too
  'SAP-2': 'The v2 DELETE logout does what the v2 POST logout does',
  'SAP-3': 'The v2 POST logout answers 204 when there is no session to end',
  'SAP-5': 'The v1 POST logout removes the push registrations',
  'SAP-6': 'The v2 POST logout revokes every refresh token of the user',
  'SAP-7': 'SAML application',
} as const;

/** Those scenarios as cucumber's --name patterns, of the clauses given (all by default). */
export const mustScenarios = (clauses: readonly (keyof typeof MUST_SCENARIO_PER_CLAUSE)[] = Object.keys(MUST_SCENARIO_PER_CLAUSE) as never): string[] =>
  clauses.map((id) => MUST_SCENARIO_PER_CLAUSE[id]);

// One Chromium of each kind for the whole process, launched at first use and closed after
// its last test (a root hook: the system tier runs its files in one process, and a launch
// with its first page costs about 3.5 s of CPU, more than most of its tests' sign-ins).
let signIns: HeadlessChromium | undefined;
let pages: Promise<Browser> | undefined;
const shots = join(tmpdir(), `conformance-test-shots-${process.pid}`);
after(async () => {
  await signIns?.close();
  await (await pages?.catch(() => undefined))?.close();
  await rm(shots, { recursive: true, force: true });
});

/**
 * The process's sign-in Chromium for the tests of the describe this is called in (their
 * runs' `browser` option: they sign in as a run's own browser does, a launch shared
 * between them), after the prerequisite check; answers a getter of it for the tests.
 * Its pages are kept from one test to the next as from one run's sign-in to the next:
 * each is reset as a fresh context would be (browser.test.ts shows it).
 */
export function chromiumForTheseTests(prerequisite: Needs): () => HeadlessChromium {
  before(() => prerequisite.check());
  return () => (signIns ??= new HeadlessChromium({ screenshots: shots }));
}

/**
 * The process's Chromium for tests that render pages (the site, the Allure report): with
 * the harness's switches but images on, each test file in a browser context of its own,
 * closed after it.
 */
export function chromiumForPages(prerequisite: Needs): () => Promise<BrowserContext> {
  let context: Promise<BrowserContext> | undefined;
  before(() => prerequisite.check());
  after(async () => (await context?.catch(() => undefined))?.close());
  return () => {
    pages ??= import('puppeteer-core').then(({ default: puppeteer }) =>
      // The Chromium a run drives (puppeteer-core wants a path): on PATH, as the prerequisite check found it.
      puppeteer.launch(headlessLaunch(chromiumPath() ?? CHROMIUM.command)),
    );
    return (context ??= pages.then((browser) => browser.createBrowserContext()));
  };
}
