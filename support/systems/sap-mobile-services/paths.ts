import type { LogoutMethod, LogoutVersion } from './model.ts';

/** The four documented logouts, by version and method. */
export const LOGOUT_PATHS: Readonly<Record<`${LogoutVersion} ${LogoutMethod}`, string>> = {
  'v1 POST': '/mobileservices/sessions/logout',
  'v1 DELETE': '/mobileservices/sessions',
  'v2 POST': '/mobileservices/sessions/v2/logout',
  'v2 DELETE': '/mobileservices/sessions/v2',
};

/** The documented header of a SAML application's answer to a dead session. */
export const LOGIN_REQUEST_HEADER = 'com.sap.cloud.security.login';
