import { describe, expect, it } from 'vitest';
import { Method, createRequest, noParams, parseNameAddr, parseUri } from '../sip/index.js';
import type { ExtraHeader, NameAddr, SipRequest, Uri } from '../sip/index.js';
import type { CarrierTrunk } from './carrier-trunk.js';
import { screenTrunkCall } from './screen-trunk-call.js';

const LEGACY = '+49221471123';
const MAIN = '+492219876500';
const PROVISIONAL = '+492219876523';

const uri = (text: string): Uri => {
  const parsed = parseUri(text);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.value;
};
const nameAddr = (text: string): NameAddr => {
  const parsed = parseNameAddr(text);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.value;
};

function invite(from: string, headers: readonly ExtraHeader[] = []): SipRequest {
  return createRequest({
    method: Method.INVITE,
    uri: uri('sip:+4930123456@carrier.test'),
    via: [],
    from: { ...nameAddr(from), params: new Map([['tag', 't']]) },
    to: { uri: uri('sip:+4930123456@carrier.test'), params: noParams },
    callId: 'c',
    cseq: 1,
    headers,
  });
}

const trunk = (overrides: Partial<CarrierTrunk> = {}): CarrierTrunk => ({
  id: 'acme',
  provider: 'new',
  numbers: [MAIN, PROVISIONAL],
  auth: { mode: 'register', username: '1234567t0', password: 'x' },
  screening: { clipNoScreening: true, allowed: [LEGACY] },
  reads: { upn: 'from-user', npn: 'pai' },
  ...overrides,
});
const active = [MAIN, PROVISIONAL];
const pai = (n: string): ExtraHeader => ({ name: 'P-Asserted-Identity', value: `<sip:${n}@carrier.test>` });

describe('screenTrunkCall', () => {
  it('accepts an allowed presented number and keeps the network number', () => {
    expect(screenTrunkCall(invite(`<sip:${LEGACY}@x>`, [pai(PROVISIONAL)]), trunk(), active)).toEqual({
      ok: true,
      identity: { shown: LEGACY, npn: PROVISIONAL, anonymous: false },
    });
  });

  it('with CLIP no screening refuses numbers the customer may not present, and barred ones', () => {
    for (const upn of ['+49221471199', '+4990012345', '+4913712345', '+4911833', '110', '+14155550100']) {
      const verdict = screenTrunkCall(invite(`<sip:${upn}@x>`, [pai(PROVISIONAL)]), trunk({ screening: { clipNoScreening: true, allowed: [LEGACY, '+4990012345'] } }), active);
      expect(verdict.ok, upn).toBe(false);
    }
  });

  it('lets a forwarded call present the original caller when the diverting number is the customer\'s', () => {
    const caller = '+4940987654';
    const diverted = (diverter: string): SipRequest =>
      invite(`<sip:${caller}@x>`, [pai(PROVISIONAL), { name: 'Diversion', value: `<sip:${diverter}@x>;reason=unconditional;counter=1` }]);
    expect(screenTrunkCall(diverted(LEGACY), trunk(), active)).toMatchObject({ ok: true, identity: { shown: caller, npn: PROVISIONAL } });
    expect(screenTrunkCall(diverted('+49221471199'), trunk(), active).ok).toBe(false);
    const history = invite(`<sip:${caller}@x>`, [pai(PROVISIONAL), { name: 'History-Info', value: `<sip:${PROVISIONAL}@x>;index=1, <sip:+4917012345678@x;cause=302>;index=1.1` }]);
    expect(screenTrunkCall(history, trunk(), active).ok).toBe(true);
  });

  it('without CLIP no screening shows the network number instead', () => {
    const verdict = screenTrunkCall(invite(`<sip:${LEGACY}@x>`, [pai(PROVISIONAL)]), trunk({ screening: { clipNoScreening: false } }), active);
    expect(verdict).toMatchObject({ ok: true, identity: { shown: PROVISIONAL, npn: PROVISIONAL } });
    expect(verdict.ok && verdict.note).toContain('replaced');
  });

  it('refuses a network number that is missing, unreadable or not active on the trunk', () => {
    expect(screenTrunkCall(invite(`<sip:${LEGACY}@x>`), trunk(), active)).toEqual({ ok: false, reason: 'no network number in pai' });
    expect(screenTrunkCall(invite(`<sip:${LEGACY}@x>`, [pai('abc')]), trunk(), active).ok).toBe(false);
    // the number was ported away: the trunk's provider no longer holds it
    expect(screenTrunkCall(invite(`<sip:${LEGACY}@x>`, [pai(PROVISIONAL)]), trunk(), [MAIN]).ok).toBe(false);
  });

  it('reads the account form: From user the trunk username, NPN the main number, UPN in P-Preferred-Identity', () => {
    const sipgate = trunk({ reads: { upn: 'ppi', npn: 'account' } });
    const ppi = { name: 'P-Preferred-Identity', value: '<sip:49221471123@x>' };
    expect(screenTrunkCall(invite('<sip:1234567t0@x>', [ppi]), sipgate, active)).toMatchObject({ ok: true, identity: { shown: LEGACY, npn: MAIN } });
    expect(screenTrunkCall(invite('<sip:9999999t0@x>', [ppi]), sipgate, active)).toEqual({ ok: false, reason: 'From user 9999999t0 is not the trunk account' });
    expect(screenTrunkCall(invite('<sip:1234567t0@x>'), sipgate, active)).toMatchObject({ ok: true, identity: { shown: MAIN, npn: MAIN } });
  });

  it('withholds the number on Privacy: id or an anonymous From, keeping the NPN', () => {
    expect(screenTrunkCall(invite(`<sip:${LEGACY}@x>`, [pai(PROVISIONAL), { name: 'Privacy', value: 'id' }]), trunk(), active)).toEqual({
      ok: true,
      identity: { shown: null, npn: PROVISIONAL, anonymous: true },
    });
    expect(screenTrunkCall(invite('"Anonymous" <sip:anonymous@anonymous.invalid>', [pai(PROVISIONAL)]), trunk(), active)).toMatchObject({
      ok: true,
      identity: { shown: null, npn: PROVISIONAL, anonymous: true },
    });
  });

  it('takes the network number of a withheld call from P-Preferred- or P-Asserted-Identity when it is read from an anonymous From', () => {
    const fromUser = trunk({ reads: { upn: 'pai', npn: 'from-user' } });
    const anonymous = '"Anonymous" <sip:anonymous@anonymous.invalid>';
    const ppi: ExtraHeader = { name: 'P-Preferred-Identity', value: `<sip:${PROVISIONAL}@carrier.test>` };
    const privacy: ExtraHeader = { name: 'Privacy', value: 'id' };
    for (const line of [ppi, pai(PROVISIONAL)]) {
      expect(screenTrunkCall(invite(anonymous, [line, privacy]), fromUser, active)).toMatchObject({ ok: true, identity: { shown: null, npn: PROVISIONAL, anonymous: true } });
    }
    expect(screenTrunkCall(invite(anonymous, [privacy]), fromUser, active)).toEqual({ ok: false, reason: 'no network number in from-user' });
  });

  it('reads the display name when told to, and says when it cannot', () => {
    const display = trunk({ reads: { upn: 'from-display', npn: 'from-user' } });
    expect(screenTrunkCall(invite(`"0221 4711-23" <sip:${PROVISIONAL}@x>`), display, active)).toMatchObject({ ok: true, identity: { shown: LEGACY } });
    expect(screenTrunkCall(invite(`"Erika Muster" <sip:${PROVISIONAL}@x>`), display, active)).toEqual({ ok: false, reason: 'the presented number Erika Muster cannot be read' });
    expect(screenTrunkCall(invite(`<sip:${PROVISIONAL}@x>`), display, active)).toMatchObject({ ok: true, identity: { shown: PROVISIONAL } });
  });
});
