/** MYOB Acumatica's one client, the only code that speaks its REST sign-in, sign-out and entity probe; its seats are counted in seats.ts. */
import { CookieJar } from '../../http/cookie-jar.ts';
import { HarnessError, TargetError } from '../../http/errors.ts';
import { judged, Nonconformance, requireTheSystems, UndocumentedAnswer, type Control } from '../../verdicts.ts';
import type { HttpAnswer, HttpClient } from '../../http/client.ts';
import { redactor } from '../../http/redact/index.ts';
import type { ScenarioServices, TargetConfig } from '../system.ts';
import { ledgerOf, SEAT_WAIT_MS, type Refusal, type SeatLedger } from './seats.ts';
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

/** The free seats of the licence, held: the sessions admitted, and how the licence's refusal that ended it reads. */
export interface FreeSeats {
  readonly sessions: AcumaticaSession[];
  readonly refusal?: Refusal;
}

/** Why no seat could be had for a sign-in: the scenario is not verified. */
export interface NoSeat {
  readonly notVerified: string;
}

/** The bodies the guide documents for a sign-in. */
export type SignInFormat = 'json' | 'form';
const SIGN_IN_TYPES: Readonly<Record<SignInFormat, string>> = { json: 'application/json', form: 'application/x-www-form-urlencoded' };

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
  readonly #seats: SeatLedger;
  #opened = 0;

  constructor(services: ScenarioServices, target: AcumaticaTarget) {
    this.#http = services.http;
    this.#target = target;
    this.#services = services;
    this.#seats = ledgerOf(target);
    redactor.register(target.password);
  }

  /**
   * Signs in, with a JSON body or, as the guide also allows, a form-urlencoded one; a
   * refusal is returned, not thrown. The session's sign-out is registered at once.
   */
  async trySignIn(format: SignInFormat = 'json'): Promise<SignInAnswer> {
    const { username, password, tenant, branch } = this.#target;
    const fields = { name: username, password, ...(tenant === undefined ? {} : { tenant }), ...(branch === undefined ? {} : { branch }) };
    const jar = new CookieJar();
    const answer = await this.#http.send({
      method: 'POST',
      path: SIGN_IN,
      headers: { 'content-type': SIGN_IN_TYPES[format], accept: 'application/json' },
      body: format === 'json' ? JSON.stringify(fields) : new URLSearchParams(fields).toString(),
      jar,
      authentication: HARMLESS_AUTH_FIELDS,
      // A sign-in answered after its timeout still took a seat: it is signed out before the run ends.
      onLateAnswer: (late) => {
        if (late.status !== 204) return;
        const session = new AcumaticaSession(`session ${++this.#opened} (signed in after its timeout)`, jar);
        this.#seats.opened(session, this);
        this.#services.cleanups.defer(`sign out Acumatica ${session.label}`, () => this.#closeSeat(session));
      },
    });
    // A gateway's status, or its HTML page, is never the sign-in's answer.
    requireTheSystems('acumatica', `POST ${this.#http.url(SIGN_IN)}`, answer, 'json');
    if (answer.status !== 204) return { status: answer.status, message: messageOf(answer) };
    const session = new AcumaticaSession(`session ${++this.#opened}`, jar);
    this.#seats.opened(session, this);
    // A sign-out ends only its own session: the sessions of a scenario close side by side.
    this.#services.cleanups.defer(`sign out Acumatica ${session.label}`, () => this.#closeSeat(session), { alongside: true });
    return { status: answer.status, session };
  }

  /**
   * Signs in on a seat of the licence that is free for this run: refused with the
   * licence's limit answer while other scenarios of the run hold seats, it waits for
   * one of them to sign out and tries again. When no seat can be had for reasons
   * that are not this scenario's to judge (seats held from outside the run, or kept
   * after this run's own sign-outs, which ACU-4 judges), it says why, in place of a session.
   */
  async signInOnAFreeSeat(): Promise<AcumaticaSession | NoSeat> {
    const answer = await this.signInWith('json');
    if ('notVerified' in answer) return answer;
    return answer.session ?? this.#refused(answer);
  }

  /** A sign-in with a body of the given format, on a seat free for this run (as signInOnAFreeSeat); any other refusal is returned. */
  async signInWith(format: SignInFormat): Promise<SignInAnswer | NoSeat> {
    const deadline = Date.now() + SEAT_WAIT_MS;
    for (;;) {
      const answer = await this.trySignIn(format);
      if (answer.session || !isLimitAnswer(answer)) return answer;
      const refusal = this.#seats.refusal(this);
      if (refusal.kind === 'wait' && Date.now() < deadline) {
        await this.#seats.changed(deadline - Date.now());
        continue;
      }
      if (refusal.kind === 'kept') return { notVerified: `${refusal.reason} (a finding of ACU-4)` };
      if (refusal.kind === 'none-free') return { notVerified: refusal.reason };
      return { notVerified: 'no API-user seat of the licence came free while the other scenarios of this run held theirs' };
    }
  }

  /**
   * Holds every seat of the licence that is free: signs in until the licence refuses
   * with its limit answer (never beyond the targets file's apiUserLimit, which
   * proveLicenceFull then shows). The seats are measured, not assumed: a seat held
   * from outside the run is simply not among them.
   */
  async signInEveryFreeSeat(): Promise<FreeSeats> {
    const sessions: AcumaticaSession[] = [];
    while (sessions.length < this.#apiUserLimit) {
      const answer = await this.trySignIn();
      if (!answer.session) {
        if (!isLimitAnswer(answer)) return this.#refused(answer);
        return { sessions, refusal: this.#seats.refusal(this) };
      }
      sessions.push(answer.session);
    }
    return { sessions };
  }

  #refused(answer: SignInAnswer): never {
    throw new TargetError(
      'acumatica',
      `POST ${this.#http.url(SIGN_IN)}`,
      `sign-in refused with ${answer.status} (${answer.message ?? 'no message'}); check the credentials in the targets file`,
    );
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
    requireTheSystems('acumatica', `POST ${this.#http.url(SIGN_OUT)}`, answer, 'json');
    if (session && answer.status === 204) {
      session.signedOut = true;
      this.#seats.released(session);
    }
    return { status: answer.status, meaning: SIGN_OUT_STATUSES[answer.status] };
  }

  /** Whether the session's cookies still authorize an entity call: 2xx yes, 401 no, anything else is a broken probe. */
  authorizes(session: AcumaticaSession): Promise<boolean> {
    return judged(this.#services.endpoints, 'GET probePath', this.#probeControl, async () => {
      const answer = await this.#entityCall(session);
      const { status } = answer;
      if (status === 401) {
        session.shownClosed = true;
        this.#seats.released(session);
        return false;
      }
      if (status >= 200 && status < 300) {
        if (session.signedOut) session.outlivedSignOut = true;
        return true;
      }
      const where = `GET ${this.#http.url(this.#probePath)}`;
      requireTheSystems('acumatica', where, answer, 'json');
      throw new UndocumentedAnswer('acumatica', where, `the session probe answered ${status}, neither 2xx nor 401; check probePath and the test user's rights`);
    });
  }

  /** The session probe's control (verdicts.ts judged): an entity call without a session, which the documents answer 401. */
  readonly #probeControl: Control = {
    what: 'GET probePath without a session, documented 401',
    run: async () => {
      const { status } = await this.#http.send({ method: 'GET', path: this.#probePath, headers: { accept: 'application/json' }, jar: new CookieJar() });
      if (status !== 401) throw new Error(`answered ${status}`);
    },
  };

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

  /** The clean-up, and what it leaves of the session's seat. */
  async #closeSeat(session: AcumaticaSession): Promise<void> {
    try {
      await this.#close(session);
      this.#seats.released(session);
    } catch (err) {
      this.#seats.abandoned(session);
      throw err;
    }
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

/**
 * The licence's refusal of a sign-in beyond its API-user limit: 429, or any status
 * with the "API Login Limit" message (the status is an assumption).
 */
const isLimitAnswer = (answer: SignInAnswer): boolean => answer.status === 429 || /API Login Limit/i.test(answer.message ?? '');

function messageOf(answer: HttpAnswer): string | undefined {
  try {
    const body = JSON.parse(answer.body) as { message?: unknown };
    return typeof body.message === 'string' ? body.message : undefined;
  } catch {
    return answer.body.slice(0, 200) || undefined;
  }
}
