import type { ResourceRules } from '../system.ts';

/**
 * Every Flexi login registers a clean-up that logs its user out, and a logout ends
 * EVERY session of the user: a scenario that opens or ends a session of a user, or
 * needs that user to have none, has the user to itself. HTTP Basic calls that open
 * no session (server authorization) are shareable and take nothing.
 */
export const resources: ResourceRules<unknown> = {
  rules: [
    { step: /\bthe administrator\b/, takes: { admin: 'exclusive' } },
    { step: /\bthe other user\b/, takes: { otherUser: 'exclusive' } },
    { step: /\bthe non-ASCII user\b/, takes: { nonAsciiUser: 'exclusive' } },
    { step: /(^|\s)the user('s)?\b/, takes: { user: 'exclusive' } },
    { step: /^(the Flexi logout|the Flexi server withdraws|the dead Flexi session's|the server-authorized caller)/, takes: {} },
  ],
};
