import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { ManualClock } from '../../support/simulation/clock.ts';
import { AuthorizationServer, type AuthorizationRequest, type IssuedTokens } from '../../support/systems/sap-mobile-services/authorization-server.ts';

const REDIRECT = 'https://app.example/callback';
const VERIFIER = 'a-verifier-of-enough-length-for-rfc-7636-0123456789';
const request: AuthorizationRequest = {
  responseType: 'code',
  clientId: 'one',
  redirectUri: REDIRECT,
  codeChallenge: createHash('sha256').update(VERIFIER).digest('base64url'),
  codeChallengeMethod: 'S256',
};

const server = (clock = new ManualClock(), rotates = true) =>
  new AuthorizationServer(clock, {
    clients: { one: { redirectUris: [REDIRECT] }, two: { redirectUris: [REDIRECT] } },
    authenticate: (user, password) => user === 'ann' && password === 'pw',
    rotates: () => rotates,
  });

describe('sap-mobile-services authorization server', () => {
  it('serves only a registered client and redirect URI, with a PKCE S256 challenge', () => {
    const as = server();
    assert.equal(as.refuseAuthorization(request), undefined);
    assert.match(as.refuseAuthorization({ ...request, clientId: 'nobody' }) ?? '', /unknown client_id/);
    assert.match(as.refuseAuthorization({ ...request, redirectUri: 'https://evil.example/' }) ?? '', /redirect_uri/);
    assert.match(as.refuseAuthorization({ ...request, codeChallengeMethod: 'plain' }) ?? '', /S256/);
    assert.match(as.refuseAuthorization({ ...request, responseType: 'token' }) ?? '', /response_type/);
    const onOwnOrigin = new AuthorizationServer(new ManualClock(), {
      clients: { one: { redirectUris: ['/cb'] } },
      authenticate: () => true,
      rotates: () => true,
    });
    assert.equal(onOwnOrigin.refuseAuthorization({ ...request, redirectUri: 'http://127.0.0.1:4000/cb' }), undefined, 'a path registered: any origin');
    assert.match(onOwnOrigin.refuseAuthorization({ ...request, redirectUri: 'http://127.0.0.1:4000/cb/more' }) ?? '', /redirect_uri/);
  });

  it('exchanges a code once, for its client, redirect URI and verifier', () => {
    const as = server();
    assert.equal(as.authorize(request, 'ann', 'wrong'), undefined, 'a wrong password gets no code');
    const code = as.authorize(request, 'ann', 'pw') ?? '';
    assert.equal((as.exchangeCode(code, 'one', REDIRECT, 'another-verifier', 'd') as { error: string }).error, 'invalid_grant');
    const again = as.authorize(request, 'ann', 'pw') ?? '';
    const tokens = as.exchangeCode(again, 'one', REDIRECT, VERIFIER, 'd') as IssuedTokens;
    assert.deepEqual(as.bearer(tokens.access), { user: 'ann', client: 'one', expires: new ManualClock().now() + 3600_000 });
    assert.equal((as.exchangeCode(again, 'one', REDIRECT, VERIFIER, 'd') as { error: string }).error, 'invalid_grant', 'a code is used once');
    const third = as.authorize(request, 'ann', 'pw') ?? '';
    assert.equal((as.exchangeCode(third, 'two', REDIRECT, VERIFIER, 'd') as { error: string }).error, 'invalid_grant', 'by its own client only');
  });

  it('lets a code and an access token expire on its clock', () => {
    const clock = new ManualClock();
    const as = server(clock);
    const code = as.authorize(request, 'ann', 'pw') ?? '';
    const { access } = as.passwordGrant('ann', 'pw', 'one', 'd') as IssuedTokens;
    clock.advance(3600_000);
    assert.equal((as.exchangeCode(code, 'one', REDIRECT, VERIFIER, 'd') as { error: string }).error, 'invalid_grant');
    assert.equal(as.bearer(access), undefined);
  });

  it('keeps refresh tokens per client: a refresh by another client is refused, and revoking selects by client and device', () => {
    const as = server();
    const one = (as.passwordGrant('ann', 'pw', 'one', 'phone') as IssuedTokens).refresh;
    const two = (as.passwordGrant('ann', 'pw', 'two', 'phone') as IssuedTokens).refresh;
    assert.equal((as.refreshGrant(one, 'two') as { error: string }).error, 'invalid_grant');
    as.revoke('ann', (token) => token.client === 'one');
    assert.equal((as.refreshGrant(one, 'one') as { error: string }).error, 'invalid_grant');
    assert.equal(as.liveRefreshTokens, 1);
    assert.ok('access' in as.refreshGrant(two, 'two'));
    assert.equal((as.passwordGrant('ann', 'pw', 'three', 'phone') as { status: number }).status, 401, 'an unknown client');
  });
});
