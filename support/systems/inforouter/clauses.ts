/** infoRouter's clause catalog, one job though long: each clause, its source, how it runs live, and the claims of its documented lines, as data. */
import type { Clause } from '../../clauses.ts';

const SEED = '002_24c876bcbf6daf87.txt';
const NOTES = 'VENDOR-NOTES.md';
const LOGOUT = 'https://support.inforouter.com/api-docs/LogOut';
const AUTHENTICATE = 'https://support.inforouter.com/api-docs/AuthenticateUser';
const IS_VALID = 'https://support.inforouter.com/api-docs/isValidTicket';
const ALWAYS = { runs: 'always' } as const;

// Passages are quoted from the seed or VENDOR-NOTES.md; " … " joins quotes from one document.
// INR-8 is retired (now INR-A3): ids are never reused.
export const clauses = [
  {
    id: 'INR-1',
    title: 'LogOut of a valid ticket succeeds through each binding and the ticket is dead at once',
    level: 'MUST',
    live: ALWAYS,
    source: {
      document: SEED,
      passage:
        "Ticket is removed from memory cache: The session entry is deleted from the server's in-memory cache. Any subsequent API call using the same ticket will immediately receive a [901] Session expired or Invalid ticket error.",
      url: LOGOUT,
    },
    claims: [
      {
        line: 'success → `<root success="true"/>`',
        claim: 'LogOut of a valid ticket through GET answers success="true".',
        scenario: 'LogOut through GET succeeds and the ticket is dead at once',
        check: 'the LogOut succeeds',
        scope: "ends the ticket given; the same user's other tickets: not documented (INR-A3 reports what is seen)",
      },
      {
        line: 'success → `<root success="true"/>`',
        claim: 'LogOut of a valid ticket through form POST answers success="true".',
        scenario: 'LogOut through form POST succeeds and the ticket is dead at once',
        check: 'the LogOut succeeds',
        scope: "ends the ticket given; the same user's other tickets: not documented (INR-A3 reports what is seen)",
      },
      {
        line: 'success → `<root success="true"/>`',
        claim: 'LogOut of a valid ticket through SOAP answers success="true".',
        scenario: 'LogOut through SOAP succeeds and the ticket is dead at once',
        check: 'the LogOut succeeds',
        scope: "ends the ticket given; the same user's other tickets: not documented (INR-A3 reports what is seen)",
      },
      {
        line: 'the ticket leaves the server cache, so any later call with it gets [901] at once.',
        claim: 'Right after LogOut through GET, the next call with the ticket (isValidTicket) answers [901].',
        scenario: 'LogOut through GET succeeds and the ticket is dead at once',
        check: 'the infoRouter ticket is dead at once: isValidTicket answers [901]',
      },
      {
        line: 'the ticket leaves the server cache, so any later call with it gets [901] at once.',
        claim: 'Right after LogOut through form POST, the next call with the ticket (isValidTicket) answers [901].',
        scenario: 'LogOut through form POST succeeds and the ticket is dead at once',
        check: 'the infoRouter ticket is dead at once: isValidTicket answers [901]',
      },
      {
        line: 'the ticket leaves the server cache, so any later call with it gets [901] at once.',
        claim: 'Right after LogOut through SOAP, the next call with the ticket (isValidTicket) answers [901].',
        scenario: 'LogOut through SOAP succeeds and the ticket is dead at once',
        check: 'the infoRouter ticket is dead at once: isValidTicket answers [901]',
      },
      {
        line: 'older servers (7.5) answer with a `<response success="…" error="…"/>` root instead of `<root …/>`; a harness accepts both.',
        claim: 'An answer whose root is <response> (infoRouter 7.5) is read as the documented <root>: the same checks pass.',
        scenario: 'LogOut through GET succeeds and the ticket is dead at once',
        check: 'the LogOut succeeds',
        simulatorOnly: "a 7.5 server is one the simulator's old-root variation plays (test/integration/variations.test.ts); a live target is one version",
      },
      {
        line: '[901] when dead.',
        claim: 'isValidTicket answers [901] for a ticket logged out, given as the parameter.',
        scenario: 'LogOut through GET succeeds and the ticket is dead at once',
        check: 'the infoRouter ticket is dead at once: isValidTicket answers [901]',
      },
    ],
  },
  {
    id: 'INR-2',
    title: 'GET, form POST and SOAP 1.1 are one operation: same outcome, same effect',
    level: 'MUST',
    live: ALWAYS,
    source: {
      document: SEED,
      passage: 'GET /srv.asmx/LogOut?AuthenticationTicket=... … POST /srv.asmx/LogOut (form data) … SOAP Action: http://tempuri.org/LogOut',
      url: LOGOUT,
    },
    claims: [
      {
        line: '`GET ?AuthenticationTicket=`',
        claim: 'LogOut is offered through GET, with the ticket as the AuthenticationTicket parameter, and has the same effect as the others.',
        scenario: 'LogOut through GET succeeds and the ticket is dead at once',
        check: 'the infoRouter ticket is dead at once: isValidTicket answers [901]',
      },
      {
        line: '`POST` form field `AuthenticationTicket`',
        claim: 'LogOut is offered through form POST, with the ticket as the AuthenticationTicket parameter, and has the same effect as the others.',
        scenario: 'LogOut through form POST succeeds and the ticket is dead at once',
        check: 'the infoRouter ticket is dead at once: isValidTicket answers [901]',
      },
      {
        line: 'SOAP 1.1 `POST /srv.asmx` with `SOAPAction: "http://tempuri.org/LogOut"`',
        claim: 'LogOut is offered through SOAP, with the ticket as the AuthenticationTicket parameter, and has the same effect as the others.',
        scenario: 'LogOut through SOAP succeeds and the ticket is dead at once',
        check: 'the infoRouter ticket is dead at once: isValidTicket answers [901]',
      },
    ],
  },
  {
    id: 'INR-3',
    title: 'Without the parameter, the ticket cookie is logged out',
    level: 'MUST',
    live: ALWAYS,
    source: {
      document: SEED,
      passage: 'If AuthenticationTicket is not supplied in the request parameters, the server checks for a ticket HTTP cookie.',
      url: LOGOUT,
    },
    claims: [
      {
        line: 'without it the `ticket` cookie is used',
        claim: 'Without the parameter, LogOut through GET ends the ticket in the ticket cookie.',
        scenario: 'Without the parameter, LogOut through GET ends the ticket in the ticket cookie',
        check: 'the infoRouter ticket is dead at once: isValidTicket answers [901]',
        scope: 'ends the ticket the cookie carries',
      },
      {
        line: 'without it the `ticket` cookie is used',
        claim: 'Without the parameter, LogOut through form POST ends the ticket in the ticket cookie.',
        scenario: 'Without the parameter, LogOut through form POST ends the ticket in the ticket cookie',
        check: 'the infoRouter ticket is dead at once: isValidTicket answers [901]',
        scope: 'ends the ticket the cookie carries',
      },
      {
        line: 'without it the `ticket` cookie is used',
        claim: 'Without the parameter, LogOut through SOAP ends the ticket in the ticket cookie.',
        scenario: 'Without the parameter, LogOut through SOAP ends the ticket in the ticket cookie',
        check: 'the infoRouter ticket is dead at once: isValidTicket answers [901]',
        scope: 'ends the ticket the cookie carries',
      },
    ],
  },
  {
    id: 'INR-4',
    title: 'With neither parameter nor cookie, LogOut answers [901]',
    level: 'MUST',
    live: ALWAYS,
    source: { document: SEED, passage: 'If neither is present or valid, the call fails with [901].', url: LOGOUT },
    claims: [
      {
        line: 'with neither (or neither valid)',
        claim: 'LogOut through GET with neither parameter nor cookie answers success="false" with [901].',
        scenario: 'LogOut through GET with neither parameter nor cookie answers [901]',
        check: 'the LogOut fails with [901]',
      },
      {
        line: 'with neither (or neither valid)',
        claim: 'LogOut through form POST with neither parameter nor cookie answers success="false" with [901].',
        scenario: 'LogOut through form POST with neither parameter nor cookie answers [901]',
        check: 'the LogOut fails with [901]',
      },
      {
        line: 'with neither (or neither valid)',
        claim: 'LogOut through SOAP with neither parameter nor cookie answers success="false" with [901].',
        scenario: 'LogOut through SOAP with neither parameter nor cookie answers [901]',
        check: 'the LogOut fails with [901]',
      },
    ],
  },
  {
    id: 'INR-5',
    title: 'A ticket the server does not know (unknown or malformed) answers [901]',
    level: 'MUST',
    live: ALWAYS,
    source: {
      document: SEED,
      passage: '[901] Session expired or Invalid ticket The ticket is missing, already expired, or not found in the session cache',
      url: LOGOUT,
    },
    claims: [
      {
        line: '[901] Session expired or Invalid ticket The ticket is missing, already expired, or not found in the session cache',
        claim: 'LogOut through GET of an unknown ticket answers [901].',
        scenario: 'LogOut through GET with an unknown ticket answers [901]',
        check: 'the LogOut fails with [901]',
        scope: "ends nothing: the ticket was never the server's",
      },
      {
        line: '[901] Session expired or Invalid ticket The ticket is missing, already expired, or not found in the session cache',
        claim: 'LogOut through form POST of an unknown ticket answers [901].',
        scenario: 'LogOut through form POST with an unknown ticket answers [901]',
        check: 'the LogOut fails with [901]',
        scope: "ends nothing: the ticket was never the server's",
      },
      {
        line: '[901] Session expired or Invalid ticket The ticket is missing, already expired, or not found in the session cache',
        claim: 'LogOut through SOAP of an unknown ticket answers [901].',
        scenario: 'LogOut through SOAP with an unknown ticket answers [901]',
        check: 'the LogOut fails with [901]',
        scope: "ends nothing: the ticket was never the server's",
      },
      {
        line: '[901] Session expired or Invalid ticket The ticket is missing, already expired, or not found in the session cache',
        claim: 'LogOut through GET of a malformed ticket answers [901].',
        scenario: 'LogOut through GET with a malformed ticket answers [901]',
        check: 'the LogOut fails with [901]',
        scope: "ends nothing: the ticket was never the server's",
      },
      {
        line: '[901] Session expired or Invalid ticket The ticket is missing, already expired, or not found in the session cache',
        claim: 'LogOut through form POST of a malformed ticket answers [901].',
        scenario: 'LogOut through form POST with a malformed ticket answers [901]',
        check: 'the LogOut fails with [901]',
        scope: "ends nothing: the ticket was never the server's",
      },
      {
        line: '[901] Session expired or Invalid ticket The ticket is missing, already expired, or not found in the session cache',
        claim: 'LogOut through SOAP of a malformed ticket answers [901].',
        scenario: 'LogOut through SOAP with a malformed ticket answers [901]',
        check: 'the LogOut fails with [901]',
        scope: "ends nothing: the ticket was never the server's",
      },
      {
        line: 'with neither (or neither valid)',
        claim: 'LogOut through GET with only an invalid ticket in the ticket cookie answers [901].',
        scenario: 'LogOut through GET with an unknown ticket in the ticket cookie answers [901]',
        check: 'the LogOut fails with [901]',
      },
      {
        line: 'with neither (or neither valid)',
        claim: 'LogOut through form POST with only an invalid ticket in the ticket cookie answers [901].',
        scenario: 'LogOut through form POST with an unknown ticket in the ticket cookie answers [901]',
        check: 'the LogOut fails with [901]',
      },
      {
        line: 'with neither (or neither valid)',
        claim: 'LogOut through SOAP with only an invalid ticket in the ticket cookie answers [901].',
        scenario: 'LogOut through SOAP with an unknown ticket in the ticket cookie answers [901]',
        check: 'the LogOut fails with [901]',
      },
    ],
  },
  {
    id: 'INR-6',
    title: 'A ticket already logged out answers [901], which callers treat as expected in clean-up',
    level: 'MUST',
    live: ALWAYS,
    source: {
      document: SEED,
      passage:
        'Any subsequent API call using the same ticket will immediately receive a [901] Session expired or Invalid ticket error. … This is expected behaviour — the session was already gone. Callers should not treat this as a critical failure during cleanup.',
      url: LOGOUT,
    },
    claims: [
      {
        line: 'the ticket leaves the server cache, so any later call with it gets [901] at once.',
        claim: 'A LogOut through GET of a ticket already logged out, sent in the ticket cookie, answers [901].',
        scenario: 'A ticket already logged out, in the ticket cookie, answers [901] through GET',
        check: 'the LogOut fails with [901]',
      },
      {
        line: 'the ticket leaves the server cache, so any later call with it gets [901] at once.',
        claim: 'A LogOut through form POST of a ticket already logged out, sent in the ticket cookie, answers [901].',
        scenario: 'A ticket already logged out, in the ticket cookie, answers [901] through form POST',
        check: 'the LogOut fails with [901]',
      },
      {
        line: 'the ticket leaves the server cache, so any later call with it gets [901] at once.',
        claim: 'A LogOut through SOAP of a ticket already logged out, sent in the ticket cookie, answers [901].',
        scenario: 'A ticket already logged out, in the ticket cookie, answers [901] through SOAP',
        check: 'the LogOut fails with [901]',
      },
      {
        line: 'the ticket leaves the server cache, so any later call with it gets [901] at once.',
        claim: 'A LogOut through GET of a ticket already logged out answers [901].',
        scenario: 'A ticket already logged out answers [901] through GET — the documented, expected answer in clean-up',
        check: 'the LogOut fails with [901]',
      },
      {
        line: 'the ticket leaves the server cache, so any later call with it gets [901] at once.',
        claim: 'A LogOut through form POST of a ticket already logged out answers [901].',
        scenario: 'A ticket already logged out answers [901] through form POST — the documented, expected answer in clean-up',
        check: 'the LogOut fails with [901]',
      },
      {
        line: 'the ticket leaves the server cache, so any later call with it gets [901] at once.',
        claim: 'A LogOut through SOAP of a ticket already logged out answers [901].',
        scenario: 'A ticket already logged out answers [901] through SOAP — the documented, expected answer in clean-up',
        check: 'the LogOut fails with [901]',
      },
      {
        line: 'callers should not treat that as critical in cleanup.',
        claim:
          'The server answers a ticket that is already gone with [901] and not with another error, so a caller cleaning up can tell "already gone" from a failure (the harness\'s own clean-up does).',
        scenario: 'A ticket already logged out answers [901] through GET — the documented, expected answer in clean-up',
        check: 'the LogOut fails with [901]',
      },
    ],
  },
  {
    id: 'INR-7',
    title: 'A ticket past its 30-day sliding window answers [901]',
    level: 'MUST',
    live: { runs: 'never', why: "a ticket expires after 30 days unused; a run cannot wait that long, and only the simulator's clock can be moved" },
    source: {
      document: SEED,
      passage:
        'If the ticket has already expired before LogOut is called, the server cannot find the session to remove and returns [901]. … rather than simply abandoning the ticket to expire naturally after 30 days.',
      url: LOGOUT,
    },
    claims: [
      {
        line: 'an already-expired ticket → [901]',
        claim: 'LogOut through form POST of a ticket past its 30-day window answers [901].',
        scenario: 'A ticket past its 30-day window answers [901] through form POST',
        check: 'the LogOut fails with [901]',
        simulatorOnly: "30 days cannot pass within a run; only the simulator's clock moves",
      },
      {
        line: 'an already-expired ticket → [901]',
        claim: 'LogOut through SOAP of a ticket past its 30-day window answers [901].',
        scenario: 'A ticket past its 30-day window answers [901] through SOAP',
        check: 'the LogOut fails with [901]',
        simulatorOnly: "30 days cannot pass within a run; only the simulator's clock moves",
      },
      {
        line: 'an already-expired ticket → [901]',
        claim: 'LogOut of a ticket past its 30-day window answers [901].',
        scenario: 'A ticket past its 30-day window answers [901] through GET',
        check: 'the LogOut fails with [901]',
        simulatorOnly: "30 days cannot pass within a run; only the simulator's clock moves",
      },
      {
        line: 'tickets otherwise live 30 days (sliding).',
        claim: 'A ticket unused for 29 days is still alive: LogOut succeeds.',
        scenario: 'A ticket within its 30-day window is still logged out',
        check: 'the LogOut succeeds',
        simulatorOnly: "the same: only the simulator's clock moves (that a use slides the window is not checked: no documented call is named as a use)",
      },
    ],
  },
  {
    id: 'INR-9',
    title: 'AuthenticateUser issues a ticket through GET, form POST and SOAP; a wrong password answers [900]',
    level: 'MUST',
    live: ALWAYS,
    source: {
      document: NOTES,
      passage:
        'ticket: `/srv.asmx/AuthenticateUser?UID=&PWD=` (GET, form POST or SOAP) → `<root success="true" ticket="GUID" userid username … expireOn isAuthenticated="True"/>`; failure `[900] Authentication failed`.',
      url: AUTHENTICATE,
    },
    claims: [
      {
        line: '`/srv.asmx/AuthenticateUser?UID=&PWD=` (GET, form POST or SOAP)',
        claim: 'AuthenticateUser through GET issues a ticket that isValidTicket accepts.',
        scenario: 'AuthenticateUser through GET issues a ticket that isValidTicket accepts',
        check: 'AuthenticateUser succeeds with a ticket',
      },
      {
        line: '`/srv.asmx/AuthenticateUser?UID=&PWD=` (GET, form POST or SOAP)',
        claim: 'AuthenticateUser through GET issues a ticket that isValidTicket accepts.',
        scenario: 'AuthenticateUser through GET issues a ticket that isValidTicket accepts',
        check: 'the infoRouter ticket is valid: isValidTicket succeeds',
      },
      {
        line: '`/srv.asmx/AuthenticateUser?UID=&PWD=` (GET, form POST or SOAP)',
        claim: 'AuthenticateUser through form POST issues a ticket that isValidTicket accepts.',
        scenario: 'AuthenticateUser through form POST issues a ticket that isValidTicket accepts',
        check: 'AuthenticateUser succeeds with a ticket',
      },
      {
        line: '`/srv.asmx/AuthenticateUser?UID=&PWD=` (GET, form POST or SOAP)',
        claim: 'AuthenticateUser through form POST issues a ticket that isValidTicket accepts.',
        scenario: 'AuthenticateUser through form POST issues a ticket that isValidTicket accepts',
        check: 'the infoRouter ticket is valid: isValidTicket succeeds',
      },
      {
        line: '`/srv.asmx/AuthenticateUser?UID=&PWD=` (GET, form POST or SOAP)',
        claim: 'AuthenticateUser through SOAP issues a ticket that isValidTicket accepts.',
        scenario: 'AuthenticateUser through SOAP issues a ticket that isValidTicket accepts',
        check: 'AuthenticateUser succeeds with a ticket',
      },
      {
        line: '`/srv.asmx/AuthenticateUser?UID=&PWD=` (GET, form POST or SOAP)',
        claim: 'AuthenticateUser through SOAP issues a ticket that isValidTicket accepts.',
        scenario: 'AuthenticateUser through SOAP issues a ticket that isValidTicket accepts',
        check: 'the infoRouter ticket is valid: isValidTicket succeeds',
      },
      {
        line: 'failure `[900] Authentication failed`',
        claim: 'AuthenticateUser with a wrong password answers success="false" with [900].',
        scenario: 'AuthenticateUser with a wrong password answers [900]',
        check: 'AuthenticateUser fails with [900]',
      },
    ],
  },
  {
    id: 'INR-10',
    title: 'isValidTicket is a passive check: it does not extend the ticket',
    level: 'MUST',
    live: { runs: 'never', why: "the ticket's 30-day window must run out, which only the simulator's clock can make happen within a run" },
    source: { document: NOTES, passage: '`/srv.asmx/isValidTicket` (ticket param or cookie): passive check, does not extend expiry', url: IS_VALID },
    claims: [
      {
        line: 'passive check, does not extend expiry',
        claim: 'isValidTicket does not slide the window: a ticket probed on day 20 is dead on day 31.',
        scenario: "isValidTicket does not extend the ticket's 30-day window",
        check: 'the infoRouter ticket is dead: isValidTicket answers [901]',
        simulatorOnly: "the window must run out, which only the simulator's clock can do within a run",
      },
    ],
  },
  {
    id: 'INR-11',
    title: 'isValidTicket reads the ticket from the parameter or from the ticket cookie',
    level: 'MUST',
    live: ALWAYS,
    source: {
      document: NOTES,
      passage: '`/srv.asmx/isValidTicket` (ticket param or cookie) … [901] when dead. The natural probe.',
      url: IS_VALID,
    },
    claims: [
      {
        line: '`/srv.asmx/isValidTicket` (ticket param or cookie)',
        claim: 'isValidTicket takes the ticket from the ticket cookie when no parameter is given.',
        scenario: 'isValidTicket reads the ticket cookie when no parameter is given',
        check: 'the infoRouter ticket is valid by its cookie: isValidTicket succeeds',
      },
      {
        line: '[901] when dead.',
        claim: 'isValidTicket answers [901] for a ticket logged out, given in the cookie.',
        scenario: 'isValidTicket reads the ticket cookie when no parameter is given',
        check: 'the infoRouter ticket is dead by its cookie: isValidTicket answers [901]',
      },
    ],
  },
  {
    id: 'INR-A1',
    title: 'A success="false" answer comes with HTTP status 200',
    level: 'ASSUMPTION',
    live: ALWAYS,
    source: { document: NOTES, passage: 'HTTP status of `success="false"` answers: 200.', url: LOGOUT },
  },
  {
    id: 'INR-A2',
    title: "With both parameter and cookie, the parameter's ticket is the one logged out",
    level: 'ASSUMPTION',
    live: ALWAYS,
    source: { document: NOTES, passage: 'when both the parameter and the cookie are present, the parameter is the one logged out.', url: LOGOUT },
  },
  {
    id: 'INR-A3',
    title: 'LogOut ends only the ticket given: another ticket of the same user stays valid (no vendor passage says so)',
    level: 'ASSUMPTION',
    live: ALWAYS,
    // The document says only this, which does not tell whether the user's other tickets survive.
    source: { document: SEED, passage: 'Logs out the authenticated user by invalidating their authentication ticket', url: LOGOUT },
  },
] as const satisfies readonly Clause[];
