import type { ResourceRules } from '../system.ts';
import type { SapMobileServicesTarget } from './target.ts';

/**
 * A v2 logout revokes EVERY refresh token of the user (and may end all of their
 * sessions), a v1 logout removes the user's push registrations: every scenario
 * that signs a test user in has that user to itself. Each is given one of the
 * test users (`username` and `moreUsers`), and scenarios given different ones
 * overlap. The session handed in from the SAML browser flow can be ended only
 * once. Requests without a session take nothing.
 */
export const resources: ResourceRules<SapMobileServicesTarget> = {
  rules: [
    { step: /^(a|another) Mobile Services session( of the same user)?$/, takes: { user: 1 } },
    { step: /^a refresh token issued to (the|another) Mobile Services/, takes: { user: 1 } },
    { step: /^another Mobile Services device of the same user/, takes: { user: 1 } },
    // Two test users: the scenario's own, and the one whose session must survive its logout.
    { step: /^a Mobile Services session of another test user$/, takes: { user: 2 } },
    // A whole measured logout: a session with its push registration beside a token grant, the logout, three looks.
    { step: /^the Mobile Services .+ ends (a|another such) session/, takes: { user: 1 }, weight: 6 },
    // With signIn saml, a browser sign-in of the scenario's own test user.
    { step: /^the Mobile Services session handed in from the SAML/, takes: { samlSession: 'exclusive', user: 1 } },
    {
      step: /^(a Mobile Services cookie naming no session|the Mobile Services|the other Mobile Services|the other test user's Mobile Services|the push registration|every Mobile Services|no refresh token|the revoked Mobile Services|the SAML application's)/,
      takes: {},
    },
  ],
  pools: (config) => ({ user: 1 + (config.moreUsers?.length ?? 0) }),
  accounts: ['user'],
};
