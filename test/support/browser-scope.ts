/**
 * Every browser sign-in costs a Chromium page load, about a second of CPU: a test that
 * runs a SAML or OAuth application in the browser runs one scenario of each Mobile
 * Services clause (cucumber's --name: the v2 POST variant of each outline, v1's push
 * removal, SAP-7's SAML scenarios), which verifies each clause as a whole run does
 * ("2 of 3 scenarios ran"). The whole suite on those applications is the bench's
 * (`npm run bench -- --saml`), which names any scenario that did not pass.
 */
export const ONE_SCENARIO_PER_CLAUSE: readonly string[] = ['v2 POST', 'v1 POST logout removes', 'SAML application'];
