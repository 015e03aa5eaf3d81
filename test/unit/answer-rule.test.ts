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

describe('the failed/broken rule', () => {
  it('an endpoint never seen answering as documented: its own error is broken, not retried', async () => {
    const { attempt, calls } = attempts('own error');
    await assert.rejects(judged(new WorkingEndpoints(), 'POST logout', attempt), (err: Error) => {
      assert.ok(err instanceof TargetError);
      assert.match(
        err.message,
        /^\[sys\] POST http:\/\/x\/logout: answered 500 with a SOAP Fault: boom; not judged: POST logout has not answered as documented in this run$/,
      );
      return true;
    });
    assert.equal(calls(), 1);
  });

  it('an endpoint seen answering as documented: its own error twice is a nonconformance, naming both exchanges', async () => {
    const endpoints = new WorkingEndpoints();
    const { attempt, calls } = attempts('ok', 'own error', 'own error');
    assert.equal(await judged(endpoints, 'POST logout', attempt), 'documented');
    await assert.rejects(judged(endpoints, 'POST logout', attempt), (err: Error) => {
      assert.ok(err instanceof Nonconformance);
      assert.match(
        err.message,
        /SOAP Fault: boom; answered so again on a retry, though POST logout answered as documented earlier in this run \(both exchanges in the transcript\)$/,
      );
      return true;
    });
    assert.equal(calls(), 3);
  });

  it('an endpoint not seen yet, shown working by a control: its own error twice is a nonconformance, naming the control', async () => {
    const endpoints = new WorkingEndpoints();
    const { attempt, calls } = attempts('own error', 'own error');
    let controls = 0;
    const control = { what: 'a logout of nobody, answered 204', run: async () => void controls++ };
    await assert.rejects(judged(endpoints, 'POST logout', attempt, control), (err: Error) => {
      assert.ok(err instanceof Nonconformance);
      assert.match(
        err.message,
        /though POST logout answered as documented to a logout of nobody, answered 204 in this run \(the three exchanges in the transcript\)$/,
      );
      return true;
    });
    assert.equal(calls(), 2);
    assert.equal(controls, 1);
    assert.ok(endpoints.seen('POST logout'), 'the control shows the endpoint working for the rest of the run');
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
      const { attempt, calls } = attempts('own error');
      await assert.rejects(judged(new WorkingEndpoints(), 'POST logout', attempt, { what: 'a control', run }), (err: Error) => {
        assert.ok(err instanceof TargetError);
        assert.match(err.message, /not judged: POST logout has not answered as documented in this run$/);
        return true;
      });
      assert.equal(calls(), 1);
    }
  });

  it('seen working elsewhere does not count: the endpoint is the method and path template (or binding)', async () => {
    const endpoints = new WorkingEndpoints();
    await judged(endpoints, 'GET LogOut', attempts('ok').attempt);
    await assert.rejects(judged(endpoints, 'SOAP LogOut', attempts('own error').attempt), TargetError);
  });

  it('a documented answer on the retry is taken; a retry not answered at all is broken', async () => {
    const endpoints = new WorkingEndpoints();
    await judged(endpoints, 'POST logout', attempts('ok').attempt);
    assert.equal(await judged(endpoints, 'POST logout', attempts('own error', 'ok').attempt), 'documented');
    await assert.rejects(judged(endpoints, 'POST logout', attempts('own error', 'no answer').attempt), TargetError);
  });

  it('a target not answered at all is broken at once, seen working or not', async () => {
    const endpoints = new WorkingEndpoints();
    await judged(endpoints, 'POST logout', attempts('ok').attempt);
    const { attempt, calls } = attempts('no answer');
    await assert.rejects(judged(endpoints, 'POST logout', attempt), TargetError);
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
