import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRequest, noParams, parseMessage, parseUri } from '../../sip/index.js';
import type { SipRequest } from '../../sip/index.js';
import { inboundIdentity } from './inbound-identity.js';

const LEGACY = '+49221471123';
const PROVISIONAL = '+492219876523';
const CALLER = '+4989123456';

/** An INVITE as a carrier sends it: the start line, then the given lines between the mandatory ones. */
function invite(requestUri: string, lines: readonly string[]): SipRequest {
  const text = [
    `INVITE ${requestUri} SIP/2.0`,
    'Via: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK-carrier-1',
    'Max-Forwards: 68',
    ...lines,
    'Call-ID: c-1@carrier.example',
    'CSeq: 1 INVITE',
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
  const parsed = parseMessage(Buffer.from(text));
  if (!parsed.ok || parsed.message.kind !== 'request') throw new Error(`not an INVITE: ${parsed.ok ? 'response' : parsed.error.reason}`);
  return parsed.message;
}

describe('inboundIdentity', () => {
  it('a Telekom-style forward: History-Info index=1 is the legacy number, the 1.1 cause=302 an unconditional forward', () => {
    const request = invite('sip:+492219876523@127.0.0.1:5080;user=phone', [
      'From: "Max Mustermann" <sip:+4989123456@ims.example;user=phone>;tag=x1',
      'To: <sip:+49221471123@ims.example;user=phone>',
      'P-Asserted-Identity: <sip:+4989123456@ims.example;user=phone>, <tel:+4989123456>',
      'Privacy: none',
      'Supported: histinfo',
      'History-Info: <sip:+49221471123@ims.example;user=phone>;index=1',
      'History-Info: <sip:+492219876523@ims.example;user=phone;cause=302>;index=1.1;mp=1',
    ]);
    expect(inboundIdentity(request)).toEqual({
      called: PROVISIONAL,
      caller: CALLER,
      callerName: 'Max Mustermann',
      anonymous: false,
      original: { number: LEGACY, reason: 'unconditional', source: 'history-info' },
    });
  });

  it('a chain of two Diversion entries (0049… as NFON delivers): the bottom-most one is the number first dialled', () => {
    const request = invite('sip:00492219876523@127.0.0.1:5080', [
      'From: <sip:004989123456@trunk.cloud-cfg.com>;tag=x2',
      'To: <sip:00492219876523@trunk.cloud-cfg.com>',
      'Diversion: <sip:0049221471150@old.example;user=phone>;reason=user-busy;counter=1;privacy=off',
      'Diversion: <sip:0049221471123@old.example;user=phone>;reason=unconditional;counter=1;privacy=off',
    ]);
    expect(inboundIdentity(request, 'international')).toMatchObject({
      called: PROVISIONAL,
      caller: CALLER,
      original: { number: LEGACY, reason: 'unconditional', source: 'diversion' },
    });
  });

  it('two Diversion entries in one line, a quoted reason', () => {
    const request = invite('sip:+492219876523@127.0.0.1', [
      'From: <sip:+4989123456@carrier.example>;tag=x3',
      'To: <sip:+492219876523@carrier.example>',
      'Diversion: <sip:+49221471150@old.example>;reason=no-answer;counter=1, <sip:+49221471123@old.example>;reason="Unconditional";counter=1',
    ]);
    expect(inboundIdentity(request).original).toEqual({ number: LEGACY, reason: 'unconditional', source: 'diversion' });
  });

  it('Diversion and History-Info both present: Diversion wins', () => {
    const request = invite('sip:+492219876523@127.0.0.1', [
      'From: <sip:+4989123456@carrier.example>;tag=x4',
      'To: <sip:+492219876523@carrier.example>',
      'Diversion: <sip:+49221471123@carrier.example;user=phone>;reason=no-answer;counter=1;privacy=off',
      'History-Info: <sip:+49221471199@carrier.example;user=phone>;index=1',
      'History-Info: <sip:+492219876523@carrier.example;user=phone;cause=486>;index=1.1',
    ]);
    expect(inboundIdentity(request).original).toEqual({ number: LEGACY, reason: 'no-answer', source: 'diversion' });
  });

  it('a Diversion without a number or a malformed one gives way to History-Info', () => {
    for (const diversion of ['Diversion: <sip:reception@old.example>;reason=unconditional', 'Diversion: <sip:+49221471123@old.example']) {
      const request = invite('sip:+492219876523@127.0.0.1', [
        'From: <sip:+4989123456@carrier.example>;tag=x5',
        'To: <sip:+492219876523@carrier.example>',
        diversion,
        'History-Info: <sip:+49221471123@carrier.example>;index=1',
        'History-Info: <sip:+492219876523@carrier.example;cause=486>;index=1.1',
      ]);
      expect(inboundIdentity(request).original, diversion).toEqual({ number: LEGACY, reason: 'user-busy', source: 'history-info' });
    }
  });

  it('neither header: no original number; sipgate-style 49… numbers read with the trunk format; the called number from To when the Request-URI names our contact', () => {
    const request = invite('sip:belay-trunk-7@127.0.0.1:5080', [
      'From: "4989123456" <sip:4989123456@sipgate.de>;tag=x6',
      'To: <sip:492219876523@sipgate.de>',
    ]);
    expect(inboundIdentity(request, 'e164-digits')).toEqual({ called: PROVISIONAL, caller: CALLER, callerName: '4989123456', anonymous: false });
    expect(inboundIdentity(request)).toEqual({ callerName: '4989123456', anonymous: false });
  });

  it('privacy=history hides History-Info, for the request or for the entry', () => {
    const hiddenAll = invite('sip:+492219876523@127.0.0.1', [
      'From: <sip:+4989123456@ims.example>;tag=x7',
      'To: <sip:+492219876523@ims.example>',
      'Privacy: history',
      'History-Info: <sip:+49221471123@ims.example;user=phone>;index=1',
      'History-Info: <sip:+492219876523@ims.example;user=phone;cause=302>;index=1.1',
    ]);
    expect(inboundIdentity(hiddenAll)).toMatchObject({ called: PROVISIONAL, caller: CALLER, anonymous: false });
    expect(inboundIdentity(hiddenAll).original).toBeUndefined();
    const hiddenEntry = invite('sip:+492219876523@127.0.0.1', [
      'From: <sip:+4989123456@ims.example>;tag=x8',
      'To: <sip:+492219876523@ims.example>',
      'History-Info: <sip:+49221471123@ims.example;user=phone?Privacy=history>;index=1',
      'History-Info: <sip:+492219876523@ims.example;user=phone;cause=302>;index=1.1',
    ]);
    expect(inboundIdentity(hiddenEntry).original).toBeUndefined();
  });

  it('an anonymous caller: no number and no name, even when the network asserts one', () => {
    const withheld = invite('sip:+492219876523@127.0.0.1', [
      'From: "Anonymous" <sip:anonymous@anonymous.invalid>;tag=x9',
      'To: <sip:+492219876523@ims.example>',
      'P-Asserted-Identity: "Max Mustermann" <sip:+4989123456@ims.example;user=phone>',
      'Privacy: id',
    ]);
    expect(inboundIdentity(withheld)).toEqual({ called: PROVISIONAL, anonymous: true });
    const privacyOnly = invite('sip:+492219876523@127.0.0.1', [
      'From: <sip:+4989123456@ims.example>;tag=x10',
      'To: <sip:+492219876523@ims.example>',
      'Privacy: user;id',
    ]);
    expect(inboundIdentity(privacyOnly)).toEqual({ called: PROVISIONAL, anonymous: true });
    const fromOnly = invite('sip:+492219876523@127.0.0.1', ['From: <sip:anonymous@carrier.example>;tag=x11', 'To: <sip:+492219876523@ims.example>']);
    expect(inboundIdentity(fromOnly)).toEqual({ called: PROVISIONAL, anonymous: true });
  });

  it('reads tel: URIs, national numbers, visual separators and number-portability parameters', () => {
    const request = invite('tel:9876523;phone-context=+49-221', [
      'From: "Max" <sip:089123456@carrier.example;user=phone>;tag=x12',
      'To: <tel:+49-221-9876523>',
      'P-Asserted-Identity: <sip:unknown@carrier.example>, <tel:+49-89-123456>',
      'Diversion: <tel:+49-221-4711-23>;reason=unavailable',
    ]);
    expect(inboundIdentity(request)).toMatchObject({ called: PROVISIONAL, caller: CALLER, callerName: 'Max', original: { number: LEGACY, reason: 'unavailable' } });
    const ported = invite('sip:+492219876523;npdi;rn=+4922199@127.0.0.1;user=phone', ['From: <sip:0221-471123@carrier.example>;tag=x13', 'To: <sip:x@carrier.example>']);
    expect(inboundIdentity(ported)).toMatchObject({ called: PROVISIONAL, caller: LEGACY });
  });

  it('P-Called-Party-ID names the called number when the Request-URI is our registered contact', () => {
    const request = invite('sip:+49221987650@127.0.0.1:5080', [
      'From: <sip:+4989123456@ims.example>;tag=x14',
      'To: <sip:+49221987650@ims.example>',
      'P-Called-Party-ID: <sip:+492219876523@ims.example;user=phone>',
    ]);
    expect(inboundIdentity(request).called).toBe(PROVISIONAL);
  });

  it('a History-Info that only records the number dialled is no forward; an unknown cause is reason unknown', () => {
    const direct = invite('sip:+492219876523@127.0.0.1', [
      'From: <sip:+4989123456@ims.example>;tag=x15',
      'To: <sip:+492219876523@ims.example>',
      'History-Info: <sip:+492219876523@ims.example;user=phone>;index=1',
      'History-Info: <sip:belay@127.0.0.1:5080>;index=1.1;rc=1',
    ]);
    expect(inboundIdentity(direct).original).toBeUndefined();
    const odd = invite('sip:+492219876523@127.0.0.1', [
      'From: <sip:+4989123456@ims.example>;tag=x16',
      'To: <sip:+492219876523@ims.example>',
      'History-Info: <sip:+49221471123@ims.example>;index=1',
      'History-Info: <sip:+492219876523@ims.example;cause=410>;index=1.1',
    ]);
    expect(inboundIdentity(odd).original).toEqual({ number: LEGACY, reason: 'unknown', source: 'history-info' });
    const hostile = invite('sip:+492219876523@127.0.0.1', [
      'From: <sip:+4989123456@ims.example>;tag=x17',
      'To: <sip:+492219876523@ims.example>',
      'History-Info: <sip:+49221471123@ims.example>;index=1',
      'History-Info: <sip:+492219876523@ims.example;cause=constructor>;index=1.1',
    ]);
    expect(inboundIdentity(hostile).original?.reason).toBe('unknown');
  });

  it('never fails on whatever a carrier writes in the identity headers, and reports only E.164 numbers (property)', () => {
    const uri = (text: string) => {
      const parsed = parseUri(text);
      if (!parsed.ok) throw new Error(parsed.reason);
      return parsed.value;
    };
    const fragments = ['<sip:', '<tel:', '+49', '0049', '49', '0', '221471123', '@x', '>', ';index=1', ';index=1.1', ';cause=302', ';reason=', '"', ',', ';', '?Privacy=history', 'id', 'history', ' '];
    const value = fc.oneof(fc.string({ maxLength: 60 }), fc.array(fc.constantFrom(...fragments), { maxLength: 12 }).map((parts) => parts.join('')));
    const names = fc.constantFrom('Diversion', 'History-Info', 'P-Asserted-Identity', 'Privacy', 'P-Called-Party-ID');
    const format = fc.constantFrom(undefined, 'e164', 'international', 'e164-digits', 'national' as const);
    fc.assert(
      fc.property(fc.array(fc.record({ name: names, value }), { maxLength: 6 }), format, (headers, trunkFormat) => {
        const request = createRequest({
          method: 'INVITE',
          uri: uri('sip:+492219876523@127.0.0.1'),
          via: [{ protocol: 'SIP/2.0', transport: 'UDP', host: '127.0.0.1', port: 5060, branch: 'z9hG4bKf', params: noParams }],
          from: { uri: uri('sip:+4989123456@carrier.example'), params: new Map([['tag', 'f']]) },
          to: { uri: uri('sip:+492219876523@carrier.example'), params: noParams },
          callId: 'fuzz',
          cseq: 1,
          headers,
        });
        const identity = inboundIdentity(request, trunkFormat);
        for (const number of [identity.called, identity.caller, identity.original?.number]) {
          if (number !== undefined) expect(number).toMatch(/^\+[1-9]\d{1,14}$/);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
