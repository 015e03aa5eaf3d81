import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SeatLedger } from '../../support/systems/acumatica/seats.ts';

describe('Acumatica seat ledger: how a limit refusal reads', () => {
  const me = {};
  const other = {};

  it('waits while another scenario of the run holds a seat', () => {
    const ledger = new SeatLedger();
    ledger.opened({}, other);
    assert.equal(ledger.refusal(me).kind, 'wait');
  });

  it('calls seats held from outside the run none free, not a finding', () => {
    const refusal = new SeatLedger().refusal(me);
    assert.equal(refusal.kind, 'none-free');
    assert.match(refusal.kind === 'none-free' ? refusal.reason : '', /held by sessions from outside this run/);
  });

  it('calls a seat its own 204 sign-out should have freed, and that is still taken, kept', () => {
    const ledger = new SeatLedger();
    const a = {};
    const b = {};
    ledger.opened(a, other);
    ledger.opened(b, other);
    ledger.released(a);
    ledger.released(b);
    const refusal = ledger.refusal(me);
    assert.equal(refusal.kind, 'kept');
    assert.match(refusal.kind === 'kept' ? refusal.reason : '', /held 2 session\(s\) at once and signed 2 out with 204; it now holds 0/);
  });

  it('does not blame the licence for the seats a scenario holds, nor for sessions the run could not sign out', () => {
    const ledger = new SeatLedger();
    const a = {};
    ledger.opened(a, me);
    assert.equal(ledger.refusal(me).kind, 'none-free');
    const b = {};
    ledger.opened(b, other);
    ledger.abandoned(b);
    assert.match(JSON.stringify(ledger.refusal(me)), /could not be signed out/);
  });

  it('wakes a waiting sign-in when a seat of the run is released', async () => {
    const ledger = new SeatLedger();
    const a = {};
    ledger.opened(a, other);
    const woken = ledger.changed(60_000);
    ledger.released(a);
    await woken;
    assert.equal(ledger.refusal(me).kind, 'kept', 'released, and still no seat: kept');
  });
});
