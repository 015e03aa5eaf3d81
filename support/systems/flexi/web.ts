/** Flexi's web interface as the targets file describes it (webLogin): its login form and whether a web session still opens a page. */
import { CookieJar } from '../../http/cookie-jar.ts';
import { TargetError } from '../../http/errors.ts';
import type { HttpClient } from '../../http/client.ts';
import { FlexiWebSession } from './sessions.ts';
import type { FlexiAccounts, FlexiRole, FlexiTarget, FlexiWebLogin } from './target.ts';
import { HARMLESS_AUTH_FIELDS } from './vocabulary.ts';

/** What the client does about a login: log its user out when the scenario ends, or also when it answered too late. */
export interface LoginDuties {
  readonly opened: (role: FlexiRole) => void;
  readonly late: (role: FlexiRole) => void;
}

export class FlexiWebInterface {
  readonly #http: HttpClient;
  readonly #target: FlexiTarget;
  readonly #accounts: FlexiAccounts;
  readonly #duties: LoginDuties;

  constructor(http: HttpClient, target: FlexiTarget, accounts: FlexiAccounts, duties: LoginDuties) {
    this.#http = http;
    this.#target = target;
    this.#accounts = accounts;
    this.#duties = duties;
  }

  /** The web interface's login form; the session is whatever cookies its answer set. */
  async login(role: FlexiRole): Promise<FlexiWebSession> {
    const form = this.#form;
    const { username, password } = this.#accounts.account(role);
    const jar = new CookieJar();
    const answer = await this.#http.send({
      method: 'POST',
      path: form.path,
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      body: new URLSearchParams({ [form.usernameField ?? 'username']: username, [form.passwordField ?? 'password']: password }).toString(),
      jar,
      authentication: HARMLESS_AUTH_FIELDS,
      onLateAnswer: () => this.#duties.late(role),
    });
    // Registered before the check: a login that set cookies but answered oddly may still have opened a session.
    this.#duties.opened(role);
    if (answer.status >= 400 || jar.size === 0)
      throw new TargetError(
        'flexi',
        `POST ${this.#http.url(form.path)}`,
        `the web login of ${username} answered ${answer.status} and set ${jar.size} cookies; check webLogin in the targets file`,
      );
    return new FlexiWebSession(role, jar);
  }

  /** Whether a web session still opens a page: 200 live; 401 or a redirect to a login page dead. */
  async isLive(session: FlexiWebSession): Promise<boolean> {
    const path = this.#probePath;
    const answer = await this.#http.send({ method: 'GET', path, headers: { accept: 'text/html' }, jar: session.jar });
    if (answer.status >= 200 && answer.status < 300) return true;
    const location = answer.headers.get('location') ?? '';
    if (answer.status === 401 || (answer.status >= 300 && answer.status < 400 && /login/i.test(location))) return false;
    throw new TargetError(
      'flexi',
      `GET ${this.#http.url(path)}`,
      `the web page answered ${answer.status}${location ? ` to ${location}` : ''}; set webLogin.probePath to a page that answers 200 to a live session`,
    );
  }

  /**
   * The premise of FLX-11: the fresh web session opens the probe page. The documents do
   * not say how the web interface logs in, so a session that does not is a targets-file
   * problem (webLogin), not a finding.
   */
  async prove(session: FlexiWebSession): Promise<void> {
    if (await this.isLive(session)) return;
    throw new TargetError(
      'flexi',
      `GET ${this.#http.url(this.#probePath)}`,
      `the fresh web-interface session of ${this.#accounts.account(session.role).username} does not open the page; check webLogin in the targets file`,
    );
  }

  get #form(): FlexiWebLogin {
    if (!this.#target.webLogin) throw new TargetError('flexi', 'targets file', 'no webLogin is configured');
    return this.#target.webLogin;
  }

  get #probePath(): string {
    return this.#form.probePath ?? `/c/${encodeURIComponent(this.#target.company)}`;
  }
}
