/** A Mobile Services session of a SAML application, signed in as a person does: the IdP's login form in the run's browser. */
import { CookieJar } from '../../http/cookie-jar.ts';
import type { HttpClient } from '../../http/client.ts';
import { TargetError } from '../../http/errors.ts';
import type { LoginForm } from '../../browser/browser.ts';
import { HarnessError } from '../../verdicts.ts';
import type { Account } from '../accounts.ts';
import type { ScenarioServices } from '../system.ts';
import type { SapMobileServicesTarget } from './target.ts';

/** SAP Identity Authentication's login form: what `saml` in a targets entry overrides. */
export const IAS_LOGIN_FORM: LoginForm = { username: '#j_username', password: '#j_password', submit: '#logOnFormSubmit' };

/** The round trips a browser sign-in takes at most (the app, the IdP's form, its post back, a redirect or two), each bounded by the target's timeout. */
const FLOW_REQUESTS = 6;

/** The login form the targets entry describes, over the defaults. */
export function loginFormOf(target: SapMobileServicesTarget): LoginForm {
  const { loginUrl, username, password, submit, next } = target.saml ?? {};
  return {
    username: username ?? IAS_LOGIN_FORM.username,
    password: password ?? IAS_LOGIN_FORM.password,
    submit: submit ?? IAS_LOGIN_FORM.submit,
    ...(next === undefined ? {} : { next }),
    ...(loginUrl === undefined ? {} : { loginUrl }),
  };
}

/**
 * Signs the account in to the application through its SAML flow in the run's browser:
 * from the session request (as a page load) to the IdP's login form and back, until the
 * browser returns to the session request; answers the cookies it then holds there.
 */
export async function samlSignIn(
  services: ScenarioServices,
  http: HttpClient,
  target: SapMobileServicesTarget,
  sign: { readonly path: string; readonly account: Account; readonly headers: Readonly<Record<string, string>>; readonly cookie: string },
): Promise<CookieJar> {
  if (!services.browser) throw new HarnessError('a SAML sign-in (signIn "saml") runs only against a live target, where the run has a browser');
  const start = http.url(sign.path);
  const { cookies } = await services.browser.signIn({
    startUrl: start.href,
    account: sign.account,
    form: loginFormOf(target),
    until: (url) => url.origin === start.origin && url.pathname === start.pathname,
    timeoutMs: FLOW_REQUESTS * http.timeoutMs,
    headers: sign.headers,
    system: 'sap-mobile-services',
  });
  const jar = new CookieJar();
  for (const { name, value } of cookies) jar.set(name, value);
  if (!jar.has(sign.cookie))
    throw new TargetError(
      'sap-mobile-services',
      `browser sign-in at ${start.href}`,
      `no session for ${sign.account.username}: the SAML flow came back without a ${sign.cookie} cookie; check sessionCookie`,
    );
  return jar;
}
