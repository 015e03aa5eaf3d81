import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Headers } from 'undici';
import { TargetError } from '../../support/http/errors.ts';
import { judged, Nonconformance, notTheSystems, UndocumentedAnswer, WorkingEndpoints } from '../../support/verdicts.ts';

// The one failed/broken rule (support/verdicts.ts), on its own: every side of it can be reached.

/** An attempt that answers as documented ('ok'), against the documents ('own error'), or not at all ('no answer'), in turn. */
function attempts(...answers: ('ok' | 'own error' | 'no answer')[]) {
  let calls = 0;
  const attempt = async (): Promise<string> => {
    const answer = answers[Math.min(calls++, answers.length - 1)];
    if (answer === 'own error') throw new UndocumentedAnswer('sys', 'POST http://x/logout', 'answered 500 with a SOAP Fault: boom');
    if (answer === 'no answer') throw new TargetError('sys', 'POST http://x/logout', 'connection refused');
    return 'documented';
  };
  return { attempt, calls: () => calls };
}

/** A control that answers as documented (or not), counting its calls. */
function control(answers: boolean) {
  let calls = 0;
  return {
    what: 'POST logout without a session, documented 204',
    run: async () => {
      calls++;
      if (!answers) throw new UndocumentedAnswer('sys', 'POST http://x/logout', 'answered 500');
    },
    calls: () => calls,
  };
}

describe('the failed/broken rule', () => {
  it('an own error answered so again on a retry, no control and nothing seen in the scenario: broken', async () => {
    const { attempt, calls } = attempts('own error');
    await assert.rejects(judged(new WorkingEndpoints(), 'POST logout', undefined, attempt), (err: Error) => {
      assert.ok(err instanceof TargetError);
      assert.match(
        err.message,
        /^\[sys\] POST http:\/\/x\/logout: answered 500 with a SOAP Fault: boom; not judged: POST logout has not answered as documented in this scenario, and it has no control$/,
      );
      return true;
    });
    assert.equal(calls(), 2);
  });

  it('an endpoint seen answering as documented earlier in the scenario: its own error twice is a nonconformance, no control sent', async () => {
    const endpoints = new WorkingEndpoints();
    const { attempt, calls } = attempts('ok', 'own error', 'own error');
    const unused = control(true);
    assert.equal(await judged(endpoints, 'POST logout', undefined, attempt), 'documented');
    await assert.rejects(judged(endpoints, 'POST logout', unused, attempt), (err: Error) => {
      assert.ok(err instanceof Nonconformance);
      assert.match(err.message, /SOAP Fault: boom; answered so again on a retry, though POST logout answered as documented earlier in this scenario/);
      return true;
    });
    assert.equal(calls(), 3);
    assert.equal(unused.calls(), 0);
  });

  it('an endpoint not seen in the scenario, its control answered as documented: its own error twice is a nonconformance, naming the control', async () => {
    const { attempt, calls } = attempts('own error', 'own error');
    const shown = control(true);
    await assert.rejects(judged(new WorkingEndpoints(), 'POST logout', shown, attempt), (err: Error) => {
      assert.ok(err instanceof Nonconformance);
      assert.match(
        err.message,
        /though the system answered its control as documented: POST logout without a session, documented 204 \(the exchanges in the transcript\)$/,
      );
      return true;
    });
    assert.equal(calls(), 2);
    assert.equal(shown.calls(), 1);
  });

  it('a control answered otherwise, or not at all, leaves the endpoint not judged: broken', async () => {
    for (const run of [
      async () => {
        throw new UndocumentedAnswer('sys', 'POST http://x/logout', 'answered 500');
      },
      async () => {
        throw new TargetError('sys', 'POST http://x/logout', 'connection refused');
      },
    ]) {
      const { attempt } = attempts('own error');
      await assert.rejects(judged(new WorkingEndpoints(), 'POST logout', { what: 'a control', run }, attempt), (err: Error) => {
        assert.ok(err instanceof TargetError);
        assert.match(err.message, /not judged: POST logout has not answered as documented in this scenario, nor its control \(a control\)$/);
        return true;
      });
    }
  });

  it('what one scenario saw never decides another: a fresh scenario judges alike whatever ran before', async () => {
    const earlier = new WorkingEndpoints();
    await judged(earlier, 'POST logout', undefined, attempts('ok').attempt);
    const verdict = (endpoints: WorkingEndpoints) =>
      judged(endpoints, 'POST logout', control(false), attempts('own error').attempt).catch((err: Error) => err.name);
    assert.equal(await verdict(new WorkingEndpoints()), 'TargetError');
    assert.equal(await verdict(new WorkingEndpoints()), await verdict(new WorkingEndpoints()));
  });

  it('seen working elsewhere does not count: the endpoint is the method and path template (or binding)', async () => {
    const endpoints = new WorkingEndpoints();
    await judged(endpoints, 'GET LogOut', undefined, attempts('ok').attempt);
    await assert.rejects(judged(endpoints, 'SOAP LogOut', undefined, attempts('own error').attempt), TargetError);
  });

  it('a documented answer on the retry is taken, with no control; a retry not answered at all is broken', async () => {
    const unused = control(true);
    assert.equal(await judged(new WorkingEndpoints(), 'POST logout', unused, attempts('own error', 'ok').attempt), 'documented');
    assert.equal(unused.calls(), 0);
    await assert.rejects(judged(new WorkingEndpoints(), 'POST logout', unused, attempts('own error', 'no answer').attempt), TargetError);
  });

  it('a conformant answer costs one request: no retry, no control', async () => {
    const { attempt, calls } = attempts('ok');
    const unused = control(true);
    assert.equal(await judged(new WorkingEndpoints(), 'POST logout', unused, attempt), 'documented');
    assert.deepEqual([calls(), unused.calls()], [1, 0]);
  });

  it('a target not answered at all is broken at once, seen working or not', async () => {
    const endpoints = new WorkingEndpoints();
    await judged(endpoints, 'POST logout', undefined, attempts('ok').attempt);
    const { attempt, calls } = attempts('no answer');
    await assert.rejects(judged(endpoints, 'POST logout', undefined, attempt), TargetError);
    assert.equal(calls(), 1);
  });
});

describe("an answer that is not the system's", () => {
  const answer = (status: number, type: string, body: string) => ({ status, headers: new Headers(type ? { 'content-type': type } : {}), body });

  it("a gateway's status, whatever its body, and an HTML page where JSON or XML is due", () => {
    for (const status of [502, 503, 504]) assert.match(notTheSystems(answer(status, 'application/json', '{}')) ?? '', /a gateway's status/);
    assert.match(notTheSystems(answer(500, 'text/html', '<h1>error</h1>'), 'json') ?? '', /an HTML page where JSON is due/);
    assert.match(notTheSystems(answer(200, '', '<!DOCTYPE html><html></html>'), 'xml') ?? '', /an HTML page where XML is due/);
  });

  it("the system's own error answers stay the system's: a SOAP fault, a JSON 500, a .NET exception in text, HTML where HTML is due", () => {
    assert.equal(notTheSystems(answer(500, 'text/xml', '<soap:Envelope/>'), 'xml'), undefined);
    assert.equal(notTheSystems(answer(500, 'application/json', '{"message":"x"}'), 'json'), undefined);
    assert.equal(notTheSystems(answer(500, 'text/plain', 'System.InvalidOperationException: x'), 'xml'), undefined);
    assert.equal(notTheSystems(answer(401, 'text/html', '<html></html>')), undefined);
  });
});
