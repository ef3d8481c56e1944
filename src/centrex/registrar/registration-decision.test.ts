import { describe, expect, it } from 'vitest';
import { Status, parseMessage } from '../../sip/index.js';
import type { SipRequest } from '../../sip/index.js';
import type { Binding, BindingSource } from './binding.js';
import { decideRegistration } from './registration-decision.js';
import type { RegistrationContext, RegistrationDecision } from './registration-decision.js';

const NOW = Date.UTC(2026, 0, 1);
const SOURCE: BindingSource = { protocol: 'udp', address: '198.51.100.7', port: 40_123, localAddress: '192.0.2.1', localPort: 5060 };

function register(headers: readonly string[], cseq = 2, callId = 'reg-1'): SipRequest {
  const text = [
    'REGISTER sip:acme.example SIP/2.0',
    'Via: SIP/2.0/UDP 10.0.0.5:5062;branch=z9hG4bK-1',
    'Max-Forwards: 70',
    'From: <sip:alice@acme.example>;tag=f1',
    'To: <sip:alice@acme.example>',
    `Call-ID: ${callId}`,
    `CSeq: ${cseq} REGISTER`,
    ...headers,
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
  const parsed = parseMessage(Buffer.from(text));
  if (!parsed.ok || parsed.message.kind !== 'request') throw new Error('test request does not parse');
  return parsed.message;
}

let nextId = 0;
function context(existing: readonly Binding[] = [], source: BindingSource = SOURCE): RegistrationContext {
  return {
    tenantId: 't1',
    userId: 'u1',
    aor: 'sip:alice@acme.example',
    existing,
    source,
    now: NOW,
    policy: { minExpires: 60, maxExpires: 7200, defaultExpires: 3600, maxBindingsPerUser: 3 },
    newId: () => `b${++nextId}`,
  };
}

function accepted(decision: RegistrationDecision): readonly Binding[] {
  if (decision.kind !== 'accept') throw new Error(`refused: ${decision.status} ${decision.reason ?? ''}`);
  return decision.bindings;
}

const seconds = (b: Binding): number => (b.expiresAt - NOW) / 1000;

describe('decideRegistration', () => {
  it('binds the Contact for the default time, from the source it came from', () => {
    const [binding, ...rest] = accepted(decideRegistration(register(['Contact: <sip:alice@10.0.0.5:5062>', 'User-Agent: Phone/1.0']), context()));
    expect(rest).toEqual([]);
    expect(binding).toMatchObject({
      tenantId: 't1',
      userId: 'u1',
      aor: 'sip:alice@acme.example',
      contact: 'sip:alice@10.0.0.5:5062',
      source: SOURCE,
      q: 1,
      callId: 'reg-1',
      cseq: 2,
      userAgent: 'Phone/1.0',
      path: [],
      reachable: 'unknown',
    });
    expect(binding && seconds(binding)).toBe(3600);
  });

  it('takes the expiry from the Contact parameter before the Expires header, and lowers it to the maximum', () => {
    const bindings = accepted(
      decideRegistration(register(['Contact: <sip:a@10.0.0.5>;expires=120, <sip:b@10.0.0.6>, <sip:c@10.0.0.7>;expires=99999', 'Expires: 300']), context()),
    );
    expect(bindings.map(seconds)).toEqual([120, 300, 7200]);
  });

  it('refuses an expiry under the minimum with 423 naming the minimum, and nothing changes', () => {
    const decision = decideRegistration(register(['Contact: <sip:alice@10.0.0.5>;expires=30']), context());
    expect(decision).toEqual({ kind: 'refuse', status: Status.IntervalTooBrief, minExpires: 60 });
    expect(decideRegistration(register(['Contact: <sip:alice@10.0.0.5>', 'Expires: 59']), context())).toMatchObject({ status: Status.IntervalTooBrief });
  });

  it('reads q, instance and reg-id; refuses malformed ones with 400', () => {
    const [binding] = accepted(
      decideRegistration(register(['Contact: <sip:alice@10.0.0.5>;q=0.5;+sip.instance="<urn:uuid:00000000-0000-0000-0000-000000000001>";reg-id=1']), context()),
    );
    expect(binding).toMatchObject({ q: 0.5, instanceId: '<urn:uuid:00000000-0000-0000-0000-000000000001>', regId: 1 });
    for (const bad of ['q=1.5', 'q=abc', 'expires=soon', 'reg-id=0', 'reg-id=x']) {
      expect(decideRegistration(register([`Contact: <sip:alice@10.0.0.5>;${bad}`]), context())).toMatchObject({ kind: 'refuse', status: Status.BadRequest });
    }
    expect(decideRegistration(register(['Contact: <tel:+4922112345>']), context())).toMatchObject({ status: Status.BadRequest });
    expect(decideRegistration(register(['Contact: <sip:alice@10.0.0.5>', 'Expires: never']), context())).toMatchObject({ status: Status.BadRequest });
  });

  it('refreshes the binding with the same URI in place, keeping its id, and adds a new URI beside it', () => {
    const [first] = accepted(decideRegistration(register(['Contact: <sip:alice@10.0.0.5:5062>']), context()));
    if (!first) throw new Error('no binding');
    const next = accepted(decideRegistration(register(['Contact: <sip:alice@10.0.0.5:5062>, <sip:alice@10.0.0.9>'], 3), context([first])));
    expect(next).toHaveLength(2);
    expect(next[0]).toMatchObject({ id: first.id, cseq: 3 });
    expect(next[1]?.id).not.toBe(first.id);
  });

  it('matches a binding by instance and reg-id even when the Contact address changed (RFC 5626)', () => {
    const instance = '+sip.instance="<urn:uuid:00000000-0000-0000-0000-000000000002>";reg-id=1';
    const [first] = accepted(decideRegistration(register([`Contact: <sip:alice@10.0.0.5>;${instance}`]), context()));
    if (!first) throw new Error('no binding');
    const moved = accepted(decideRegistration(register([`Contact: <sip:alice@10.0.0.77>;${instance}`], 1, 'reg-2'), context([first])));
    expect(moved).toEqual([expect.objectContaining({ id: first.id, contact: 'sip:alice@10.0.0.77', callId: 'reg-2' })]);
  });

  it('refuses a CSeq that is not newer than the binding’s on the same Call-ID (§10.3 step 7), not on another Call-ID', () => {
    const [first] = accepted(decideRegistration(register(['Contact: <sip:alice@10.0.0.5>'], 5), context()));
    if (!first) throw new Error('no binding');
    for (const cseq of [4, 5]) {
      expect(decideRegistration(register(['Contact: <sip:alice@10.0.0.5>'], cseq), context([first]))).toMatchObject({ status: Status.BadRequest, reason: 'Out-of-order CSeq' });
    }
    expect(accepted(decideRegistration(register(['Contact: <sip:alice@10.0.0.5>'], 1, 'reboot'), context([first])))).toHaveLength(1);
  });

  it('removes a binding with expires=0 and leaves the others', () => {
    const two = accepted(decideRegistration(register(['Contact: <sip:a@10.0.0.5>, <sip:b@10.0.0.6>']), context()));
    const left = accepted(decideRegistration(register(['Contact: <sip:a@10.0.0.5>;expires=0'], 3), context(two)));
    expect(left.map((b) => b.contact)).toEqual(['sip:b@10.0.0.6']);
  });

  it('removes everything for Contact: * with Expires: 0, and refuses every other use of *', () => {
    const two = accepted(decideRegistration(register(['Contact: <sip:a@10.0.0.5>, <sip:b@10.0.0.6>']), context()));
    expect(accepted(decideRegistration(register(['Contact: *', 'Expires: 0'], 3), context(two)))).toEqual([]);
    expect(decideRegistration(register(['Contact: *', 'Expires: 0'], 2), context(two))).toMatchObject({ status: Status.BadRequest });
    expect(decideRegistration(register(['Contact: *'], 3), context(two))).toMatchObject({ status: Status.BadRequest });
    expect(decideRegistration(register(['Contact: *', 'Expires: 60'], 3), context(two))).toMatchObject({ status: Status.BadRequest });
  });

  it('answers a query (no Contact) with the bindings as they are', () => {
    const two = accepted(decideRegistration(register(['Contact: <sip:a@10.0.0.5>, <sip:b@10.0.0.6>']), context()));
    expect(accepted(decideRegistration(register([], 3), context(two)))).toBe(two);
  });

  it('stores the Path (RFC 3327) first hop first', () => {
    const [binding] = accepted(
      decideRegistration(register(['Path: <sip:edge1.example;lr>', 'Path: <sip:edge2.example;lr>', 'Contact: <sip:alice@10.0.0.5>']), context()),
    );
    expect(binding?.path).toEqual(['<sip:edge1.example;lr>', '<sip:edge2.example;lr>']);
  });

  it('refuses more contacts than a user may hold, but lets a user at the limit refresh', () => {
    const three = accepted(decideRegistration(register(['Contact: <sip:a@10.0.0.5>, <sip:b@10.0.0.6>, <sip:c@10.0.0.7>']), context()));
    expect(decideRegistration(register(['Contact: <sip:d@10.0.0.8>'], 3), context(three))).toMatchObject({ status: Status.Forbidden });
    expect(accepted(decideRegistration(register(['Contact: <sip:a@10.0.0.5>'], 3), context(three)))).toHaveLength(3);
  });

  it('keeps a binding reachable when refreshed from the same source, and starts over from another', () => {
    const [first] = accepted(decideRegistration(register(['Contact: <sip:alice@10.0.0.5>']), context()));
    if (!first) throw new Error('no binding');
    const reachable: Binding = { ...first, reachable: 'reachable' };
    expect(accepted(decideRegistration(register(['Contact: <sip:alice@10.0.0.5>'], 3), context([reachable])))[0]?.reachable).toBe('reachable');
    const moved = { ...SOURCE, port: 40_999 };
    expect(accepted(decideRegistration(register(['Contact: <sip:alice@10.0.0.5>'], 3), context([reachable], moved)))[0]?.reachable).toBe('unknown');
  });
});
