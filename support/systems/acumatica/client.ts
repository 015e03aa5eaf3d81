import { CookieJar } from '../../http/cookie-jar.ts';
import { TargetError } from '../../http/errors.ts';
import type { HttpAnswer, HttpClient } from '../../http/client.ts';
import { redactor } from '../../http/redact.ts';
import type { ScenarioServices, TargetConfig } from '../system.ts';

export interface AcumaticaTarget extends TargetConfig {
  /** The instance URL, whole: `https://host/MyInstance` or `https://host`. */
  readonly baseUrl: string;
  readonly username: string;
  readonly password: string;
  readonly tenant?: string;
  readonly branch?: string;
  /** An entity call that needs a session; default `/entity/Default/24.200.001/Customer?$top=1`. */
  readonly probePath?: string;
}

/** The statuses the sign-out document lists, with its words for them. */
export const SIGN_OUT_STATUSES: Readonly<Record<number, string>> = {
  204: 'signed out',
  400: 'invalid data',
  429: 'licence request limit exceeded',
  500: 'internal server error',
};

export class AcumaticaSession {
  readonly label: string;
  readonly jar: CookieJar;
  signedOut = false;
  constructor(label: string, jar: CookieJar) {
    this.label = label;
    this.jar = jar;
  }
}

export interface SignInAnswer {
  readonly status: number;
  readonly session?: AcumaticaSession;
  readonly message?: string;
}

export interface SignOutAnswer {
  readonly status: number;
  /** The document's meaning of the status, or undefined when the document does not list it. */
  readonly meaning: string | undefined;
}

const DEFAULT_PROBE = '/entity/Default/24.200.001/Customer?$top=1';

/** MYOB Acumatica's contract-based REST API: sign-in, sign-out, and an entity call as the session probe. */
export class AcumaticaClient {
  readonly #http: HttpClient;
  readonly #target: AcumaticaTarget;
  readonly #services: ScenarioServices;
  #opened = 0;

  constructor(services: ScenarioServices, target: AcumaticaTarget) {
    this.#http = services.http;
    this.#target = target;
    this.#services = services;
    redactor.register(target.password);
  }

  /** Signs in; a refusal is returned, not thrown. The session's sign-out is registered at once. */
  async trySignIn(): Promise<SignInAnswer> {
    const { username, password, tenant, branch } = this.#target;
    const jar = new CookieJar();
    const answer = await this.#http.send({
      method: 'POST',
      path: '/entity/auth/login',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ name: username, password, tenant, branch }),
      jar,
    });
    if (answer.status !== 204) return { status: answer.status, message: messageOf(answer) };
    const session = new AcumaticaSession(`session ${++this.#opened}`, jar);
    this.#services.cleanups.defer(`sign out Acumatica ${session.label}`, async () => {
      if (session.signedOut) return;
      const out = await this.signOut(session);
      if (out.status !== 204) throw new Error(`sign-out answered ${out.status}; the session holds an API-user seat until its 10-minute time-out`);
    });
    return { status: answer.status, session };
  }

  async signIn(): Promise<AcumaticaSession> {
    const answer = await this.trySignIn();
    if (!answer.session) {
      const hint = answer.status === 429 ? 'every API-user seat of the licence is taken (a session not signed out holds one for 10 minutes)' : 'check the credentials in the targets file';
      throw new TargetError('acumatica', `POST ${this.#http.url('/entity/auth/login')}`, `sign-in refused with ${answer.status} (${answer.message ?? 'no message'}); ${hint}`);
    }
    return answer.session;
  }

  /**
   * Signs out, as the vendor's example does, with `Accept` and `Content-Type`;
   * `bare` sends nothing but the session's cookies, as the document allows. With no
   * session, no cookie is sent at all.
   */
  async signOut(session?: AcumaticaSession, options: { bare?: boolean } = {}): Promise<SignOutAnswer> {
    const answer = await this.#http.send({
      method: 'POST',
      path: '/entity/auth/logout',
      headers: options.bare ? {} : { accept: 'application/json', 'content-type': 'application/json' },
      // A copy: the instance expires the cookies in its answer, and the session keeps
      // them so a later check can show they no longer authorize anything.
      jar: session?.jar.clone(),
    });
    if (session && answer.status === 204) session.signedOut = true;
    return { status: answer.status, meaning: SIGN_OUT_STATUSES[answer.status] };
  }

  /** Whether the session's cookies still authorize an entity call: 2xx yes, 401 no, anything else is a broken probe. */
  async authorizes(session: AcumaticaSession): Promise<boolean> {
    const status = await this.entityCall(session);
    if (status === 401) return false;
    if (status >= 200 && status < 300) return true;
    throw new TargetError('acumatica', `GET ${this.#http.url(this.#probePath)}`, `the session probe answered ${status}, neither 2xx nor 401; check probePath and the test user's rights`);
  }

  /** The status of an entity call made with the session's cookies. */
  async entityCall(session: AcumaticaSession): Promise<number> {
    const answer = await this.#http.send({ method: 'GET', path: this.#probePath, headers: { accept: 'application/json' }, jar: session.jar });
    return answer.status;
  }

  get #probePath(): string {
    return this.#target.probePath ?? DEFAULT_PROBE;
  }
}

function messageOf(answer: HttpAnswer): string | undefined {
  try {
    const body = JSON.parse(answer.body) as { message?: unknown };
    return typeof body.message === 'string' ? body.message : undefined;
  } catch {
    return answer.body.slice(0, 200) || undefined;
  }
}
