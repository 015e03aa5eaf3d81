import type { Clause } from '../../clauses.ts';

const SEED = '002_24c876bcbf6daf87.txt';
const NOTES = 'VENDOR-NOTES.md';
const LOGOUT = 'https://support.inforouter.com/api-docs/LogOut';

export const clauses = [
  { id: 'INR-1', title: 'LogOut succeeds through each binding and the ticket is dead at once', level: 'MUST', source: { document: SEED, passage: 'Ticket is removed from memory cache … Any subsequent API call using the same ticket will immediately receive a [901] Session expired or Invalid ticket error.', url: LOGOUT } },
  { id: 'INR-2', title: 'GET, form POST and SOAP 1.1 are equivalent: same outcome, same effect', level: 'MUST', source: { document: SEED, passage: 'Methods: GET /srv.asmx/LogOut?AuthenticationTicket=… · POST /srv.asmx/LogOut (form data) · SOAP Action: http://tempuri.org/LogOut', url: LOGOUT } },
  { id: 'INR-3', title: 'Without the parameter, the ticket cookie is logged out', level: 'MUST', source: { document: SEED, passage: 'If AuthenticationTicket is not supplied in the request parameters, the server checks for a ticket HTTP cookie.', url: LOGOUT } },
  { id: 'INR-4', title: 'With neither parameter nor cookie, LogOut answers [901] Session expired or Invalid ticket', level: 'MUST', source: { document: SEED, passage: 'If neither is present or valid, the call fails with [901].', url: LOGOUT } },
  { id: 'INR-5', title: 'An unknown or malformed ticket answers [901]', level: 'MUST', source: { document: SEED, passage: '[901] Session expired or Invalid ticket: The ticket is missing, already expired, or not found in the session cache', url: LOGOUT } },
  { id: 'INR-6', title: 'A ticket already logged out answers [901], which callers treat as expected in clean-up', level: 'MUST', source: { document: SEED, passage: 'Only a valid, currently active authentication ticket can be logged out … the session was already gone. Callers should not treat this as a critical failure during cleanup.', url: LOGOUT } },
  { id: 'INR-7', title: 'A ticket past its 30-day sliding window answers [901]', level: 'MUST', source: { document: SEED, passage: 'Already-expired tickets return an error … rather than simply abandoning the ticket to expire naturally after 30 days.', url: LOGOUT } },
  { id: 'INR-8', title: 'LogOut ends only the ticket given: another ticket of the same user stays valid', level: 'MUST', source: { document: SEED, passage: 'Logs out the authenticated user by invalidating their authentication ticket', url: LOGOUT } },
  { id: 'INR-A1', title: 'A success="false" answer comes with HTTP status 200', level: 'ASSUMPTION', source: { document: NOTES, passage: 'A HTTP status of success="false" answers: 200.', url: LOGOUT } },
  { id: 'INR-A2', title: 'With both parameter and cookie, the parameter\'s ticket is the one logged out', level: 'ASSUMPTION', source: { document: NOTES, passage: 'A when both the parameter and the cookie are present, the parameter is the one logged out.', url: LOGOUT } },
] as const satisfies readonly Clause[];
