import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Headers } from 'undici';
import { ManualClock } from '../../support/simulation/clock.ts';
import { simRequest } from '../../support/simulation/route-table.ts';
import { defects, InfoRouterModel, TICKET_LIFETIME_MS, type InfoRouterDefect } from '../../support/systems/inforouter/model.ts';
import { routes, variations } from '../../support/systems/inforouter/routes.ts';

const USER = 'conformance';
const PASSWORD = 'pw';
const DAY = 24 * 60 * 60_000;

function model(...on: InfoRouterDefect[]) {
  return modelVaried([], ...on);
}
function modelVaried(varied: readonly string[], ...on: InfoRouterDefect[]) {
  const clock = new ManualClock();
  return { clock, model: new InfoRouterModel(clock, new Set(on), { [USER]: PASSWORD }, new Set(varied)) };
}
const issue = (m: InfoRouterModel): string => {
  const made = m.authenticate(USER, PASSWORD);
  assert.ok(made);
  return made.ticket;
};
const INVALID = { ended: false, error: 'invalid' };

describe('infoRouter model', () => {
  it('issues GUID-shaped tickets, deterministic per model, only for the right password', () => {
    assert.equal(model().model.authenticate(USER, 'wrong'), undefined);
    const a = issue(model().model);
    assert.match(a, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(issue(model().model), a);
  });

  it('logs a live ticket out once: then it is invalid, and a second LogOut, a missing or unknown ticket answer [901]', () => {
    const { model: m } = model();
    const ticket = issue(m);
    assert.equal(m.openSessions, 1);
    assert.deepEqual(m.logOut('GET', ticket), { ended: true });
    assert.equal(m.isValid(ticket), undefined);
    assert.equal(m.openSessions, 0);
    assert.deepEqual(m.logOut('SOAP', ticket), INVALID);
    assert.deepEqual(m.logOut('GET', undefined), INVALID);
    assert.deepEqual(m.logOut('form POST', 'never-issued'), INVALID);
  });

  it('ends only the ticket given', () => {
    const { model: m } = model();
    const [first, second] = [issue(m), issue(m)];
    m.logOut('GET', first);
    assert.ok(m.isValid(second));
  });

  it('expires a ticket 30 days after issue; isValidTicket is passive and does not extend it', () => {
    const { clock, model: m } = model();
    const ticket = issue(m);
    clock.advance(29 * DAY);
    assert.ok(m.isValid(ticket));
    clock.advance(TICKET_LIFETIME_MS - 29 * DAY);
    assert.equal(m.isValid(ticket), undefined);
    assert.deepEqual(m.logOut('GET', ticket), INVALID);
  });

  // Each defect, shown on the model alone: what it breaks, next to the faithful answer.
  const broken: Record<InfoRouterDefect, (m: InfoRouterModel, clock: ManualClock) => void> = {
    'ticket-survives-logout': (m) => {
      const t = issue(m);
      assert.deepEqual(m.logOut('GET', t), { ended: true });
      assert.ok(m.isValid(t));
    },
    'probe-answers-901-always': (m) => {
      const t = issue(m);
      assert.equal(m.isValid(t), undefined);
      m.logOut('GET', t);
      assert.equal(m.openSessions, 1);
    },
    'soap-logout-ignored': (m) => {
      const t = issue(m);
      m.logOut('SOAP', t);
      assert.ok(m.isValid(t));
      m.logOut('GET', t);
      assert.equal(m.isValid(t), undefined);
    },
    // Lives in the routes (the cookie is read there); the model is unchanged.
    'no-cookie-fallback': (m) => assert.ok(m.has('no-cookie-fallback')),
    'missing-ticket-succeeds': (m) => assert.deepEqual(m.logOut('GET', undefined), { ended: true }),
    'unknown-ticket-succeeds': (m) => assert.deepEqual(m.logOut('GET', 'never-issued'), { ended: true }),
    'unknown-ticket-other-error': (m) => assert.deepEqual(m.logOut('GET', 'never-issued'), { ended: false, error: 'internal' }),
    'second-logout-succeeds': (m) => {
      const t = issue(m);
      m.logOut('GET', t);
      assert.deepEqual(m.logOut('GET', t), { ended: true });
    },
    'no-expiry': (m, clock) => {
      const t = issue(m);
      clock.advance(365 * DAY);
      assert.ok(m.isValid(t));
    },
    'soap-authenticate-refused': (m) => {
      assert.equal(m.authenticate(USER, PASSWORD, 'SOAP'), undefined);
      assert.ok(m.authenticate(USER, PASSWORD, 'GET'));
    },
    // Lives in the routes (the error is chosen there); the model is unchanged.
    'wrong-password-other-error': (m) => assert.ok(m.has('wrong-password-other-error')),
    'probe-extends-ticket': (m, clock) => {
      const t = issue(m);
      clock.advance(29 * DAY);
      assert.ok(m.isValid(t));
      clock.advance(2 * DAY);
      assert.ok(m.isValid(t), 'the probe slid the window');
    },
    // Lives in the routes (the cookie is read there); the model is unchanged.
    'probe-ignores-cookie': (m) => assert.ok(m.has('probe-ignores-cookie')),
  };
  for (const name of Object.keys(defects) as InfoRouterDefect[]) {
    it(`defect "${name}": ${defects[name].description}`, () => {
      const { clock, model: m } = model(name);
      broken[name](m, clock);
    });
  }
});

describe('infoRouter routes', () => {
  const logOut = async (varied: readonly string[], binding: 'GET' | 'SOAP') => {
    const { model: m } = modelVaried(varied);
    const req =
      binding === 'GET'
        ? simRequest('GET', new URL('http://h/srv.asmx/LogOut'), '', new Headers(), '')
        : simRequest(
            'POST',
            new URL('http://h/srv.asmx'),
            '',
            new Headers({ soapaction: '"http://tempuri.org/LogOut"' }),
            '<?xml version="1.0"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><LogOut xmlns="http://tempuri.org/"/></soap:Body></soap:Envelope>',
          );
    const problems: string[] = [];
    const res = await routes.answer(m, req, problems);
    assert.deepEqual(problems, []);
    return res;
  };

  it('answers the documented root: <root success="false" error="[901] Session expired or Invalid ticket"/>', async () => {
    assert.equal((await logOut([], 'GET')).body, '<root success="false" error="[901] Session expired or Invalid ticket"/>');
  });

  // A variation the wire never shows would make its passing suite prove nothing.
  for (const name of Object.keys(variations).filter((v) => v !== 'authenticate-sets-ticket-cookie' && v !== 'auth-answer-extras')) {
    it(`variation "${name}" changes what the wire carries`, async () => {
      const plain = [await logOut([], 'GET'), await logOut([], 'SOAP')].map((r) => r.body);
      const varied = [await logOut([name], 'GET'), await logOut([name], 'SOAP')].map((r) => r.body);
      assert.notDeepEqual(varied, plain);
    });
  }

  it('variation "authenticate-sets-ticket-cookie" sets the ticket cookie on AuthenticateUser', async () => {
    const { model: m } = modelVaried(['authenticate-sets-ticket-cookie']);
    const url = new URL(`http://h/srv.asmx/AuthenticateUser?UID=${USER}&PWD=${PASSWORD}`);
    const res = await routes.answer(m, simRequest('GET', url, '', new Headers(), ''), []);
    assert.match(String(res.headers?.['set-cookie']), /^ticket=[0-9a-f-]{36}; /);
  });

  it('variation "auth-answer-extras" adds a session key to the root of AuthenticateUser', async () => {
    const { model: m } = modelVaried(['auth-answer-extras']);
    const url = new URL(`http://h/srv.asmx/AuthenticateUser?UID=${USER}&PWD=${PASSWORD}`);
    const res = await routes.answer(m, simRequest('GET', url, '', new Headers(), ''), []);
    assert.match(String(res.body), /<root success="true" ticket="[0-9a-f-]{36}" .* SessionKey="sk-[0-9a-f]{16}"\/>/);
  });
});
