/**
 * Signing in as a person does, through a login form in headless Chromium: what a SAML
 * application (the IdP's form, then the assertion posted back) and an OAuth
 * authorization code (the authorize page) need. One browser per run, opened on first
 * use and closed with the stage; each sign-in on a page of a browser context no other
 * sign-in uses meanwhile (a page is kept for the next sign-in at the same host, its
 * cookies and site data cleared: a new page is a new renderer process, about a second
 * of CPU).
 */
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Frame, HTTPRequest, Page } from 'puppeteer-core';
import { TargetError } from '../http/errors.ts';
import { redactor } from '../http/redact/index.ts';
import { browserMissing, chromiumPath, isHeadlessShell } from './chromium.ts';

/** A login form, as CSS selectors. */
export interface LoginForm {
  readonly username: string;
  readonly password: string;
  readonly submit: string;
  /** A button between the username and the password (forms that ask one, then the other). */
  readonly next?: string;
  /** A pattern the login page's URL matches: there the fields must be, as soon as it has loaded. Without it, the username field is waited for. */
  readonly loginUrl?: string;
}

export interface BrowserSignIn {
  readonly startUrl: string;
  readonly account: { readonly username: string; readonly password: string };
  readonly form: LoginForm;
  /** The flow is done when the browser, after submitting the form, is about to load a URL this accepts (the application after the ACS; OAuth's redirect_uri with ?code=). That request is not waited for. */
  readonly until: (url: URL) => boolean;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  /** Headers sent with every request of the flow (an app's X-SMP-DEVICEID, so the session it ends with is the device's). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Who signs in, for the one-line errors (`[system] …`); default `browser`. */
  readonly system?: string;
}

export interface BrowserCookie {
  readonly name: string;
  readonly value: string;
  readonly domain: string;
  readonly path: string;
}

export interface BrowserSignedIn {
  readonly finalUrl: URL;
  /** The cookies the browser would send to finalUrl. */
  readonly cookies: readonly BrowserCookie[];
}

/** What a client signs in with: one browser of the run. */
export interface SignInBrowser {
  signIn(request: BrowserSignIn): Promise<BrowserSignedIn>;
}

/** No browser sign-in can run here: a scenario that needs one is not verified, and the message names what to install. */
export class BrowserMissing extends Error {
  override readonly name = 'BrowserMissing';
}

/**
 * Chromium's switches for a headless browser that loads only the pages it is sent to:
 * no GPU, no sandbox (a container's root has none), nothing in the background (no
 * component updates, sync, QUIC, field trials of features that phone home), and no
 * window at launch: pages are opened as they are needed (the launch's own blank tab was
 * a renderer process of its own, about 2 s of CPU).
 */
const HEADLESS_SWITCHES: readonly string[] = [
  '--no-startup-window',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--no-first-run',
  '--disable-extensions',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--disable-default-apps',
  '--disable-features=Translate,OptimizationHints,MediaRouter,DialMediaRouteProvider,AcceptCHFrame,AutofillServerCommunication,CertificateTransparencyComponentUpdater,InterestFeedContentSuggestions,CalculateNativeWinOcclusion',
  '--mute-audio',
  '--no-default-browser-check',
  '--password-store=basic',
  '--use-mock-keychain',
  '--disable-breakpad',
  '--disable-crash-reporter',
  '--metrics-recording-only',
];

/**
 * puppeteer's launch options for the Chromium at `executablePath` with those switches
 * (and `extra`): headless (the headless shell in its own mode), and not waiting for the
 * window it does not open. The tests that render pages (the site, the Allure report)
 * launch with them too.
 */
export const headlessLaunch = (executablePath: string, extra: readonly string[] = []) => ({
  executablePath,
  headless: isHeadlessShell(executablePath) ? ('shell' as const) : true,
  waitForInitialPage: false,
  args: [...HEADLESS_SWITCHES, ...extra],
});

/** How long a failed sign-in's screenshot may take. */
const SCREENSHOT_MS = 5_000;

/** How long a page may take to be made ready for the next sign-in; past it, its context is closed instead. */
const RESET_MS = 2_000;

/** The pages kept for later sign-ins at one host (as many as ran at once, up to this). */
const KEEP_PER_SITE = 4;

/** A page of a browser context of its own, and the origins its sign-ins loaded (whose site data is cleared before the next). */
interface Tab {
  readonly context: BrowserContext;
  readonly page: Page;
  readonly origins: Set<string>;
}

/**
 * The machine's Chromium through puppeteer-core (an optional dependency), launched
 * at the first sign-in. Every value the browser sends in a flow (form fields, query
 * parameters: the password, a SAMLResponse, an authorization code) and every cookie
 * it ends with is registered with the redactor, deny by default, so a target that
 * echoes one shows it masked. Screenshots are taken only with password fields empty.
 */
export class HeadlessChromium implements SignInBrowser {
  readonly #env: NodeJS.ProcessEnv;
  readonly #screenshots: string;
  readonly #insecure: boolean;
  #browser: Promise<Browser> | undefined;
  /**
   * Pages ready for a sign-in, by the scheme and host of the start URL they last signed
   * in at: a target's page never serves a sign-in at another host (a host's ports share
   * its cookies in any browser, and its renderer process).
   */
  readonly #kept = new Map<string, Tab[]>();
  #closed = false;
  #shots = 0;

  /** `insecure`: the targets file's tls.insecure, certificates not checked (its tls.ca is not the browser's: Chromium trusts the system's store). */
  constructor(options: { readonly env?: NodeJS.ProcessEnv; readonly screenshots?: string; readonly insecure?: boolean } = {}) {
    this.#env = options.env ?? process.env;
    this.#insecure = options.insecure ?? false;
    this.#screenshots = options.screenshots ?? join(tmpdir(), 'logout-conformance-screenshots');
  }

  async signIn(request: BrowserSignIn): Promise<BrowserSignedIn> {
    redactor.register(request.account.password);
    const browser = await this.#launch();
    const { protocol, hostname } = new URL(request.startUrl);
    const site = `${protocol}//${hostname}`;
    const tab = this.#kept.get(site)?.pop() ?? (await this.#open(browser));
    const deadline = AbortSignal.any([AbortSignal.timeout(request.timeoutMs), ...(request.signal ? [request.signal] : [])]);
    let done = false;
    try {
      const signedIn = await new Flow(tab, request, this).run(deadline);
      done = true;
      return signedIn;
    } finally {
      // A page whose sign-in failed or was cut short is not used again: whatever it was doing is ended with its context.
      const reusable = done && (await this.#reset(tab));
      const kept = this.#kept.get(site) ?? [];
      if (reusable && !this.#closed && kept.length < KEEP_PER_SITE) this.#kept.set(site, [...kept, tab]);
      else await tab.context.close().catch(() => undefined);
    }
  }

  async #open(browser: Browser): Promise<Tab> {
    const context = await browser.createBrowserContext();
    return { context, page: await context.newPage(), origins: new Set() };
  }

  /**
   * Makes a page ready for the next sign-in, as a fresh context would be: the page's
   * loading stopped and its document left (a renderer-side navigation keeps the
   * process), no header of the last flow, no cookie, no storage of any origin it loaded.
   * Answers false, and the context is closed instead, when that does not happen in
   * time or the flow opened another page.
   */
  async #reset({ context, page, origins }: Tab): Promise<boolean> {
    const reset = async () => {
      if ((await context.pages()).length !== 1 || !(await leave(page))) return false;
      await page.setExtraHTTPHeaders({});
      await context.deleteCookie(...(await context.cookies()));
      const session = await page.createCDPSession();
      try {
        for (const origin of origins) await session.send('Storage.clearDataForOrigin', { origin, storageTypes: 'all' });
      } finally {
        await session.detach().catch(() => undefined);
      }
      origins.clear();
      return (await context.cookies()).length === 0;
    };
    const late = new Promise<false>((resolve) => setTimeout(resolve, RESET_MS, false).unref());
    return Promise.race([reset().catch(() => false), late]);
  }

  /** Closes the browser, if one was launched; a later sign-in is refused. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#kept.clear();
    const launched = this.#browser;
    this.#browser = undefined;
    if (launched) await (await launched.catch(() => undefined))?.close().catch(() => undefined);
  }

  /** A screenshot of the page with every password field emptied first; answers its path, or why there is none. Bounded: a page stuck loading never holds up the error. */
  async screenshot(page: Page, passwordField: string): Promise<string> {
    const take = async () => {
      await page.evaluate(`for (const field of document.querySelectorAll(${JSON.stringify(`input[type=password], ${passwordField}`)})) field.value = ''`);
      await mkdir(this.#screenshots, { recursive: true });
      const path = join(this.#screenshots, `sign-in-${process.pid}-${++this.#shots}.png`) as `${string}.png`;
      await page.screenshot({ path });
      return `screenshot ${path}`;
    };
    const late = new Promise<string>((resolve) => setTimeout(resolve, SCREENSHOT_MS, 'no screenshot (the page did not answer)').unref());
    return Promise.race([take().catch(() => 'no screenshot (the page was gone)'), late]);
  }

  #launch(): Promise<Browser> {
    if (this.#closed) return Promise.reject(new Error('the run has ended: its browser is closed'));
    this.#browser ??= (async () => {
      const missing = browserMissing(this.#env);
      if (missing) throw new BrowserMissing(missing);
      const { default: puppeteer } = await import('puppeteer-core');
      return puppeteer.launch({
        acceptInsecureCerts: this.#insecure,
        // Images are never what a sign-in looks at.
        ...headlessLaunch(chromiumPath(this.#env) as string, ['--blink-settings=imagesEnabled=false']),
        // The run closes the browser with its stage after its own interrupt handling; puppeteer still kills it on process exit.
        handleSIGINT: false,
        handleSIGTERM: false,
        handleSIGHUP: false,
      });
    })();
    // A failed launch is not kept: the next sign-in tries again (and says why again).
    this.#browser.catch(() => (this.#browser = undefined));
    return this.#browser;
  }
}

/**
 * Takes the page to about:blank from inside it (a navigation the page starts keeps its
 * renderer process; one the browser starts would not), which also ends the load the
 * flow did not wait for. The flow may be between two documents then, so it is tried
 * again; answers whether the page got there.
 */
async function leave(page: Page): Promise<boolean> {
  for (let tries = 0; tries < 3; tries++) {
    const left = page.waitForNavigation({ waitUntil: 'domcontentloaded', timeout: 0 }).catch(() => undefined);
    try {
      await page.evaluate('location.replace("about:blank")');
    } catch {
      continue; // the document went away as it was spoken to
    }
    await left;
    if (page.url() === 'about:blank') return true;
  }
  return false;
}

/** One sign-in: a tab's page from the start URL to the URL `until` accepts. */
class Flow {
  readonly #tab: Tab;
  readonly #request: BrowserSignIn;
  readonly #chromium: HeadlessChromium;
  #submitted = false;
  readonly #reached = Promise.withResolvers<URL>();
  readonly #watch = (req: HTTPRequest) => void this.#onRequest(req);

  constructor(tab: Tab, request: BrowserSignIn, chromium: HeadlessChromium) {
    this.#tab = tab;
    this.#request = request;
    this.#chromium = chromium;
    this.#reached.promise.catch(() => undefined);
  }

  async run(deadline: AbortSignal): Promise<BrowserSignedIn> {
    const { page } = this.#tab;
    // Watched, not intercepted: puppeteer's interception can leave a paused request unanswered when the
    // browser's two events for it come apart (seen with ten sign-ins at once), and the flow then hangs.
    page.on('request', this.#watch);
    try {
      return await this.#steps(page, deadline);
    } finally {
      page.off('request', this.#watch);
    }
  }

  async #steps(page: Page, deadline: AbortSignal): Promise<BrowserSignedIn> {
    const { form, account, startUrl } = this.#request;
    if (this.#request.headers) await page.setExtraHTTPHeaders({ ...this.#request.headers });
    const step = <T>(work: Promise<T>, what: string): Promise<T> => this.#bounded(work, deadline, page, what);

    // The start request's own failure (no connection) shows in the wait for the form.
    const started = page.goto(startUrl, { waitUntil: 'domcontentloaded' }).catch((err: unknown) => err as Error);
    await step(this.#loginPage(page, started), `the login page (${form.loginUrl ? `a URL matching ${form.loginUrl}` : `one with ${form.username}`})`);
    await this.#fill(page, form.username, 'username', account.username);
    if (form.next) {
      await this.#click(page, form.next, 'next');
      await step(page.waitForSelector(form.password), `the password field ${form.password} after ${form.next}`);
    }
    await this.#fill(page, form.password, 'password', account.password);
    const submit = await page.$(form.submit);
    if (!submit) throw await this.#fieldMissing(page, 'submit', form.submit);
    this.#submitted = true;
    // The element's own click: a mouse click at its coordinates depends on a layout a page in the background may not have yet.
    await submit.evaluate((button) => (button as unknown as { click(): void }).click());
    const finalUrl = await step(this.#reached.promise, 'the way back after the login form was submitted (check the test user and its password)');
    const cookies = (await this.#tab.context.cookies()).filter((c) => appliesTo(c, finalUrl));
    for (const cookie of cookies) redactor.registerUnnamed(cookie.value);
    return { finalUrl, cookies: cookies.map(({ name, value, domain, path }) => ({ name, value, domain, path })) };
  }

  async #onRequest(req: HTTPRequest): Promise<void> {
    const url = new URL(req.url());
    if (url.origin !== 'null') this.#tab.origins.add(url.origin);
    // The way back is not waited for: its cookies are in the browser as it is sent, and the context closes at once.
    if (this.#submitted && req.isNavigationRequest() && this.#request.until(url)) this.#reached.resolve(url);
    const body = req.method() === 'POST' ? (req.postData() ?? (await req.fetchPostData().catch(() => undefined))) : undefined;
    registerSentValues(url, body);
  }

  /**
   * Waits for the login page: with loginUrl, a page at a matching URL, loaded (its
   * fields are then looked for at once); without, a page with the username field.
   */
  async #loginPage(page: Page, started: Promise<unknown>): Promise<void> {
    const { form } = this.#request;
    const failedStart = started.then((result) => {
      if (result instanceof Error) throw new Error(`could not open ${this.#request.startUrl}: ${result.message.split('\n')[0]}`);
      return new Promise<never>(() => undefined);
    });
    if (!form.loginUrl) {
      await Promise.race([page.waitForSelector(form.username, { timeout: 0 }), failedStart]);
      return;
    }
    const pattern = new RegExp(form.loginUrl);
    const { promise: atLogin, resolve } = Promise.withResolvers<void>();
    const check = () => pattern.test(page.url()) && resolve();
    const onNavigated = (frame: Frame) => frame === page.mainFrame() && check();
    page.on('framenavigated', onNavigated);
    check();
    try {
      await Promise.race([atLogin, failedStart]);
    } finally {
      page.off('framenavigated', onNavigated);
    }
    await page.mainFrame().waitForFunction('document.readyState !== "loading"', { timeout: 0 });
  }

  async #fill(page: Page, selector: string, role: string, value: string): Promise<void> {
    const field = await page.$(selector);
    if (!field) throw await this.#fieldMissing(page, role, selector);
    // Set, not typed: one call whatever its length, and the events a page's script listens for.
    await field.evaluate((input, text) => {
      (input as unknown as { value: string }).value = text;
      for (const type of ['input', 'change']) input.dispatchEvent(new Event(type, { bubbles: true }));
    }, value);
  }

  async #click(page: Page, selector: string, role: string): Promise<void> {
    const button = await page.$(selector);
    if (!button) throw await this.#fieldMissing(page, role, selector);
    await button.evaluate((element) => (element as unknown as { click(): void }).click());
  }

  async #fieldMissing(page: Page, role: string, selector: string): Promise<TargetError> {
    const shot = await this.#chromium.screenshot(page, this.#request.form.password);
    return this.#error(`the login form at ${pageUrl(page)} has no ${role} field ${selector} (set it in the targets entry); ${shot}`);
  }

  /** Work bounded by the sign-in's deadline: past it, one line naming what was waited for, with a screenshot. */
  async #bounded<T>(work: Promise<T>, deadline: AbortSignal, page: Page, what: string): Promise<T> {
    work.catch(() => undefined);
    if (deadline.aborted) throw await this.#timedOut(page, what, deadline);
    const { promise: aborted, reject } = Promise.withResolvers<never>();
    const onAbort = () => reject(new Error('deadline'));
    deadline.addEventListener('abort', onAbort, { once: true });
    try {
      return await Promise.race([work, aborted]);
    } catch (err) {
      if (deadline.aborted) throw await this.#timedOut(page, what, deadline);
      const shot = await this.#chromium.screenshot(page, this.#request.form.password);
      throw this.#error(`${(err as Error).message.split('\n')[0]}, waiting for ${what}; ${shot}`);
    } finally {
      deadline.removeEventListener('abort', onAbort);
    }
  }

  async #timedOut(page: Page, what: string, deadline: AbortSignal): Promise<Error> {
    const reason: unknown = deadline.reason;
    if (reason instanceof Error && reason.name !== 'TimeoutError') return reason;
    const shot = await this.#chromium.screenshot(page, this.#request.form.password);
    return this.#error(`waited ${this.#request.timeoutMs} ms in vain for ${what}, at ${pageUrl(page)}; ${shot}`);
  }

  #error(cause: string): TargetError {
    return new TargetError(this.#request.system ?? 'browser', `browser sign-in at ${this.#request.startUrl}`, cause);
  }
}

/** A page's URL without its query (an IdP's carries the request it answers). */
function pageUrl(page: Page): string {
  const url = new URL(page.url());
  return `${url.origin}${url.pathname}`;
}

/** Every value the browser sends (query and form fields; a base64 XML message decoded too) is a secret from now on. */
function registerSentValues(url: URL, body: string | undefined): void {
  const values = [...url.searchParams.values(), ...(body ? new URLSearchParams(body).values() : [])];
  for (const value of values) {
    // A path of the flow's own (a RelayState naming the page to come back to) is an address, not a secret.
    if (/^\/[\w\-./~%]*$/.test(value)) continue;
    redactor.registerUnnamed(value);
    if (value.length < 40 || !/^[A-Za-z0-9+/=\s]+$/.test(value)) continue;
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    if (decoded.trimStart().startsWith('<')) redactor.registerUnnamed(decoded);
  }
}

/** Whether the browser would send the cookie to the URL (domain and path; it is the context's own, so not expired). */
function appliesTo(cookie: { domain: string; path: string; secure: boolean }, url: URL): boolean {
  const domain = cookie.domain.replace(/^\./, '');
  const host = url.hostname;
  const domainMatch = host === domain || (cookie.domain.startsWith('.') && host.endsWith(`.${domain}`));
  const path = cookie.path || '/';
  const pathMatch = url.pathname === path || url.pathname.startsWith(path.endsWith('/') ? path : `${path}/`);
  return domainMatch && pathMatch && (!cookie.secure || url.protocol === 'https:' || host === '127.0.0.1' || host === 'localhost');
}
