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
  },
  {
    id: 'INR-4',
    title: 'With neither parameter nor cookie, LogOut answers [901]',
    level: 'MUST',
    live: ALWAYS,
    source: { document: SEED, passage: 'If neither is present or valid, the call fails with [901].', url: LOGOUT },
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
  },
  {
    id: 'INR-9',
    title: 'AuthenticateUser issues a ticket through GET, form POST and SOAP; a wrong password answers [900]',
    level: 'MUST',
    live: ALWAYS,
    source: {
      document: NOTES,
      passage:
        'ticket: /srv.asmx/AuthenticateUser?UID=&PWD= (GET, form POST or SOAP) → <root success="true" ticket="GUID" userid username … expireOn isAuthenticated="True"/>; failure [900] Authentication failed.',
      url: AUTHENTICATE,
    },
  },
  {
    id: 'INR-10',
    title: 'isValidTicket is a passive check: it does not extend the ticket',
    level: 'MUST',
    live: { runs: 'never', why: "the ticket's 30-day window must run out, which only the simulator's clock can make happen within a run" },
    source: { document: NOTES, passage: '/srv.asmx/isValidTicket (ticket param or cookie): passive check, does not extend expiry', url: IS_VALID },
  },
  {
    id: 'INR-11',
    title: 'isValidTicket reads the ticket from the parameter or from the ticket cookie',
    level: 'MUST',
    live: ALWAYS,
    source: {
      document: NOTES,
      passage: '/srv.asmx/isValidTicket (ticket param or cookie): … success attributes as above without ticket; [901] when dead. The natural probe.',
      url: IS_VALID,
    },
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
