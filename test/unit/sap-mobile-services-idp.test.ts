import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ManualClock } from '../../support/simulation/clock.ts';
import { SamlFederation } from '../../support/systems/sap-mobile-services/idp.ts';

// The simulator's SAML federation without a browser: the SP's AuthnRequest, the IdP's
// signed answer, and the SP's library validating it as a real SP does.

const APP = 'com.example.saml';

async function answered(federation: SamlFederation, user = 'saml-user-1') {
  const redirect = new URL(await federation.loginRedirect(APP, '/back'), 'http://simulator');
  assert.equal(redirect.pathname, '/saml2/idp/sso');
  assert.equal(redirect.searchParams.get('RelayState'), '/back');
  const request = federation.loginRequest(redirect.searchParams.get('SAMLRequest') ?? '');
  assert.ok(request, 'no AuthnRequest the IdP can read');
  return { request, response: federation.respond(user, request) };
}

const edited = (response: string, edit: (xml: string) => string) => Buffer.from(edit(Buffer.from(response, 'base64').toString('utf8'))).toString('base64');

describe('the simulated SAML federation', () => {
  const federation = new SamlFederation(new ManualClock());

  it("signs a response the application's SP takes, for the user the IdP authenticated, at its own assertion consumer", async () => {
    const { request, response } = await answered(federation);
    assert.equal(request.acsPath, `/saml2/sp/acs/${APP}`);
    const xml = Buffer.from(response, 'base64').toString('utf8');
    assert.equal((xml.match(/<(\w+:)?Signature /g) ?? []).length, 2, 'the response and its assertion are each signed');
    assert.deepEqual(await federation.validate(APP, response), { user: 'saml-user-1' });
  });

  it('refuses a response used twice, one altered after signing, and one for another application', async () => {
    const { response } = await answered(federation);
    assert.deepEqual(await federation.validate(APP, response), { user: 'saml-user-1' });
    assert.ok('refused' in (await federation.validate(APP, response)), 'replayed');

    const second = await answered(federation);
    const altered = edited(second.response, (xml) => xml.replace('>saml-user-1<', '>saml-user-2<'));
    assert.ok('refused' in (await federation.validate(APP, altered)), 'altered');

    const third = await answered(federation);
    assert.ok('refused' in (await federation.validate('com.example.other', third.response)), 'another application');
  });

  it('refuses a response whose signatures were taken off', async () => {
    const { response } = await answered(federation);
    const unsigned = edited(response, (xml) => xml.replace(/<(\w+:)?Signature [\s\S]*?<\/(\w+:)?Signature>/g, ''));
    assert.ok('refused' in (await federation.validate(APP, unsigned)));
  });

  it('reads no AuthnRequest from something else', () => {
    assert.equal(federation.loginRequest('not-a-request'), undefined);
  });
});
