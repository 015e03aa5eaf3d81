import type { Clause } from '../../clauses.ts';

const SEED = '000_fd8ea2d6b7f25bce.txt';
// The vendor's page for the seed; it links "License Restrictions for API Users", whose own address we have not verified.
const SIGN_OUT = 'https://help.myob.com.au/advanced/Docs/Published/IntegrationDevelopmentGuide/IntegrationDev_RESTExample_Basic_Logout.html';
const LICENCE = SIGN_OUT;

export const clauses = [
  {
    id: 'ACU-1',
    title: 'Sign-out answers 204 and the session no longer authorizes entity calls',
    level: 'MUST',
    source: { document: SEED, passage: 'Response Status Codes: 204 The request has been completed successfully; VENDOR-NOTES: an entity call without a valid session answers 401', url: SIGN_OUT },
  },
  {
    id: 'ACU-2',
    title: 'Sign-out needs no request header and no body',
    level: 'MUST',
    source: { document: SEED, passage: 'You use no parameters when you sign out … You do not specify any header in the request.', url: SIGN_OUT },
  },
  {
    id: 'ACU-3',
    title: 'Sign-out answers only a documented status: 204, 400, 429 or 500',
    level: 'MUST',
    source: { document: SEED, passage: 'Response Status Codes: 204, 400 (invalid data), 429 (licence request limit), 500 (internal server error)', url: SIGN_OUT },
  },
  {
    id: 'ACU-4',
    title: 'Sign-out releases the API-user seat of the licence',
    level: 'MUST',
    source: { document: SEED, passage: 'If your applications failed to sign out … and the maximum number of concurrent sessions allowed by the license is reached …', url: LICENCE },
  },
  {
    id: 'ACU-5',
    title: 'A session never signed out is closed after a 10-minute time-out and stops counting against the licence',
    level: 'MUST',
    source: { document: SEED, passage: 'Instead, a session is automatically closed after a 10-minute time-out.', url: SIGN_OUT },
  },
  {
    id: 'ACU-6',
    title: 'Sign-out is exempt from the concurrent-request limit',
    level: 'MUST',
    source: { document: 'VENDOR-NOTES.md', passage: 'License Restrictions for API Users: sign-out requests are exempt from the concurrent-request limit', url: LICENCE },
  },
  {
    id: 'ACU-7',
    title: 'The instance URL may carry an instance path or none',
    level: 'MUST',
    source: { document: SEED, passage: 'You can omit the instance name in the URL … if the instance is installed in the root of the website.', url: SIGN_OUT },
  },
  {
    id: 'ACU-A1',
    title: 'Sign-out without any session answers 204',
    level: 'ASSUMPTION',
    source: { document: 'VENDOR-NOTES.md', passage: 'A sign-out without any session: 204 (the vendor\'s own client never sends it)', url: SIGN_OUT },
  },
  {
    id: 'ACU-A2',
    title: 'A second sign-out of the same session answers 204',
    level: 'ASSUMPTION',
    source: { document: 'VENDOR-NOTES.md', passage: 'not documented; the natural default of an idempotent sign-out', url: SIGN_OUT },
  },
] as const satisfies readonly Clause[];
