import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ManualClock } from '../../support/simulation/clock.ts';
import { FlexiModel, type FlexiDefect } from '../../support/systems/flexi/model.ts';

const users = {
  spravce: { password: 'a', admin: true },
  franta: { password: 'f', admin: false },
  pepa: { password: 'p', admin: false },
  server: { password: 's', admin: false, server: true },
};
const model = (...defects: FlexiDefect[]) => new FlexiModel(new ManualClock(), { defects: new Set(defects), variations: new Set() }, users, ['demo']);
const admin = { user: 'spravce' };
const live = (m: FlexiModel, id: string) => m.caller(id, undefined) !== 'dead';

describe('flexi model', () => {
  it("a logout ends every session of the user, JSON and web alike, and no one else's", () => {
    const m = model();
    const json = m.login('franta', 'f')?.authSessionId ?? '';
    const web = m.webLogin('franta', 'f') ?? '';
    const other = m.login('pepa', 'p')?.authSessionId ?? '';
    assert.deepEqual(m.logout(admin, 'franta', { ignoreNotFound: false }).status, 200);
    assert.deepEqual([live(m, json), live(m, web), live(m, other)], [false, false, true]);
    assert.equal(m.openSessions, 1);
  });

  it("ignore-not-found=true on a user who is logged in still logs them out; the caller's session survives", () => {
    const m = model();
    const mine = m.login('spravce', 'a')?.authSessionId ?? '';
    const json = m.login('franta', 'f')?.authSessionId ?? '';
    assert.equal(m.logout({ user: 'spravce', session: mine }, 'franta', { ignoreNotFound: true }).status, 200);
    assert.deepEqual([live(m, json), live(m, mine)], [false, true]);
  });

  it("the defects that reach beyond the named user: other users' sessions, the caller's own", () => {
    const others = model('other-users-sessions-ended');
    const pepa = others.login('pepa', 'p')?.authSessionId ?? '';
    others.login('franta', 'f');
    others.logout(admin, 'franta', { ignoreNotFound: false });
    assert.equal(live(others, pepa), false);
    const caller = model('caller-session-ended');
    const mine = caller.login('spravce', 'a')?.authSessionId ?? '';
    caller.login('franta', 'f');
    caller.logout({ user: 'spravce', session: mine }, 'franta', { ignoreNotFound: false });
    assert.equal(live(caller, mine), false);
  });

  it('an expired session is told apart from one logged out (the remote-logout redirect is for the expired)', () => {
    const m = model();
    const expired = m.login('franta', 'f')?.authSessionId ?? '';
    const other = m.login('pepa', 'p')?.authSessionId ?? '';
    m.expireSessionsOf('franta');
    assert.deepEqual([m.caller(expired, undefined), live(m, other)], ['expired', true]);
    m.logout(admin, 'pepa', { ignoreNotFound: false });
    assert.equal(m.caller(other, undefined), 'dead');
  });

  it('a user who is not logged in: 404, or 200 with ignore-not-found', () => {
    const m = model();
    assert.equal(m.logout(admin, 'pepa', { ignoreNotFound: false }).status, 404);
    assert.equal(m.logout(admin, 'pepa', { ignoreNotFound: true }).status, 200);
  });

  it('Basic authentication opens no session; a server account may log anyone out but cannot log in itself', () => {
    const m = model();
    assert.deepEqual(m.caller(undefined, { user: 'server', password: 's' }), { user: 'server' });
    assert.equal(m.login('server', 's'), undefined);
    assert.equal(m.openSessions, 0);
    m.login('franta', 'f');
    assert.equal(m.logout({ user: 'server' }, 'franta', { ignoreNotFound: false }).status, 200);
  });

  it('a user without the rights may log out only themselves', () => {
    const m = model();
    m.login('pepa', 'p');
    assert.equal(m.logout({ user: 'franta' }, 'pepa', { ignoreNotFound: false }).status, 403);
    assert.equal(m.openSessions, 1);
  });

  it('company=X discards only the context: the session stays, the permission change applies', () => {
    const m = model();
    const id = m.login('franta', 'f')?.authSessionId ?? '';
    assert.equal(m.canRead('franta', 'demo'), true);
    m.setPermission('franta', 'demo', false);
    assert.equal(m.canRead('franta', 'demo'), true, 'the cached context still reads');
    assert.equal(m.logout(admin, 'franta', { company: 'demo', ignoreNotFound: false }).status, 200);
    assert.equal(live(m, id), true);
    assert.equal(m.canRead('franta', 'demo'), false);
  });

  describe('defects', () => {
    it('login-opens-no-session: the id authenticates nothing', () => {
      const m = model('login-opens-no-session');
      assert.equal(live(m, m.login('franta', 'f')?.authSessionId ?? ''), false);
    });
    it('web-sessions-kept: the web session survives', () => {
      const m = model('web-sessions-kept');
      const web = m.webLogin('franta', 'f') ?? '';
      m.login('franta', 'f');
      m.logout(admin, 'franta', { ignoreNotFound: false });
      assert.equal(live(m, web), true);
    });
    it('server-authorization-refused: 403 to a server account', () => {
      const m = model('server-authorization-refused');
      m.login('franta', 'f');
      assert.equal(m.logout({ user: 'server' }, 'franta', { ignoreNotFound: false }).status, 403);
    });
    it('ignore-not-found-ignored: 404 all the same', () => {
      assert.equal(model('ignore-not-found-ignored').logout(admin, 'pepa', { ignoreNotFound: true }).status, 404);
    });
    it('only-newest-session-ended: the older session survives', () => {
      const m = model('only-newest-session-ended');
      const first = m.login('franta', 'f')?.authSessionId ?? '';
      m.login('franta', 'f');
      m.logout(admin, 'franta', { ignoreNotFound: false });
      assert.equal(live(m, first), true);
    });
  });
});
