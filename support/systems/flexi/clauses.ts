import type { Clause, LiveVerification } from '../../clauses.ts';

const SEED = '001_b1f1fee551f099fc.txt';
const NOTES = 'VENDOR-NOTES.md';
// podpora.flexibee.eu, article 4784105 (logging out users); 3422248 and 4713880 (authentication); 4720060 (errors).
const LOGOUT = 'https://podpora.flexibee.eu/en/articles/4784105';
const AUTH = 'https://podpora.flexibee.eu/en/articles/3422248';
const ERRORS = 'https://podpora.flexibee.eu/en/articles/4720060';
const ALWAYS: LiveVerification = { runs: 'always' };

export const clauses = [
  {
    id: 'FLX-1',
    title: 'Logout without parameters ends every session of the user and answers 200 to a JSON or XML call',
    level: 'MUST',
    source: {
      document: SEED,
      passage: 'Log the user out of all companies and invalidate all authentication sessions … A successful call returns HTTP status 200 (API call)',
      url: LOGOUT,
    },
    live: ALWAYS,
  },
  {
    id: 'FLX-2',
    title: 'An HTML call is answered with a 303 redirect to /status/user',
    level: 'MUST',
    source: { document: SEED, passage: 'or a redirect (HTTP status 303) to the URL /status/user (HTML call)', url: LOGOUT },
    live: ALWAYS,
  },
  {
    id: 'FLX-3',
    title: 'The URL suffix wins over the Accept header',
    level: 'MUST',
    source: { document: NOTES, passage: 'format: URL suffix `.json`/`.xml` wins over `Accept`; with neither, HTML.', url: AUTH },
    live: ALWAYS,
  },
  {
    id: 'FLX-4',
    title: 'Logging out a user who is not logged in answers 404; ignore-not-found=true makes it 200',
    level: 'MUST',
    source: {
      document: SEED,
      passage:
        'If you do not want to receive an HTTP 404 error when logging out a user who is not currently logged in, append the optional parameter ?ignore-not-found=true.',
      url: LOGOUT,
    },
    live: ALWAYS,
  },
  {
    id: 'FLX-5',
    title: "company=X discards only that company's context: sessions stay valid, a permission change applies from the next request",
    level: 'MUST',
    source: {
      document: SEED,
      passage:
        "Log the user out of a specific company (all authentication sessions remain valid) … The context will be automatically rebuilt and re-cached with the user's next request.",
      url: LOGOUT,
    },
    live: {
      runs: 'never',
      why: 'its deciding check withdraws a permission on the server between two requests of one session, which only the simulator can do; live, the company logout is only shown to keep the sessions valid',
    },
  },
  {
    id: 'FLX-6',
    title: 'company=X for a user with no authentication session answers 404, or 200 with ignore-not-found',
    level: 'MUST',
    source: {
      document: SEED,
      passage:
        'The error status is also returned if the context information was discarded but no authentication session existed (API call using HTTP authentication).',
      url: LOGOUT,
    },
    live: ALWAYS,
  },
  {
    id: 'FLX-7',
    title: 'An administrator or the user themselves may log a user out; a user without the rights is refused and the sessions stay valid',
    level: 'MUST',
    source: {
      document: SEED,
      passage:
        'This service is available to users who have the right to access all companies and the right to manage the license. Alternatively, server authorization can be used, or a user may log themselves out.',
      url: LOGOUT,
    },
    live: ALWAYS,
  },
  {
    id: 'FLX-8',
    title: 'Requests with HTTP (Basic) authentication create no session',
    level: 'MUST',
    source: { document: SEED, passage: 'No session is created for API requests that use HTTP authentication.', url: LOGOUT },
    live: ALWAYS,
  },
  {
    id: 'FLX-9',
    title: 'The session is ended however its id was presented: header, cookie or query',
    level: 'MUST',
    source: {
      document: NOTES,
      passage: 'the session id travels as header `X-authSessionId` (preferred), cookie `authSessionId`, or query `?authSessionId=`.',
      url: AUTH,
    },
    live: ALWAYS,
  },
  {
    id: 'FLX-10',
    title: 'A login name with non-ASCII letters is logged out',
    level: 'MUST',
    source: { document: NOTES, passage: 'the login name is a path segment and may hold non-ASCII letters (percent-encoded UTF-8).', url: LOGOUT },
    live: { runs: 'with', needs: 'nonAsciiUser' },
  },
  {
    id: 'FLX-11',
    title: "Logout ends the user's web-interface sessions too",
    level: 'MUST',
    source: {
      document: SEED,
      passage:
        'Currently, this method can be used to terminate sessions of users logged in via the web interface, or API sessions created using JSON authentication.',
      url: LOGOUT,
    },
    live: { runs: 'with', needs: 'webLogin' },
  },
  {
    id: 'FLX-12',
    title: 'Server authorization may log a user out',
    level: 'MUST',
    source: { document: SEED, passage: 'Alternatively, server authorization can be used', url: LOGOUT },
    live: { runs: 'with', needs: 'serverAuth' },
  },
  {
    id: 'FLX-A1',
    title: 'The 200 and 404 answers carry the winstrom envelope',
    level: 'ASSUMPTION',
    source: { document: NOTES, passage: 'Body shape of the logout 200/404: not documented (the winstrom envelope is the natural default).', url: ERRORS },
    live: ALWAYS,
  },
  {
    id: 'FLX-A2',
    title: 'A JSON call with a dead session is answered as the target is configured (401 by default)',
    level: 'ASSUMPTION',
    source: { document: NOTES, passage: 'a JSON call with a dead session: 401 (or the remote-logout redirect) — configurable.', url: AUTH },
    live: ALWAYS,
  },
] as const satisfies readonly Clause[];
