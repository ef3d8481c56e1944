/**
 * The fork and its branches on the memory network and a simulated clock: a SIP stack as the
 * B2BUA's side, test phones as the user's devices.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  MemoryNetwork, Method, SimulatedClock, SipStack, Status, createResponse, headerValues, noParams, parseMessage, parseUri, removeTopVia, sequentialIds, serializeMessage, tagOf,
} from '../../sip/index.js';
import type { SipRequest, SipResponse, StatusCode, SipUri } from '../../sip/index.js';
import { TestPhone } from '../../../test/calls/support/test-phone.js';
import type { IncomingCall } from '../../../test/calls/support/test-phone.js';
import type { Binding } from '../registrar/index.js';
import type { CalleeLeg, CalleeLegEvents } from './callee-leg.js';
import { DeviceLeg } from './device-leg.js';
import type { ForkFailure } from './final-response.js';
import { Fork } from './fork.js';

const BELAY = { host: '192.0.2.10', port: 5060 };

const sipUri = (text: string): SipUri => {
  const parsed = parseUri(text);
  if (!parsed.ok || parsed.value.kind !== 'sip') throw new Error(text);
  return parsed.value;
};

function binding(host: string, contact = `sip:202@${host}:5060`): Binding {
  return {
    id: `b-${host}`,
    tenantId: 't',
    userId: 'u202',
    aor: 'sip:202@acme.example',
    contact,
    source: { protocol: 'udp', address: host, port: 5060, localAddress: BELAY.host, localPort: BELAY.port },
    path: [],
    q: 1,
    expiresAt: Number.MAX_SAFE_INTEGER,
    callId: 'r',
    cseq: 1,
    reachable: 'unknown',
  };
}

const CALL = {
  from: { displayName: 'Alice', uri: sipUri('sip:201@acme.example'), params: noParams },
  to: { uri: sipUri('sip:202@acme.example'), params: noParams },
  maxForwards: 69,
  headers: [],
  body: Buffer.alloc(0),
};

interface Events {
  readonly progress: StatusCode[];
  readonly answered: { leg: CalleeLeg; response: SipResponse }[];
  readonly failed: ForkFailure[];
}

let stopping: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(stopping.map((stop) => stop()));
  stopping = [];
});

async function setUp(devices: readonly { readonly host: string; readonly contact?: string; readonly onInvite?: (call: IncomingCall) => void }[]) {
  const clock = new SimulatedClock(0);
  const network = new MemoryNetwork({ clock, latencyMs: 1 });
  const stack = new SipStack({
    transports: [(handlers) => Promise.resolve(network.attach({ ...BELAY, ...handlers }))],
    clock,
    ids: sequentialIds('belay-'),
    delegate: { onRequest: () => undefined },
  });
  await stack.start();
  stopping.push(() => stack.stop());
  const phones: TestPhone[] = [];
  for (const device of devices) {
    if (!device.onInvite) continue;
    const phone = await TestPhone.start({
      username: '202',
      password: 'unused',
      domain: 'acme.example',
      server: { protocol: 'udp', ...BELAY },
      transport: (handlers) => Promise.resolve(network.attach({ host: device.host, port: 5060, ...handlers })),
      clock,
      ids: sequentialIds(`${device.host}-`),
      onInvite: device.onInvite,
    });
    stopping.push(() => phone.stop());
    phones.push(phone);
  }
  const events: Events = { progress: [], answered: [], failed: [] };
  const branches = new Set<string>();
  const env = { stack, ids: sequentialIds('leg-'), branches };
  const legs = devices.map((d) => binding(d.host, d.contact)).map((b) => (events: CalleeLegEvents) => new DeviceLeg(b, CALL, env, events));
  const fork = new Fork(legs, {
    onProgress: (_leg, response) => events.progress.push(response.status),
    onAnswer: (leg, response) => events.answered.push({ leg, response }),
    onFailure: (failure) => events.failed.push(failure),
  });
  return { clock, network, fork, phones, events, branches };
}

const SDP = 'v=0\r\n';
const only = (phone: TestPhone | undefined): IncomingCall => {
  const call = phone?.incoming[0];
  if (!call) throw new Error('the device was not rung');
  return call;
};

describe('a fork', () => {
  it('rings every device; the first to answer wins, the others are cancelled as completed elsewhere', async () => {
    const { clock, fork, phones, events, branches } = await setUp([
      { host: '192.0.2.21', onInvite: (c) => c.ring() },
      { host: '192.0.2.22', onInvite: (c) => c.ring() },
    ]);
    fork.start();
    expect(branches.size).toBe(2);
    clock.advance(10);
    expect(events.progress).toEqual([Status.Ringing, Status.Ringing]);
    only(phones[1]).answer(SDP);
    clock.advance(10);
    expect(events.answered.map((a) => (a.leg instanceof DeviceLeg ? a.leg.binding.source.address : undefined))).toEqual(['192.0.2.22']);
    expect(events.answered[0]?.leg.channel?.dialog.state).toBe('confirmed');
    const cancel = only(phones[0]).cancel;
    expect(cancel && headerValues(cancel, 'Reason')).toEqual(['SIP;cause=200;text="Call completed elsewhere"']);
    clock.advance(10);
    // the cancelled branch's 487 settles nothing any more
    expect(events.failed).toEqual([]);
    expect(only(phones[0]).request.from.displayName).toBe('Alice');
    expect(only(phones[0]).request.maxForwards).toBe(69);
  });

  it('fails once every branch has: a busy device and one that never answers (Timer B) give 486 after 32 s', async () => {
    const { clock, fork, events, branches } = await setUp([{ host: '192.0.2.21', onInvite: (c) => c.reject(Status.BusyHere) }, { host: '192.0.2.29' }]);
    fork.start();
    clock.advance(31_000);
    expect(events.failed).toEqual([]);
    clock.advance(1_100);
    expect(events.failed).toEqual([{ kind: 'busy', status: Status.BusyHere, headers: [] }]);
    clock.advance(40_000);
    expect(branches.size).toBe(0);
  });

  it('fails at once on a binding whose Contact cannot be used', async () => {
    const { fork, events } = await setUp([{ host: '192.0.2.21', contact: 'not a uri' }]);
    fork.start();
    expect(events.failed).toEqual([{ kind: 'unavailable', status: Status.TemporarilyUnavailable, headers: [] }]);
  });

  it('when given up, cancels every branch; a device that answers anyway gets ACK and BYE', async () => {
    const { clock, fork, phones, events } = await setUp([
      { host: '192.0.2.21', onInvite: (c) => c.ring() },
      { host: '192.0.2.22', onInvite: (c) => c.ring() },
    ]);
    fork.start();
    clock.advance(10);
    fork.abandon();
    only(phones[1]).answer(SDP); // crosses the CANCEL
    clock.advance(10);
    expect(only(phones[0]).cancel?.method).toBe(Method.CANCEL);
    expect(only(phones[1]).received.map((r) => r.method)).toEqual([Method.ACK, Method.BYE]);
    expect(events.answered).toEqual([]);
  });

  it('once the answer is acknowledged, a 2xx again gets the same ACK and another dialog\'s 2xx ACK and BYE while the call goes on', async () => {
    const { clock, network, fork, phones, events } = await setUp([{ host: '192.0.2.21', onInvite: (c) => c.ring() }]);
    fork.start();
    clock.advance(10);
    const device = only(phones[0]);
    device.answer(SDP);
    clock.advance(10);
    const winner = events.answered[0]?.leg;
    winner?.acknowledge({});
    clock.advance(10);

    const sent: SipRequest[] = [];
    network.setFate((packet) => {
      const parsed = parseMessage(packet.data);
      if (packet.from.host === '192.0.2.10' && parsed.ok && parsed.message.kind === 'request') sent.push(parsed.message);
      return 'deliver';
    });
    device.answerAgain();
    clock.advance(10);
    const acks = device.received.filter((r) => r.method === Method.ACK);
    expect(acks).toHaveLength(2);
    const withoutVia = (request: SipRequest | undefined) => request && serializeMessage(removeTopVia(request)).toString();
    expect(withoutVia(acks[1])).toBe(withoutVia(acks[0]));
    device.transaction.respond(createResponse(device.request, Status.OK, { toTag: 'another-fork', contacts: [phones[0]!.contact] }));
    clock.advance(10);
    const summary = (r: SipRequest) => `${r.method} ${tagOf(r.to) ?? ''} ${headerValues(r, 'Reason').join()}`;
    expect(sent.map(summary)).toEqual(['ACK ' + device.toTag + ' ', 'ACK another-fork ', 'BYE another-fork ']);

    // the call itself goes on in its dialog
    expect(winner?.channel?.ended).toBe(false);
    winner?.hangUp();
    clock.advance(10);
    expect(sent.slice(3).map(summary)).toEqual([`BYE ${device.toTag} `]);
  });

  it('once the call is over keeps only what answers a late 2xx: the same 2xx gets the same ACK, any other 2xx ACK and BYE', async () => {
    const { clock, network, fork, phones, events, branches } = await setUp([
      { host: '192.0.2.21', onInvite: (c) => c.ring() },
      { host: '192.0.2.22', onInvite: (c) => c.ring() },
    ]);
    // the first device never hears its CANCEL: it rings on, and answers once the call is over
    network.setFate((packet) => (packet.to.host === '192.0.2.21' && packet.data.subarray(0, 6).toString() === 'CANCEL' ? 'drop' : 'deliver'));
    fork.start();
    clock.advance(10);
    only(phones[1]).answer(SDP);
    clock.advance(10);
    const winner = events.answered[0]?.leg;
    winner?.acknowledge({});
    clock.advance(10);
    for (const leg of fork.branches) leg.end();
    expect(winner?.channel).toBeUndefined();

    const sent: SipRequest[] = [];
    network.setFate((packet) => {
      const parsed = parseMessage(packet.data);
      if (packet.from.host === '192.0.2.10' && parsed.ok && parsed.message.kind === 'request') sent.push(parsed.message);
      return 'deliver';
    });
    const withoutVia = (request: SipRequest | undefined) => request && serializeMessage(removeTopVia(request)).toString();
    only(phones[1]).answerAgain();
    clock.advance(10);
    const acks = only(phones[1]).received.filter((r) => r.method === Method.ACK);
    expect(acks).toHaveLength(2);
    expect(withoutVia(acks[1])).toBe(withoutVia(acks[0]));

    const late = only(phones[1]);
    late.transaction.respond(createResponse(late.request, Status.OK, { toTag: 'another-fork', contacts: [phones[1]!.contact] }));
    clock.advance(10);
    only(phones[0]).answer(SDP);
    clock.advance(10);
    const summary = (r: SipRequest) => `${r.method} ${r.uri.kind === 'sip' ? r.uri.host : ''} ${tagOf(r.to) ?? ''} ${headerValues(r, 'Reason').join()}`;
    expect(sent.slice(1).map(summary)).toEqual([
      'ACK 192.0.2.22 another-fork ',
      'BYE 192.0.2.22 another-fork ',
      `ACK 192.0.2.21 ${only(phones[0]).toTag} `,
      `BYE 192.0.2.21 ${only(phones[0]).toTag} SIP;cause=200;text="Call completed elsewhere"`,
    ]);
    expect(only(phones[0]).received.map((r) => r.method)).toEqual([Method.ACK, Method.BYE]);
    clock.advance(40_000);
    expect(branches.size).toBe(0);
  });
});
