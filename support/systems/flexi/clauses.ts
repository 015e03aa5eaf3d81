/** ABRA Flexi's clause catalog, one job though long: each clause, its source, how it runs live, and the claims of its documented lines, as data. */
import type { Clause, LiveVerification } from '../../clauses.ts';

const SEED = '001_b1f1fee551f099fc.txt';
const NOTES = 'VENDOR-NOTES.md';
// podpora.flexibee.eu, article 4784105 (logging out users); 3422248 and 4713880 (authentication); 4720060 (errors).
const LOGOUT = 'https://podpora.flexibee.eu/en/articles/4784105';
const AUTH = 'https://podpora.flexibee.eu/en/articles/3422248';
const ERRORS = 'https://podpora.flexibee.eu/en/articles/4720060';
const ALWAYS: LiveVerification = { runs: 'always' };

/** The D lines of VENDOR-NOTES.md (ABRA Flexi, seed 001) the claims below quote, verbatim. */
const D = {
  logout: "`POST /status/user/{login}/logout`: logs the user out of all companies and invalidates all of that user's authentication sessions.",
  company:
    "`?company={db-name}`: discards only that company's cached context (currency, settings, permissions); all authentication sessions stay valid; the context is rebuilt on the next request.",
  success: 'success: **200** for an API call (JSON or XML requested), **303** redirect to `/status/user` for an HTML call.',
  notFound: '**404** when the user is not logged in; `?ignore-not-found=true` suppresses that 404.',
  contextOnly: '404 is also returned when only context was discarded and no authentication session existed (an HTTP-authenticated API call).',
  callers: 'allowed callers: a user with rights to all companies and to manage the license, server authorization, or a user logging themselves out.',
  kinds: 'terminates web-UI sessions and JSON-authentication sessions; HTTP (Basic) authenticated requests create no session.',
  login: 'the login name is a path segment and may hold non-ASCII letters (percent-encoded UTF-8).',
  jsonAuth: 'JSON authentication: `POST /login-logout/login.json` with form fields `username`, `password`',
  carriers: 'the session id travels as header `X-authSessionId` (preferred), cookie `authSessionId`, or query `?authSessionId=`.',
  format: 'format: URL suffix `.json`/`.xml` wins over `Accept`; with neither, HTML.',
  statuses: '401 = login required; 403 = no permission (or license forbids).',
  envelope:
    'error envelope (JSON): `{"winstrom":{"@version":"1.0","success":"false","message":…}}` (booleans are strings); XML: `<winstrom version="1.0"><success>false</success>…`.',
  expired: 'an expired session is answered with a redirect to `/login-logout/remote-logout`.',
} as const;

/** Whose sessions a logout of the user may end, and whose must survive. */
const USER_ONLY = "ends every session of the named user; the caller's sessions and other users' sessions survive";
const SIM_PERMISSION = 'it withdraws a permission on the server between two requests of one session, which only the simulator can do';

export const clauses = [
  {
    id: 'FLX-1',
    title: "Logout without parameters ends every session of the user, and no one else's, and answers 200 to a JSON or XML call",
    level: 'MUST',
    source: {
      document: SEED,
      passage: 'Log the user out of all companies and invalidate all authentication sessions … A successful call returns HTTP status 200 (API call)',
      url: LOGOUT,
    },
    live: ALWAYS,
    claims: [
      {
        line: D.logout,
        claim: "Every authentication session of the user ends, not only one: both of the user's JSON-authentication sessions are dead after the logout.",
        scenario: 'Logout ends both sessions of the user and answers 200 to a json call',
        check: 'every Flexi session of the user is dead',
        scope: USER_ONLY,
      },
      {
        line: D.logout,
        claim:
          'The user is logged out of all companies: a session the logout ended authenticates in no company any more (it is probed in the company it could read before).',
        scenario: 'Logout ends both sessions of the user and answers 200 to a json call',
        check: 'every Flexi session of the user is dead',
        scope: USER_ONLY,
      },
      {
        line: D.logout,
        claim: "Only the named user is logged out: another user's session stays valid.",
        scenario: "Logout ends only the named user's sessions: the other user's and the caller's stay valid",
        check: 'every Flexi session of the other user is still valid',
        scope: USER_ONLY,
      },
      {
        line: D.logout,
        claim: "The caller's own session stays valid when an administrator logs out another user.",
        scenario: "Logout ends only the named user's sessions: the other user's and the caller's stay valid",
        check: 'every Flexi session of the administrator is still valid',
        scope: USER_ONLY,
      },
      {
        line: D.success,
        claim: 'A JSON call (the .json suffix) is answered 200.',
        scenario: 'Logout ends both sessions of the user and answers 200 to a json call',
        check: 'the Flexi logout answers 200',
      },
      {
        line: D.success,
        claim: 'An XML call (the .xml suffix) is answered 200.',
        scenario: 'Logout ends both sessions of the user and answers 200 to a xml call',
        check: 'the Flexi logout answers 200',
      },
      {
        line: D.format,
        claim: 'JSON asked for by the Accept header alone (no suffix) is an API call: answered 200, not the HTML redirect.',
        scenario: 'Logout ends both sessions of the user and answers 200 to a json by Accept call',
        check: 'the Flexi logout answers 200',
      },
      {
        line: D.format,
        claim: 'XML asked for by the Accept header alone is an API call: answered 200.',
        scenario: 'Logout ends both sessions of the user and answers 200 to a xml by Accept call',
        check: 'the Flexi logout answers 200',
      },
      {
        line: D.jsonAuth,
        claim: 'JSON authentication with username and password answers success with a session id that authenticates a call in the company.',
        scenario: 'Logout ends both sessions of the user and answers 200 to a json call',
        check: 'each Flexi session of the user can read the company',
      },
      {
        line: D.statuses,
        claim:
          '401 means login required: a call with a session the logout ended is answered 401 (or the remote-logout redirect), which the probe counts as dead.',
        scenario: 'Logout ends both sessions of the user and answers 200 to a json call',
        check: 'every Flexi session of the user is dead',
      },
    ],
  },
  {
    id: 'FLX-2',
    title: 'An HTML call is answered with a 303 redirect to /status/user',
    level: 'MUST',
    source: { document: SEED, passage: 'or a redirect (HTTP status 303) to the URL /status/user (HTML call)', url: LOGOUT },
    live: ALWAYS,
    claims: [
      {
        line: D.success,
        claim:
          "An HTML call (neither suffix nor Accept) is answered 303 with a Location whose path below the deployment's base is /status/user; its scheme and host are recorded, not judged.",
        scenario: 'An HTML call is answered with a 303 redirect to /status/user',
        check: 'the Flexi logout answers 303 to /status/user',
      },
      {
        line: D.format,
        claim: 'With neither suffix nor Accept the call is an HTML call.',
        scenario: 'An HTML call is answered with a 303 redirect to /status/user',
        check: 'the Flexi logout answers 303 to /status/user',
      },
      {
        line: D.logout,
        claim: "The HTML call ends the user's sessions like an API call.",
        scenario: 'An HTML call is answered with a 303 redirect to /status/user',
        check: 'every Flexi session of the user is dead',
        scope: USER_ONLY,
      },
    ],
  },
  {
    id: 'FLX-3',
    title: 'The URL suffix wins over the Accept header',
    level: 'MUST',
    source: { document: NOTES, passage: 'format: URL suffix `.json`/`.xml` wins over `Accept`; with neither, HTML.', url: AUTH },
    live: ALWAYS,
    claims: [
      {
        line: D.format,
        claim:
          'The .json suffix wins over Accept: application/xml: the answer is JSON, told by its Content-Type (the body is not documented; when nothing tells the format the check is not verified).',
        scenario: 'The .json suffix wins over Accept: application/xml',
        check: 'the Flexi logout answer is json',
      },
      {
        line: D.format,
        claim: 'The call with the suffix is an API call whatever Accept says: answered 200.',
        scenario: 'The .json suffix wins over Accept: application/xml',
        check: 'the Flexi logout answers 200',
      },
    ],
  },
  {
    id: 'FLX-4',
    title: 'Logging out a user who is not logged in answers 404; ignore-not-found=true makes it 200 and still logs out a user who is logged in',
    level: 'MUST',
    source: {
      document: SEED,
      passage:
        'If you do not want to receive an HTTP 404 error when logging out a user who is not currently logged in, append the optional parameter ?ignore-not-found=true.',
      url: LOGOUT,
    },
    live: ALWAYS,
    claims: [
      {
        line: D.notFound,
        claim: 'Logging out a user who is not logged in answers 404.',
        scenario: 'Logging out a user who is not logged in answers 404',
        check: 'the Flexi logout answers 404',
      },
      {
        line: D.notFound,
        claim: 'ignore-not-found=true turns that 404 into 200.',
        scenario: 'With ignore-not-found=true, logging out a user who is not logged in answers 200',
        check: 'the Flexi logout answers 200',
      },
      {
        line: D.notFound,
        claim: 'ignore-not-found=true spares only the 404: a user who is logged in is still logged out, every session ended.',
        scenario: 'With ignore-not-found=true, a user who is logged in is still logged out',
        check: 'every Flexi session of the user is dead',
        scope: USER_ONLY,
      },
      {
        line: D.notFound,
        claim: 'ignore-not-found=true on a user who is logged in answers 200.',
        scenario: 'With ignore-not-found=true, a user who is logged in is still logged out',
        check: 'the Flexi logout answers 200',
      },
    ],
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
      why: "its deciding check withdraws a permission on the server between two requests of one session, which only the simulator can do; live, the company logout is shown to keep every session valid (the user's and the caller's), and a session it ends fails FLX-5",
    },
    claims: [
      {
        line: D.company,
        claim: 'company=X discards the cached context: a permission withdrawn on the server applies from the next request after it.',
        scenario: 'A permission change applies after the company logout, and the session stays valid',
        check: "the user's Flexi request in the company is answered 403",
        simulatorOnly: SIM_PERMISSION,
      },
      {
        line: D.company,
        claim: 'company=X keeps the session it discarded the context of valid.',
        scenario: 'A permission change applies after the company logout, and the session stays valid',
        check: 'every Flexi session of the user is still valid',
        scope: "the user's sessions survive; only the company's cached context goes",
        simulatorOnly: SIM_PERMISSION,
      },
      {
        line: D.company,
        claim: "company=X keeps ALL of the user's authentication sessions valid (two of them).",
        scenario: "The company logout leaves the user's sessions valid, and the caller's",
        check: 'every Flexi session of the user is still valid',
        scope: "the user's sessions survive; only the company's cached context goes",
      },
      {
        line: D.company,
        claim: "company=X keeps the caller's own authentication session valid too: all sessions stay valid, not only the named user's.",
        scenario: "The company logout leaves the user's sessions valid, and the caller's",
        check: 'every Flexi session of the administrator is still valid',
        scope: 'the administrator who logged the user out of the company keeps their session',
      },
      {
        line: D.company,
        claim: 'The company logout of a user with a session is a success: 200.',
        scenario: "The company logout leaves the user's sessions valid, and the caller's",
        check: 'the Flexi logout answers 200',
      },
      {
        line: D.statuses,
        claim: "403 means no permission: a call the user's context does not permit is answered 403 while the session stays valid.",
        scenario: 'A permission change applies after the company logout, and the session stays valid',
        check: "the user's Flexi request in the company is answered 403",
        simulatorOnly: SIM_PERMISSION,
      },
    ],
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
    claims: [
      {
        line: D.contextOnly,
        claim: 'company=X for a user with no authentication session (only HTTP-authenticated calls) answers 404.',
        scenario: 'The company logout of a user with HTTP authentication only answers 404',
        check: 'the Flexi logout answers 404',
      },
      {
        line: D.notFound,
        claim: 'ignore-not-found=true suppresses that 404 of the company logout too: 200.',
        scenario: 'With ignore-not-found=true, the same company logout answers 200',
        check: 'the Flexi logout answers 200',
      },
    ],
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
    claims: [
      {
        line: D.callers,
        claim: "A user with rights to all companies and to manage the licence (the administrator) logs another user out: 200 and the user's sessions end.",
        scenario: 'The administrator logs out another user',
        check: 'every Flexi session of the user is dead',
        scope: USER_ONLY,
      },
      {
        line: D.callers,
        claim: 'A user logs themselves out: 200.',
        scenario: 'A user logs themselves out',
        check: 'the Flexi logout answers 200',
      },
      {
        line: D.callers,
        claim: 'A user logging themselves out ends their own sessions.',
        scenario: 'A user logs themselves out',
        check: 'every Flexi session of the user is dead',
        scope: "the caller is the user: the caller's own sessions end",
      },
      {
        line: D.callers,
        claim: "Anyone else is not an allowed caller: an ordinary user's logout of another user is refused.",
        scenario: 'A user without the rights cannot log out another user, whose sessions stay valid (a json call)',
        check: 'the Flexi logout is refused with 401 or 403',
      },
      {
        line: D.callers,
        claim: "A refused logout ends nothing: the other user's sessions stay valid.",
        scenario: 'A user without the rights cannot log out another user, whose sessions stay valid (a json call)',
        check: 'every Flexi session of the other user is still valid',
        scope: "a refused call ends no one's sessions",
      },
      {
        line: D.statuses,
        claim: 'The refusal is 401 (login required) or 403 (no permission).',
        scenario: 'A user without the rights cannot log out another user, whose sessions stay valid (a json call)',
        check: 'the Flexi logout is refused with 401 or 403',
      },
      {
        line: D.envelope,
        claim: 'A refused JSON call carries the error envelope: winstrom with success "false" as a string.',
        scenario: 'A user without the rights cannot log out another user, whose sessions stay valid (a json call)',
        check: 'the Flexi refusal carries the error envelope',
      },
      {
        line: D.envelope,
        claim: 'A refused XML call carries the XML error envelope: <winstrom><success>false</success>.',
        scenario: 'A user without the rights cannot log out another user, whose sessions stay valid (a xml call)',
        check: 'the Flexi refusal carries the error envelope',
      },
    ],
  },
  {
    id: 'FLX-8',
    title: 'Requests with HTTP (Basic) authentication create no session',
    level: 'MUST',
    source: { document: SEED, passage: 'No session is created for API requests that use HTTP authentication.', url: LOGOUT },
    live: ALWAYS,
    claims: [
      {
        line: D.kinds,
        claim: 'An HTTP (Basic) authenticated request creates no session: logging out its user afterwards finds none and answers 404.',
        scenario: 'Requests with HTTP Basic authentication create no session to log out',
        check: 'the Flexi logout answers 404',
      },
      {
        line: D.contextOnly,
        claim: "A user who only made HTTP-authenticated calls has no authentication session (the 404's own reason).",
        scenario: 'Requests with HTTP Basic authentication create no session to log out',
        check: 'the Flexi logout answers 404',
      },
    ],
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
    claims: [
      {
        line: D.carriers,
        claim: "A session id presented as the X-authSessionId header is recognised, and the logout it carries ends the user's sessions.",
        scenario: 'A user logs themselves out with the session id in the header',
        check: 'every Flexi session of the user is dead',
        scope: "the caller is the user: the caller's own sessions end",
      },
      {
        line: D.carriers,
        claim: "A session id presented as the authSessionId cookie is recognised, and the logout it carries ends the user's sessions.",
        scenario: 'A user logs themselves out with the session id in the cookie',
        check: 'every Flexi session of the user is dead',
        scope: "the caller is the user: the caller's own sessions end",
      },
      {
        line: D.carriers,
        claim: "A session id presented as the authSessionId query parameter is recognised, and the logout it carries ends the user's sessions.",
        scenario: 'A user logs themselves out with the session id in the query',
        check: 'every Flexi session of the user is dead',
        scope: "the caller is the user: the caller's own sessions end",
      },
    ],
  },
  {
    id: 'FLX-10',
    title: 'A login name with non-ASCII letters is logged out',
    level: 'MUST',
    source: { document: NOTES, passage: 'the login name is a path segment and may hold non-ASCII letters (percent-encoded UTF-8).', url: LOGOUT },
    live: { runs: 'with', needs: 'nonAsciiUser' },
    claims: [
      {
        line: D.login,
        claim: 'A login with non-ASCII letters, sent percent-encoded as one path segment, is found and logged out: 200.',
        scenario: 'A login with non-ASCII letters is logged out',
        check: 'the Flexi logout answers 200',
      },
      {
        line: D.login,
        claim: 'Its sessions end.',
        scenario: 'A login with non-ASCII letters is logged out',
        check: 'every Flexi session of the non-ASCII user is dead',
        scope: USER_ONLY,
      },
    ],
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
    claims: [
      {
        line: D.kinds,
        claim: "The logout terminates the user's web-UI session too.",
        scenario: "Logout ends the user's web-interface session too",
        check: "the user's Flexi web-interface session is dead",
        scope: USER_ONLY,
      },
    ],
  },
  {
    id: 'FLX-12',
    title: 'Server authorization may log a user out',
    level: 'MUST',
    source: { document: SEED, passage: 'Alternatively, server authorization can be used', url: LOGOUT },
    live: { runs: 'with', needs: 'serverAuth' },
    claims: [
      {
        line: D.callers,
        claim: 'Server authorization (HTTP Basic, no session of its own) may log a user out: 200.',
        scenario: 'Server authorization logs a user out',
        check: 'the Flexi logout answers 200',
      },
      {
        line: D.callers,
        claim: "The user's sessions end.",
        scenario: 'Server authorization logs a user out',
        check: 'every Flexi session of the user is dead',
        scope: USER_ONLY,
      },
    ],
  },
  {
    id: 'FLX-13',
    title: 'An expired session is answered with a redirect to /login-logout/remote-logout',
    level: 'MUST',
    source: { document: NOTES, passage: 'an expired session is answered with a redirect to `/login-logout/remote-logout`.', url: AUTH },
    live: {
      runs: 'never',
      why: "a session expires only after the deployment's idle timeout, which the documents do not give; only the simulator lets a session expire on demand",
    },
    claims: [
      {
        line: D.expired,
        claim: 'A call with a session that expired (not logged out) is answered with a redirect whose path below the base is /login-logout/remote-logout.',
        scenario: 'An expired session is sent to /login-logout/remote-logout',
        check: "a Flexi request with the user's expired session is redirected to /login-logout/remote-logout",
        simulatorOnly: 'the documents do not give the idle timeout, so a session can be made to expire only on the simulator',
      },
    ],
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
