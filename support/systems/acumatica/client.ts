import { CookieJar } from '../../http/cookie-jar.ts';
import { TargetError } from '../../http/errors.ts';
import { HarnessError, judged, Nonconformance, notTheSystems, UndocumentedAnswer } from '../../verdicts.ts';
import type { HttpAnswer, HttpClient } from '../../http/client.ts';
import { redactor } from '../../http/redact.ts';
import type { ScenarioServices, TargetConfig } from '../system.ts';
import { HARMLESS_AUTH_FIELDS, SIGN_IN, SIGN_OUT, SIGN_OUT_STATUSES } from './vocabulary.ts';

export interface AcumaticaTarget extends TargetConfig {
  /** The instance URL, whole: `https://host/MyInstance` or `https://host`. */
  readonly baseUrl: string;
  readonly username: string;
  readonly password: string;
  readonly tenant?: string;
  readonly branch?: string;
  /** An entity call that needs a session; default `/entity/Default/24.200.001/Customer?$top=1`. */
  readonly probePath?: string;
  /** The licence's API-user limit (concurrent sessions); the licence scenarios take every seat. */
  readonly apiUserLimit?: number;
}

/** Where the instance sits on its website: under an instance name, or at the site root. */
export type UrlForm = 'instance-path' | 'site-root';

export const urlFormOf = (baseUrl: string): UrlForm => (new URL(baseUrl).pathname.replace(/\/+$/, '') === '' ? 'site-root' : 'instance-path');

export class AcumaticaSession {
  readonly label: string;
  readonly jar: CookieJar;
  /** A sign-out of it answered 204. */
  signedOut = false;
  /** An entity call with its cookies answered 401: nothing is left to close. */
  shownClosed = false;
  /** An entity call with its cookies was authorized after a 204 sign-out. */
  outlivedSignOut = false;
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
      path: SIGN_IN,
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ name: username, password, tenant, branch }),
      jar,
      authentication: HARMLESS_AUTH_FIELDS,
      // A sign-in answered after its timeout still took a seat: it is signed out before the run ends.
      onLateAnswer: (late) => {
        if (late.status !== 204) return;
        const session = new AcumaticaSession(`session ${++this.#opened} (signed in after its timeout)`, jar);
        this.#services.cleanups.defer(`sign out Acumatica ${session.label}`, () => this.#close(session));
      },
    });
    if (answer.status !== 204) return { status: answer.status, message: messageOf(answer) };
    const session = new AcumaticaSession(`session ${++this.#opened}`, jar);
    // A sign-out ends only its own session: the sessions of a scenario close side by side.
    this.#services.cleanups.defer(`sign out Acumatica ${session.label}`, () => this.#close(session), { alongside: true });
    return { status: answer.status, session };
  }

  async signIn(): Promise<AcumaticaSession> {
    const answer = await this.trySignIn();
    if (!answer.session) {
      const hint =
        answer.status === 429
          ? 'every API-user seat of the licence is taken (a session not signed out holds one for 10 minutes)'
          : 'check the credentials in the targets file';
      throw new TargetError(
        'acumatica',
        `POST ${this.#http.url(SIGN_IN)}`,
        `sign-in refused with ${answer.status} (${answer.message ?? 'no message'}); ${hint}`,
      );
    }
    return answer.session;
  }

  /** Signs in one session per API-user seat the targets file says the licence has, one after another. */
  async signInEverySeat(): Promise<AcumaticaSession[]> {
    const sessions: AcumaticaSession[] = [];
    for (let i = 0; i < this.#apiUserLimit; i++) sessions.push(await this.signIn());
    return sessions;
  }

  /**
   * Shows the licence is full: a further sign-in must be refused. One that is admitted
   * says the targets file's apiUserLimit is not this licence's limit, so nothing the
   * licence scenarios see could be trusted: broken, not a finding.
   */
  async proveLicenceFull(): Promise<SignInAnswer> {
    const answer = await this.trySignIn();
    if (answer.session) {
      throw new TargetError(
        'acumatica',
        `POST ${this.#http.url(SIGN_IN)}`,
        `a sign-in beyond apiUserLimit (${this.#apiUserLimit}) was admitted; set apiUserLimit to the licence's API-user limit`,
      );
    }
    return answer;
  }

  /** Shows a fresh session works before a check relies on it having lived. */
  async proveAlive(session: AcumaticaSession): Promise<void> {
    if (await this.authorizes(session)) return;
    throw new TargetError(
      'acumatica',
      `GET ${this.#http.url(this.#probePath)}`,
      `the session probe answered 401 for a session just signed in; check probePath and the test user's rights`,
    );
  }

  /** The form of the instance URL this client talks to. */
  get urlForm(): UrlForm {
    return urlFormOf(this.#target.baseUrl);
  }

  /**
   * Signs out, as the vendor's example does, with `Accept` and `Content-Type`;
   * `bare` sends nothing but the session's cookies, as the document allows. With no
   * session, no cookie is sent at all.
   */
  async signOut(session?: AcumaticaSession, options: { bare?: boolean } = {}): Promise<SignOutAnswer> {
    const answer = await this.#http.send({
      method: 'POST',
      path: SIGN_OUT,
      headers: options.bare ? {} : { accept: 'application/json', 'content-type': 'application/json' },
      // A copy: the instance expires the cookies in its answer, and the session keeps
      // them so a later check can show they no longer authorize anything.
      jar: session?.jar.clone(),
    });
    // A gateway's status, or its HTML page, is never the sign-out's answer.
    const foreign = notTheSystems(answer, 'json');
    if (foreign) throw new TargetError('acumatica', `POST ${this.#http.url(SIGN_OUT)}`, foreign);
    if (session && answer.status === 204) session.signedOut = true;
    return { status: answer.status, meaning: SIGN_OUT_STATUSES[answer.status] };
  }

  /** Whether the session's cookies still authorize an entity call: 2xx yes, 401 no, anything else is a broken probe. */
  authorizes(session: AcumaticaSession): Promise<boolean> {
    return judged(this.#services.endpoints, 'GET probePath', async () => {
      const answer = await this.#entityCall(session);
      const { status } = answer;
      if (status === 401) {
        session.shownClosed = true;
        return false;
      }
      if (status >= 200 && status < 300) {
        if (session.signedOut) session.outlivedSignOut = true;
        return true;
      }
      const where = `GET ${this.#http.url(this.#probePath)}`;
      const foreign = notTheSystems(answer, 'json');
      if (foreign) throw new TargetError('acumatica', where, foreign);
      throw new UndocumentedAnswer('acumatica', where, `the session probe answered ${status}, neither 2xx nor 401; check probePath and the test user's rights`);
    });
  }

  /** The status of an entity call made with the session's cookies. */
  async entityCall(session: AcumaticaSession): Promise<number> {
    return (await this.#entityCall(session)).status;
  }

  #entityCall(session: AcumaticaSession): Promise<HttpAnswer> {
    return this.#http.send({ method: 'GET', path: this.#probePath, headers: { accept: 'application/json' }, jar: session.jar });
  }

  get #probePath(): string {
    return this.#target.probePath ?? DEFAULT_PROBE;
  }

  get #apiUserLimit(): number {
    const limit = this.#target.apiUserLimit;
    if (limit === undefined) throw new HarnessError('this step needs systems.acumatica.apiUserLimit in the targets file; tag the scenario @needs:apiUserLimit');
    return limit;
  }

  /**
   * The clean-up: signs out what the scenario has not shown closed. An undocumented
   * status breaks ACU-3; a documented refusal, or a session seen to outlive a 204,
   * may leave a seat held, which the run must name.
   */
  async #close(session: AcumaticaSession): Promise<void> {
    if (session.shownClosed || (session.signedOut && !session.outlivedSignOut)) return;
    const outlived = session.outlivedSignOut;
    const out = await this.signOut(session);
    if (out.meaning === undefined)
      throw new Nonconformance(`the clean-up's sign-out answered ${out.status}, which the sign-out document does not list`, { clause: 'ACU-3' });
    if (out.status !== 204)
      throw new Error(`sign-out answered ${out.status} (${out.meaning}); the session holds an API-user seat until its 10-minute time-out`);
    if (outlived) throw new Error('the session still authorized entity calls after a 204 sign-out; it may hold an API-user seat until its 10-minute time-out');
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
