import type { Clause } from '../../clauses.ts';

// Passages are quoted from the document named (fragments joined by " … "), so a
// reader can find each one; VENDOR-NOTES.md's markdown emphasis is left out.
const SEED = '000_fd8ea2d6b7f25bce.txt';
const NOTES = 'VENDOR-NOTES.md';
// The vendor's page for the seed; it links "License Restrictions for API Users", whose own address we have not verified.
const SIGN_OUT = 'https://help.myob.com.au/advanced/Docs/Published/IntegrationDevelopmentGuide/IntegrationDev_RESTExample_Basic_Logout.html';
const LICENCE = SIGN_OUT;

export const clauses = [
  {
    id: 'ACU-1',
    title: 'Sign-out answers 204 and the session no longer authorizes entity calls',
    level: 'MUST',
    source: {
      document: `${SEED} and ${NOTES}`,
      passage: '204 The request has been completed successfully. … an entity call without a valid session answers 401',
      url: SIGN_OUT,
    },
    live: { runs: 'always' },
  },
  {
    id: 'ACU-2',
    title: 'Sign-out needs no request header and no body',
    level: 'MUST',
    source: {
      document: SEED,
      passage: 'You use no parameters when you sign out from MYOB Acumatica. … You do not specify any header in the request.',
      url: SIGN_OUT,
    },
    live: { runs: 'always' },
  },
  {
    id: 'ACU-3',
    title: 'Sign-out answers only a documented status: 204, 400, 429 or 500',
    level: 'MUST',
    source: {
      document: SEED,
      passage:
        'The following table lists the HTTP status codes that the system returns for a sign-out request. … 204 The request has been completed successfully. … 400 … 429 … 500',
      url: SIGN_OUT,
    },
    live: { runs: 'always' },
  },
  {
    id: 'ACU-4',
    title: 'Sign-out releases the API-user seat of the licence',
    level: 'MUST',
    source: {
      document: NOTES,
      passage:
        "a session that was not signed out is closed automatically after a 10-minute time-out; until then it counts against the license's concurrent-session limit",
      url: LICENCE,
    },
    live: { runs: 'with', needs: 'apiUserLimit' },
  },
  {
    id: 'ACU-5',
    title: 'A session never signed out is closed after a 10-minute time-out and stops counting against the licence',
    level: 'MUST',
    source: { document: SEED, passage: 'Instead, a sessions is automatically closed after a 10-minute time-out.', url: SIGN_OUT },
    // Its one scenario really waits (@slow, 12 minutes) and holds every seat, so it needs the licence's limit.
    live: { runs: 'with', needs: 'apiUserLimit' },
  },
  {
    id: 'ACU-6',
    title: 'Sign-out is exempt from the concurrent-request limit',
    level: 'MUST',
    source: { document: NOTES, passage: 'sign-out requests are exempt from the concurrent-request limit', url: LICENCE },
    live: {
      runs: 'never',
      why: "the check needs other clients' requests to fill every concurrent-request slot of the licence at the moment of the sign-out, which one run cannot arrange on a real instance (a trial licence has no such limit at all)",
    },
  },
  {
    id: 'ACU-7',
    title: 'The instance URL may carry an instance path or none',
    level: 'MUST',
    source: {
      document: SEED,
      passage:
        'You can omit the instance name in the URL (that is, you can use https://my.acumatica.com) if the instance is installed in the root of the website.',
      url: SIGN_OUT,
    },
    // For the form of the targets file's baseUrl; the other form's scenario is reported not verified.
    live: { runs: 'always' },
  },
  {
    id: 'ACU-A1',
    title: 'Sign-out without any session answers 204',
    level: 'ASSUMPTION',
    source: { document: NOTES, passage: "A sign-out without any session: 204 (the vendor's own client never sends it).", url: SIGN_OUT },
    live: { runs: 'always' },
  },
  {
    id: 'ACU-A2',
    title: 'A second sign-out of the same session answers 204',
    level: 'ASSUMPTION',
    source: {
      document: 'none',
      passage:
        "No vendor passage: neither the sign-out page nor VENDOR-NOTES.md says what a second sign-out of the same session answers; 204 is the harness's own assumption (an idempotent sign-out).",
      url: SIGN_OUT,
    },
    live: { runs: 'always' },
  },
  {
    id: 'ACU-A3',
    title: "A sign-out ends only its own session: the same user's other sessions stay open",
    level: 'ASSUMPTION',
    source: {
      document: 'none',
      passage:
        "No vendor passage: neither the sign-out page nor VENDOR-NOTES.md says what a sign-out does to the same user's other sessions; that they stay open is the harness's assumption, reported with what was observed.",
      url: SIGN_OUT,
    },
    live: { runs: 'always' },
  },
] as const satisfies readonly Clause[];
