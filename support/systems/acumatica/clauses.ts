/** MYOB Acumatica's clause catalog, one job though long: each clause, its source, how it runs live, and the claims of its documented lines, as data. */
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
    claims: [
      {
        line: '`POST {instance}/entity/auth/logout`',
        claim: 'A POST to the instance URL followed by /entity/auth/logout signs the session out.',
        scenario: "Sign-out answers 204 and the session's cookies stop authorizing entity calls",
        check: 'the sign-out answers 204',
        scope: "ends the caller's own session; what it does to the same user's other sessions is not documented (ACU-A3)",
      },
      {
        line: '204 The request has been completed successfully.',
        claim: 'A completed sign-out answers 204.',
        scenario: "Sign-out answers 204 and the session's cookies stop authorizing entity calls",
        check: 'the sign-out answers 204',
      },
      {
        line: 'an entity call without a valid session answers',
        claim: "After the sign-out the session's cookies no longer authorize an entity call: it answers 401.",
        scenario: "Sign-out answers 204 and the session's cookies stop authorizing entity calls",
        check: "the session's cookies no longer authorize an entity call",
        scope: "the session signed out; shown with that session's own cookies",
      },
      {
        line: 'A realistic session probe: `GET {instance}/entity/Default/24.200.001/Customer?$top=1` (version varies by instance).',
        claim: 'A session just signed in is authorized for an entity call (the probe answers 2xx), so a later 401 means the sign-out ended it.',
        scenario: "Sign-out answers 204 and the session's cookies stop authorizing entity calls",
        check: 'the session can read the Customer entity',
      },
    ],
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
    claims: [
      {
        line: 'no parameters',
        claim: 'A sign-out with no parameters and no body is a complete request.',
        scenario: 'Sign-out needs no request header and no body',
        check: 'the sign-out answers 204',
      },
      {
        line: 'the request needs no header at all.',
        claim: 'A sign-out without Accept or Content-Type (nothing but the cookies that name the session) still ends the session.',
        scenario: 'Sign-out needs no request header and no body',
        check: "the session's cookies no longer authorize an entity call",
      },
    ],
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
    claims: [
      {
        line: 'status set: 204 success; 400 invalid data; 429 license request limit; 500 server error.',
        claim: 'A sign-out answers only 204, 400, 429 or 500; any other status breaks the document (also when the clean-up signs out).',
        scenario: 'A sign-out answers a documented status',
        check: 'the sign-out answers a documented status',
      },
    ],
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
    claims: [
      {
        line: "until then it counts against the license's concurrent-session limit",
        claim: 'Every session not signed out holds a seat: with every free seat held, the licence refuses a further sign-in.',
        scenario: 'Signing out frees an API-user seat for the next sign-in',
        check: 'the licence refuses a further sign-in',
      },
      {
        line: 'number of API users (concurrent sessions)',
        claim: "A sign-out frees its session's seat at once: the next sign-in is admitted.",
        scenario: 'Signing out frees an API-user seat for the next sign-in',
        check: 'a further sign-in succeeds',
        scope: 'frees the seat of the session signed out; seats held by other clients are measured as taken, never judged',
      },
      {
        line: 'number of API users (concurrent sessions)',
        claim: "A seat this run's own 204 sign-out should have freed is free again for the rest of the run.",
        scenario: 'Signing out frees an API-user seat for the next sign-in',
        check: 'no seat that an earlier sign-out of this run freed is still taken',
        scope: "the run's own signed-out sessions, across its scenarios",
      },
    ],
  },
  {
    id: 'ACU-5',
    title: 'A session never signed out is closed after a 10-minute time-out and stops counting against the licence',
    level: 'MUST',
    source: { document: SEED, passage: 'Instead, a sessions is automatically closed after a 10-minute time-out.', url: SIGN_OUT },
    // Its one scenario really waits (@slow, 12 minutes) and holds every seat, so it needs the licence's limit.
    live: { runs: 'with', needs: 'apiUserLimit' },
    claims: [
      {
        line: 'a session that was not signed out is closed automatically after a 10-minute time-out',
        claim: 'A session idle for longer than 10 minutes is closed: its cookies no longer authorize an entity call.',
        scenario: 'A session used within 10 minutes stays open; one idle for longer is closed and no longer holds a seat',
        check: "the second session's cookies no longer authorize an entity call",
      },
      {
        line: 'a session that was not signed out is closed automatically after a 10-minute time-out',
        claim: 'A session used within the 10 minutes is not closed.',
        scenario: 'A session used within 10 minutes stays open; one idle for longer is closed and no longer holds a seat',
        check: 'the first session still authorizes an entity call',
      },
      {
        line: 'Instead, a sessions is automatically closed after a 10-minute time-out.',
        claim: 'A session closed for idleness no longer counts against the licence: a further sign-in is admitted.',
        scenario: 'A session used within 10 minutes stays open; one idle for longer is closed and no longer holds a seat',
        check: 'a further sign-in succeeds',
      },
    ],
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
    claims: [
      {
        line: 'sign-out requests are exempt from the concurrent-request limit',
        claim: 'While the concurrent-request limit refuses other requests, a sign-out still answers 204.',
        scenario: 'Sign-out succeeds while the concurrent-request limit is reached',
        check: 'the sign-out answers 204',
        simulatorOnly:
          "other clients' requests must fill every concurrent-request slot at the moment of the sign-out, which one run cannot arrange on a real instance",
      },
      {
        line: '429 license request limit',
        claim: 'The licence limit refuses a request with 429 (shown for the entity call the limit refuses).',
        scenario: 'Sign-out succeeds while the concurrent-request limit is reached',
        check: 'an entity call is refused with 429',
        simulatorOnly: 'the same: the limit must be reached on purpose',
      },
    ],
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
    claims: [
      {
        line: 'the instance URL may carry an instance path (`https://host/MyInstance`)',
        claim: 'Sign-in, sign-out and the entity call work below an instance path.',
        scenario: 'Sign-out works with the instance URL naming the instance',
        check: 'the sign-out answers 204',
      },
      {
        line: 'or none (instance at the site root).',
        claim: 'The same calls work with the instance at the root of the website.',
        scenario: 'Sign-out works with the instance URL at the root of the website',
        check: 'the sign-out answers 204',
      },
    ],
  },
  {
    id: 'ACU-8',
    title: 'Sign-in takes a JSON or a form-urlencoded body and answers 204 with the session in its cookies',
    level: 'MUST',
    source: {
      document: NOTES,
      passage:
        'sign-in: `POST {instance}/entity/auth/login`, `Content-Type: application/json` (or form-urlencoded), body `{"name","password","tenant","branch","locale"}` (tenant and branch optional, locale reserved); 204 with the authorization cookies in `Set-Cookie`.',
      url: SIGN_OUT,
    },
    live: { runs: 'always' },
    claims: [
      {
        line: 'sign-in: `POST {instance}/entity/auth/login`, `Content-Type: application/json`',
        claim: 'A sign-in with a JSON body of name and password is admitted with 204.',
        scenario: 'A sign-in with a JSON body answers 204 and its cookies authorize entity calls',
        check: 'the sign-in answers 204',
      },
      {
        line: '(or form-urlencoded)',
        claim: 'A sign-in with the same fields form-urlencoded is admitted with 204 as well.',
        scenario: 'A sign-in with a form-urlencoded body answers 204 and its cookies authorize entity calls',
        check: 'the sign-in answers 204',
      },
      {
        line: '(tenant and branch optional, locale reserved)',
        claim: 'A sign-in without branch and locale is admitted.',
        scenario: 'A sign-in with a JSON body answers 204 and its cookies authorize entity calls',
        check: 'the sign-in answers 204',
      },
      {
        line: '204 with the authorization cookies in `Set-Cookie`.',
        claim: 'The 204 carries the session in its cookies: they authorize an entity call.',
        scenario: 'A sign-in with a form-urlencoded body answers 204 and its cookies authorize entity calls',
        check: 'the session authorizes an entity call',
      },
    ],
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
