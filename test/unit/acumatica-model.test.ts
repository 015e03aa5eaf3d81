import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ManualClock } from '../../support/simulation/clock.ts';
import { AcumaticaModel, IDLE_TIMEOUT_MS, type AcumaticaDefect, type AcumaticaVariation } from '../../support/systems/acumatica/model.ts';

const MINUTE = 60_000;

function seeded(options: { defects?: AcumaticaDefect[]; variations?: AcumaticaVariation[]; apiUsers?: number } = {}) {
  const clock = new ManualClock();
  const model = new AcumaticaModel(clock, new Set(options.defects), { users: { api: 'pw' }, apiUsers: options.apiUsers ?? 2 }, new Set(options.variations));
  /** Signs in and returns the session's cookies, or fails the test. */
  const signIn = () => {
    const reply = model.signIn('api', 'pw');
    assert.ok('session' in reply && reply.session, `sign-in refused: ${JSON.stringify(reply)}`);
    return reply.session;
  };
  // As the routes do: the licence admits the request (closing idle sessions) before it is answered.
  const works = (cookies: { id: string; auth: string }) => (model.admit('entity') ?? model.readCustomers(cookies)).status === 200;
  return { clock, model, signIn, works };
}

describe('acumatica model', () => {
  it('refuses a sign-in beyond the API-user limit with 429 and "API Login Limit", and wrong credentials with 401', () => {
    const { model, signIn } = seeded();
    signIn();
    signIn();
    const refused = model.signIn('api', 'pw');
    assert.equal(refused.status, 429);
    assert.match('error' in refused ? refused.error : '', /API Login Limit/);
    assert.equal(model.signIn('api', 'wrong').status, 401);
  });

  it('a sign-out answers 204, ends the session and frees its seat', () => {
    const { model, signIn, works } = seeded();
    const first = signIn();
    signIn();
    assert.deepEqual(model.signOut(first), { status: 204 });
    assert.equal(works(first), false);
    assert.equal(model.seatsTaken, 1);
    signIn();
  });

  it('a sign-out naming no live session answers 204 and changes nothing', () => {
    const { model, signIn } = seeded();
    signIn();
    assert.deepEqual(model.signOut({}), { status: 204 });
    assert.deepEqual(model.signOut({ id: 'unknown', auth: 'x' }), { status: 204 });
    assert.equal(model.openSessions, 1);
  });

  it('closes a session idle for 10 minutes and frees its seat; a request within them keeps it open', () => {
    const { clock, model, signIn, works } = seeded({ apiUsers: 1 });
    const session = signIn();
    clock.advance(9 * MINUTE);
    assert.equal(works(session), true);
    clock.advance(IDLE_TIMEOUT_MS - 1);
    assert.equal(model.openSessions, 1);
    clock.advance(1);
    assert.equal(works(session), false);
    assert.equal(model.seatsTaken, 0);
    signIn();
  });

  it('with a late idle sweep, a session idle for just over 10 minutes may still work (a check at 10 would fail), and is closed by 12', () => {
    const { clock, signIn, works } = seeded({ variations: ['idle-sweep-late'] });
    const session = signIn();
    clock.advance(IDLE_TIMEOUT_MS + MINUTE / 2);
    assert.equal(works(session), true, 'the old 10-minute check would have called this a nonconformance');
    const other = signIn();
    clock.advance(12 * MINUTE);
    assert.equal(works(other), false);
  });

  it('refuses the sign-in beyond the limit with 500 under the login-limit-answers-500 variation', () => {
    const { model, signIn } = seeded({ apiUsers: 1, variations: ['login-limit-answers-500'] });
    signIn();
    assert.equal(model.signIn('api', 'pw').status, 500);
  });

  it('with a seat held elsewhere, that seat is taken all along (never idle-closed) and is not one the run left open', () => {
    const { clock, model, signIn } = seeded({ variations: ['seat-held-elsewhere'], apiUsers: 3 });
    assert.equal(model.seatsTaken, 1);
    assert.equal(model.openSessions, 0);
    signIn();
    signIn();
    assert.equal(model.signIn('api', 'pw').status, 429);
    clock.advance(IDLE_TIMEOUT_MS * 3);
    assert.equal(model.seatsTaken, 1, "the run's idle sessions closed; the other client's seat stays taken");
  });

  it('exempts sign-out, and only sign-out, from the concurrent-request limit', () => {
    const { model } = seeded();
    model.saturateConcurrentRequests();
    assert.equal(model.admit('entity')?.status, 429);
    assert.equal(model.admit('sign-in')?.status, 429);
    assert.equal(model.admit('sign-out'), undefined);
  });

  describe('defects', () => {
    it('session-survives-sign-out: 204, the seat freed, the cookies still working', () => {
      const { model, signIn, works } = seeded({ defects: ['session-survives-sign-out'] });
      const session = signIn();
      assert.deepEqual(model.signOut(session), { status: 204 });
      assert.equal(works(session), true);
      assert.equal(model.seatsTaken, 0);
    });
    it('sign-out-answers-200: a sign-out answers 200', () => {
      const { model, signIn } = seeded({ defects: ['sign-out-answers-200'] });
      assert.equal(model.signOut(signIn()).status, 200);
    });
    it('server-error-as-501: every sign-out answers 501, and the session is ended all the same', () => {
      const { model, signIn, works } = seeded({ defects: ['server-error-as-501'] });
      const session = signIn();
      assert.equal(model.signOut(session).status, 501);
      assert.equal(works(session), false);
      assert.equal(model.signOut({}).status, 501);
    });
    it('seat-not-released: the signed-out session ends but holds its seat until the idle time-out', () => {
      const { clock, model, signIn, works } = seeded({ apiUsers: 1, defects: ['seat-not-released'] });
      const session = signIn();
      model.signOut(session);
      assert.equal(works(session), false);
      assert.equal(model.signIn('api', 'pw').status, 429);
      clock.advance(IDLE_TIMEOUT_MS);
      signIn();
    });
    it('no-idle-close: a session idle for an hour still works', () => {
      const { clock, signIn, works } = seeded({ defects: ['no-idle-close'] });
      const session = signIn();
      clock.advance(60 * MINUTE);
      assert.equal(works(session), true);
    });
    it('sign-out-counts-against-concurrency: a sign-out is refused with 429 while the slots are full', () => {
      const { model } = seeded({ defects: ['sign-out-counts-against-concurrency'] });
      model.saturateConcurrentRequests();
      assert.equal(model.admit('sign-out')?.status, 429);
    });
  });
});
