/**
 * The simulator's SAML federation: an identity provider that signs its responses and
 * assertions (xml-crypto), and a service provider per SAML application that validates
 * them with @node-saml/node-saml — signatures, audience, issuer and InResponseTo — as a
 * real SP's library does. Keys are made with node:crypto at the first sign-in, never
 * stored. Nothing of HTTP: the routes below turn it into pages.
 */
import { generateKeyPairSync } from 'node:crypto';
import { inflateRawSync } from 'node:zlib';
import type { SAML } from '@node-saml/node-saml';
import { SignedXml } from 'xml-crypto';
import type { Clock } from '../../simulation/clock.ts';
import { opaqueId } from '../../simulation/ids.ts';

/** Where the simulator serves the IdP's login and the SPs' assertion consumers, below its base path. */
export const SAML_PATHS = { sso: '/saml2/idp/sso', acs: '/saml2/sp/acs/:appId' } as const;

/**
 * The origin the federation's metadata names. The simulator serves IdP and SP on its
 * own host, wherever that is: the URLs node-saml builds from it are taken by their path.
 */
const ORIGIN = 'https://sap-mobile-services.simulator';
const IDP_ENTITY = `${ORIGIN}/saml2/idp`;

const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
const SHA256 = 'http://www.w3.org/2001/04/xmlenc#sha256';
const EXC_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';
const ENVELOPED = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';

/** What an AuthnRequest asks, as far as the IdP answers it. */
export interface LoginRequest {
  readonly id: string;
  /** The path of the SP's assertion consumer. */
  readonly acsPath: string;
  readonly audience: string;
}

const xmlText = (value: string): string => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const pathOf = (url: string): string => {
  const parsed = new URL(url);
  return `${parsed.pathname}${parsed.search}`;
};

export class SamlFederation {
  readonly #clock: Clock;
  readonly #sps = new Map<string, Promise<SAML>>();
  #keys: { readonly privateKey: string; readonly publicKey: string } | undefined;
  #serial = 0;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** Where a browser goes to sign in to the application (the IdP's SSO with a fresh AuthnRequest), as a path of the simulator. */
  async loginRedirect(app: string, relayState: string): Promise<string> {
    return pathOf(await (await this.#sp(app)).getAuthorizeUrlAsync(relayState, undefined, {}));
  }

  /** The AuthnRequest of the IdP's SSO request (HTTP-Redirect binding: deflated, base64), or undefined when it is none. */
  loginRequest(samlRequest: string): LoginRequest | undefined {
    try {
      const xml = inflateRawSync(Buffer.from(samlRequest, 'base64')).toString('utf8');
      const id = /\sID="([^"]+)"/.exec(xml)?.[1];
      const acs = /\sAssertionConsumerServiceURL="([^"]+)"/.exec(xml)?.[1];
      const issuer = /<saml:Issuer[^>]*>([^<]+)</.exec(xml)?.[1];
      return id && acs && issuer ? { id, acsPath: new URL(acs).pathname, audience: issuer } : undefined;
    } catch {
      return undefined;
    }
  }

  /** The IdP's answer for an authenticated user: a signed Response with a signed assertion, base64 as the POST binding carries it. */
  respond(user: string, request: LoginRequest): string {
    const { privateKey } = this.#keyPair();
    const n = ++this.#serial;
    const at = (ms: number) => new Date(this.#clock.now() + ms).toISOString();
    const acs = `${ORIGIN}${request.acsPath}`;
    const assertionId = `_${opaqueId('sap:saml-assertion', n, 32)}`;
    const assertion =
      `<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${assertionId}" Version="2.0" IssueInstant="${at(0)}">` +
      `<saml:Issuer>${IDP_ENTITY}</saml:Issuer>` +
      `<saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified">${xmlText(user)}</saml:NameID>` +
      `<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData InResponseTo="${xmlText(request.id)}" NotOnOrAfter="${at(300_000)}" Recipient="${acs}"/></saml:SubjectConfirmation></saml:Subject>` +
      `<saml:Conditions NotBefore="${at(-60_000)}" NotOnOrAfter="${at(300_000)}"><saml:AudienceRestriction><saml:Audience>${xmlText(request.audience)}</saml:Audience></saml:AudienceRestriction></saml:Conditions>` +
      `<saml:AuthnStatement AuthnInstant="${at(0)}" SessionIndex="_${opaqueId('sap:saml-session-index', n, 16)}"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>` +
      `</saml:Assertion>`;
    const response =
      `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_${opaqueId('sap:saml-response', n, 32)}" Version="2.0" IssueInstant="${at(0)}" Destination="${acs}" InResponseTo="${xmlText(request.id)}">` +
      `<saml:Issuer>${IDP_ENTITY}</saml:Issuer><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>` +
      `${sign(assertion, 'Assertion', privateKey)}</samlp:Response>`;
    return Buffer.from(sign(response, 'Response', privateKey)).toString('base64');
  }

  /** The SP's reading of a posted SAMLResponse: the user it authenticates, or why it is refused. */
  async validate(app: string, samlResponse: string): Promise<{ readonly user: string } | { readonly refused: string }> {
    try {
      const { profile } = await (await this.#sp(app)).validatePostResponseAsync({ SAMLResponse: samlResponse });
      return profile?.nameID ? { user: profile.nameID } : { refused: 'no subject in the assertion' };
    } catch (err) {
      return { refused: (err as Error).message };
    }
  }

  #keyPair(): { readonly privateKey: string; readonly publicKey: string } {
    this.#keys ??= generateKeyPairSync('rsa', {
      modulusLength: 2048,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    });
    return this.#keys;
  }

  /** The SP of an application; node-saml is loaded with the first, since a run without a SAML sign-in needs none (it costs a process start a tenth of a second). */
  #sp(app: string): Promise<SAML> {
    let sp = this.#sps.get(app);
    if (!sp) {
      const issuer = `urn:sap:mobile-services:${app}`;
      sp = import('@node-saml/node-saml').then(
        ({ SAML, ValidateInResponseTo }) =>
          new SAML({
            issuer,
            audience: issuer,
            callbackUrl: `${ORIGIN}${SAML_PATHS.acs.replace(':appId', encodeURIComponent(app))}`,
            entryPoint: `${ORIGIN}${SAML_PATHS.sso}`,
            idpIssuer: IDP_ENTITY,
            idpCert: this.#keyPair().publicKey,
            wantAssertionsSigned: true,
            wantAuthnResponseSigned: true,
            validateInResponseTo: ValidateInResponseTo.always,
            // The simulator's clock is not the wall clock node-saml reads; what a logout depends on is the signature and the request answered.
            acceptedClockSkewMs: -1,
            generateUniqueId: () => `_${opaqueId(`sap:saml-request:${app}`, ++this.#serial, 32)}`,
          }),
      );
      this.#sps.set(app, sp);
    }
    return sp;
  }
}

/** An enveloped RSA-SHA256 signature of the document's root element, placed after its Issuer, as IdPs place it. */
function sign(xml: string, root: 'Response' | 'Assertion', privateKey: string): string {
  const signer = new SignedXml({ privateKey, signatureAlgorithm: RSA_SHA256, canonicalizationAlgorithm: EXC_C14N });
  signer.addReference({ xpath: `/*[local-name(.)='${root}']`, transforms: [ENVELOPED, EXC_C14N], digestAlgorithm: SHA256 });
  signer.computeSignature(xml, { location: { reference: `/*[local-name(.)='${root}']/*[local-name(.)='Issuer']`, action: 'after' } });
  return signer.getSignedXml();
}
