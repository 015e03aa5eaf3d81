import type { ResourceRules } from '../system.ts';

/**
 * A v2 logout revokes EVERY refresh token of the user (and may end all of their
 * sessions), a v1 logout removes the user's push registrations: every scenario
 * that signs the test user in has the user to itself. The session handed in from
 * the SAML browser flow can be ended only once. Requests without a session take
 * nothing.
 */
export const resources: ResourceRules<unknown> = {
  rules: [
    { step: /^(a|another) Mobile Services session( of the same user)?$/, takes: { user: 'exclusive' } },
    { step: /^a refresh token issued to (the|another) Mobile Services/, takes: { user: 'exclusive' } },
    { step: /^the Mobile Services .+ ends (a|another such) session/, takes: { user: 'exclusive' } },
    { step: /^the Mobile Services session handed in from the SAML/, takes: { samlSession: 'exclusive' } },
    {
      step: /^(a Mobile Services cookie naming no session|the Mobile Services|the other Mobile Services|the push registration|every Mobile Services|no refresh token|the revoked Mobile Services|the SAML application's)/,
      takes: {},
    },
  ],
};
