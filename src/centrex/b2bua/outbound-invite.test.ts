/**
 * The Diversion lines a device is shown (RFC 5806): one per forwarding hop, the latest first,
 * with the network's own forwarding (a call the old provider forwarded to belay) as the first hop.
 */
import { describe, expect, it } from 'vitest';
import { ACME, acmeUser } from '../../../test/trunk/support/trunk-world.js';
import { diversionHeaders } from './outbound-invite.js';

const ALICE = acmeUser('201', 'Alice Adler');
const BOB = acmeUser('202', 'Bob Bauer');
const LEGACY = '+492214711201';

describe('Diversion lines toward a device', () => {
  it('names the number the network forwarded from, in the tenant\'s domain as user=phone', () => {
    expect(diversionHeaders([], ACME, { number: LEGACY, reason: 'no-answer' })).toEqual([
      { name: 'Diversion', value: `<sip:${LEGACY}@acme.example;user=phone>;reason=no-answer;counter=1;privacy=off` },
    ]);
  });

  it('puts the network\'s forwarding below belay\'s own hops, counting it first', () => {
    const lines = diversionHeaders([{ from: ALICE, to: { kind: 'extension', extension: '202' }, reason: 'user-busy' }], ACME, { number: LEGACY, reason: 'unconditional' });
    expect(lines.map((l) => l.value)).toEqual([
      '"Alice Adler" <sip:201@acme.example>;reason=user-busy;counter=2;privacy=off',
      `<sip:${LEGACY}@acme.example;user=phone>;reason=unconditional;counter=1;privacy=off`,
    ]);
  });

  it('says unknown when the network gave no reason, or one that is no RFC 5806 token', () => {
    const reasons = [null, 'no answer;x=1', ''].map((reason) => diversionHeaders([], ACME, { number: LEGACY, reason })[0]?.value);
    expect(reasons.every((value) => value?.includes(';reason=unknown;'))).toBe(true);
  });

  it('without a network forwarding, counts belay\'s hops alone', () => {
    const lines = diversionHeaders(
      [
        { from: ALICE, to: { kind: 'extension', extension: '202' }, reason: 'unconditional' },
        { from: BOB, to: { kind: 'external', number: '+4930123456' }, reason: 'no-answer' },
      ],
      ACME,
    );
    expect(lines.map((l) => l.value)).toEqual([
      '"Bob Bauer" <sip:202@acme.example>;reason=no-answer;counter=2;privacy=off',
      '"Alice Adler" <sip:201@acme.example>;reason=unconditional;counter=1;privacy=off',
    ]);
  });
});
