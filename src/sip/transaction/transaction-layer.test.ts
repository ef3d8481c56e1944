/**
 * Two transaction layers talking through the in-memory network on a simulated clock: every
 * message is serialized, carried as bytes (dropped when a test says so) and parsed again.
 */
import { describe, expect, it } from 'vitest';
import { SimulatedClock } from '../clock.js';
import type { Via } from '../header-values.js';
import type { SipMessage, SipRequest, SipResponse } from '../message.js';
import { Method } from '../methods.js';
import type { SipMethod } from '../methods.js';
import { noParams } from '../params.js';
import { parseMessage } from '../parse.js';
import { createRequest } from '../request.js';
import { createResponse } from '../response.js';
import { serializeMessage } from '../serialize.js';
import { Status } from '../status.js';
import type { StatusCode } from '../status.js';
import { MemoryNetwork } from '../transport/index.js';
import type { MemoryPacket, MessageSource, OutboundTarget, TransportError, TransportProtocol } from '../transport/index.js';
import type { ClientTransactionDelegate } from './client-transaction.js';
import { ServerTransaction } from './server-transaction.js';
import { cancelFor } from './invite-derived-requests.js';
import { TransactionLayer } from './transaction-layer.js';
import type { ReceiveOutcome, TransactionLayerDelegate } from './transaction-layer.js';
import type { TransactionPort } from './transaction-port.js';

const HOST = '127.0.0.1';
const ALICE = 5061;
const BOB = 5062;

const startLine = (m: SipMessage) => (m.kind === 'request' ? `${m.method}` : `${m.status} ${m.cseq.method}`);

/** A network of two endpoints; `drop` decides, per packet, whether the network loses it. */
function network(options: { reliable?: boolean; drop?: (what: string, packet: MemoryPacket) => boolean } = {}) {
  const clock = new SimulatedClock();
  const reliable = options.reliable ?? false;
  const net = new MemoryNetwork({ clock, latencyMs: 10, reliable });
  /** `time from→to what`, for every packet put on the wire. */
  const wire: string[] = [];
  const describe = (packet: Pick<MemoryPacket, 'data'>) => {
    const parsed = parseMessage(packet.data);
    return parsed.ok ? startLine(parsed.message) : 'unparseable';
  };
  if (!reliable) {
    net.setFate((packet) => (options.drop?.(describe(packet), packet) ? 'drop' : 'deliver'));
  }
  const protocol: TransportProtocol = reliable ? 'tcp' : 'udp';

  function endpoint(name: string, port: number, limits: { maxTransactions?: number } = {}) {
    const requests: { transaction: ServerTransaction; request: SipRequest }[] = [];
    const strayAcks: SipRequest[] = [];
    const strayResponses: SipResponse[] = [];
    const outcomes: ReceiveOutcome['kind'][] = [];
    let onRequest: TransactionLayerDelegate['onRequest'] = () => undefined;
    const transport = net.attach({
      host: HOST,
      port,
      protocol,
      onMessage: (inbound) => {
        const parsed = parseMessage(inbound.data);
        if (!parsed.ok) throw new Error(`unparseable message on the wire: ${parsed.error.reason}`);
        outcomes.push(layer.receive(parsed.message, inbound.source).kind);
      },
    });
    const sendBytes = (data: Buffer, target: OutboundTarget) => {
      wire.push(`${clock.now()} ${name} ${describe({ data })}`);
      return transport.send(data, target);
    };
    const back = (source: MessageSource): OutboundTarget => ({
      protocol: source.protocol, host: source.remoteAddress, port: source.remotePort, connectionId: source.connectionId,
    });
    const portImpl: TransactionPort = {
      sendRequest: (request, target) => sendBytes(serializeMessage(request), target),
      sendResponse: (response, source) => sendBytes(serializeMessage(response), back(source)),
      wireResponse: (response, source) => ({ data: serializeMessage(response), target: back(source) }),
      sendWire: (wire) => sendBytes(wire.data, wire.target),
    };
    let ids = 0;
    const layer = new TransactionLayer({
      clock,
      port: portImpl,
      branchId: () => `${name}-${++ids}`,
      maxTransactions: limits.maxTransactions,
      delegate: {
        onRequest: (transaction, request) => {
          requests.push({ transaction, request });
          onRequest(transaction, request);
        },
        onStrayAck: (ack) => strayAcks.push(ack),
        onStrayResponse: (response) => strayResponses.push(response),
      },
    });
    const via = (branch?: string): Via => ({ protocol: 'SIP/2.0', transport: protocol.toUpperCase(), host: HOST, port, branch, params: noParams });
    let cseq = 0;
    return {
      layer,
      requests,
      strayAcks,
      strayResponses,
      outcomes,
      /** What the TU does with each new request. */
      answer(handler: TransactionLayerDelegate['onRequest']) {
        onRequest = handler;
      },
      newRequest(method: SipMethod, to: number): SipRequest {
        return createRequest({
          method,
          uri: { kind: 'sip', scheme: 'sip', user: 'bob', host: HOST, port: to, params: noParams, headers: [] },
          via: [via()],
          from: { uri: { kind: 'sip', scheme: 'sip', user: name, host: HOST, params: noParams, headers: [] }, params: new Map([['tag', `${name}-tag`]]) },
          to: { uri: { kind: 'sip', scheme: 'sip', user: 'bob', host: HOST, params: noParams, headers: [] }, params: noParams },
          callId: `call-${name}-${++cseq}`,
          cseq,
        });
      },
      /** Sends `method` to the endpoint at `to` in a new client transaction, recording what comes back. */
      send(method: SipMethod, to: number, extra: Partial<ClientTransactionDelegate> = {}) {
        const responses: SipResponse[] = [];
        const events: string[] = [];
        const outcome = layer.request(this.newRequest(method, to), { protocol, host: HOST, port: to }, {
          onResponse: (r) => {
            responses.push(r);
            extra.onResponse?.(r);
          },
          onTimeout: () => events.push(`${clock.now()} timeout`),
          onTransportError: (e: TransportError) => events.push(`${clock.now()} transport error ${e.code}`),
          onTerminated: () => events.push(`${clock.now()} terminated`),
        });
        if (!outcome.ok) throw new Error('the layer refused the request');
        // the request as sent: the transaction lets go of it once a final response came
        const { request } = outcome.transaction;
        return { transaction: outcome.transaction, request, responses, events, statuses: () => responses.map((r) => r.status) };
      },
      /** The TU's ACK for a 2xx: a new transaction of its own, sent straight through the port (§13.2.2.4). */
      ack2xx(invite: SipRequest, ok: SipResponse, to: number) {
        const ack = createRequest({ method: Method.ACK, uri: invite.uri, via: [via(`z9hG4bK-ack-${++ids}`)], from: invite.from, to: ok.to, callId: invite.callId, cseq: invite.cseq.seq });
        void portImpl.sendRequest(ack, { protocol, host: HOST, port: to });
      },
    };
  }

  return { clock, net, wire, endpoint };
}

/** `request`: the one `tx` was created with, which an answered INVITE transaction no longer holds. */
const reply = (tx: ServerTransaction, status: StatusCode, request = tx.request) => tx.respond(createResponse(request, status, { toTag: 'bob-tag' }));

/** The endpoint answers every request 200 and notes when each of its transactions ends. */
function answerOkTellingEnds(endpoint: ReturnType<ReturnType<typeof network>['endpoint']>, clock: SimulatedClock): number[] {
  const ended: number[] = [];
  endpoint.answer((tx) => {
    tx.delegate = { onTerminated: () => ended.push(clock.now()) };
    reply(tx, Status.OK);
  });
  return ended;
}

/** Lets promise callbacks (send outcomes) run, then advances the clock. */
async function advance(clock: SimulatedClock, ms: number, step = 10): Promise<void> {
  for (let t = 0; t < ms; t += step) {
    await Promise.resolve();
    clock.advance(Math.min(step, ms - t));
  }
  await Promise.resolve();
}

describe('INVITE transactions end to end', () => {
  it('INVITE / 180 / 200 / ACK: the 2xx reaches the caller, its ACK reaches the callee as a 2xx ACK, and both layers drain', async () => {
    const { clock, wire, endpoint } = network();
    const alice = endpoint('alice', ALICE);
    const bob = endpoint('bob', BOB);
    bob.answer((tx) => {
      reply(tx, Status.Ringing);
      reply(tx, Status.OK);
    });
    const call = alice.send(Method.INVITE, BOB, { onResponse: (r) => r.status === Status.OK && alice.ack2xx(call.request, r, BOB) });
    await advance(clock, 100);
    expect(call.statuses()).toEqual([Status.Ringing, Status.OK]);
    expect(call.transaction.state).toBe('accepted');
    expect(bob.strayAcks.map((a) => a.method)).toEqual([Method.ACK]);
    expect(wire).toEqual(['0 alice INVITE', '10 bob 180 INVITE', '10 bob 200 INVITE', '20 alice ACK']);
    await advance(clock, 40_000, 1000);
    expect(alice.layer.counts).toEqual({ client: 0, server: 0 });
    expect(bob.layer.counts).toEqual({ client: 0, server: 0 });
    expect(call.events).toEqual(['32020 terminated']); // Timer M, 64·T1 after the 200 arrived at 20 ms
    expect(clock.activeTimers).toBe(0);
  });

  it('INVITE / 486 / ACK with the first 486 and the first ACK lost: retransmissions recover, the caller sees one 486', async () => {
    const lost = new Set<string>();
    const { clock, wire, endpoint } = network({
      drop: (what) => {
        if ((what === '486 INVITE' || what === 'ACK') && !lost.has(what)) {
          lost.add(what);
          return true;
        }
        return false;
      },
    });
    const alice = endpoint('alice', ALICE);
    const bob = endpoint('bob', BOB);
    let timeouts = 0;
    bob.answer((tx) => {
      tx.delegate = { onTimeout: () => timeouts++ };
      reply(tx, Status.BusyHere);
    });
    const call = alice.send(Method.INVITE, BOB);
    await advance(clock, 2000);
    expect(call.statuses()).toEqual([Status.BusyHere]);
    expect(bob.requests).toHaveLength(1); // the retransmitted INVITE was absorbed
    expect(bob.requests[0]?.transaction.state).toBe('confirmed');
    expect(bob.strayAcks).toEqual([]); // the ACK for a 486 belongs to the transaction
    expect(wire.filter((w) => w.endsWith('alice INVITE'))).toEqual(['0 alice INVITE', '500 alice INVITE']);
    expect(wire.filter((w) => w.endsWith('486 INVITE')).length).toBeGreaterThanOrEqual(2);
    expect(wire.filter((w) => w.endsWith('alice ACK')).length).toBeGreaterThanOrEqual(2);
    await advance(clock, 40_000, 1000);
    expect(timeouts).toBe(0);
    expect(alice.layer.counts).toEqual({ client: 0, server: 0 });
    expect(bob.layer.counts).toEqual({ client: 0, server: 0 });
  });

  it('sends 100 Trying when the callee takes longer than 200 ms, which stops the caller retransmitting', async () => {
    const { clock, wire, endpoint } = network();
    const alice = endpoint('alice', ALICE);
    const bob = endpoint('bob', BOB);
    const call = alice.send(Method.INVITE, BOB);
    await advance(clock, 3000);
    expect(call.statuses()).toEqual([Status.Trying]);
    expect(wire).toEqual(['0 alice INVITE', '210 bob 100 INVITE']);
    const tx = bob.requests[0]?.transaction;
    if (!tx) throw new Error('bob got no INVITE');
    reply(tx, Status.Decline);
    await advance(clock, 40_000, 1000);
    expect(call.statuses()).toEqual([Status.Trying, Status.Decline]);
    expect(alice.layer.counts).toEqual({ client: 0, server: 0 });
    expect(bob.layer.counts).toEqual({ client: 0, server: 0 });
  });

  it('in Accepted passes the callee’s 2xx retransmissions to the caller, and absorbs INVITE retransmissions at the callee', async () => {
    let dropped = false;
    const { clock, endpoint } = network({ drop: (what) => (what === '200 INVITE' && !dropped ? (dropped = true) : false) });
    const alice = endpoint('alice', ALICE);
    const bob = endpoint('bob', BOB);
    bob.answer((tx) => reply(tx, Status.OK));
    const call = alice.send(Method.INVITE, BOB);
    await advance(clock, 600); // the 200 was lost; Alice's INVITE retransmission at 500 is absorbed in Accepted
    expect(bob.requests).toHaveLength(1);
    expect(bob.outcomes).toEqual(['created', 'absorbed']); // by the transaction's compact form
    expect(call.statuses()).toEqual([]);
    const received = bob.requests[0];
    if (!received) throw new Error('bob got no INVITE');
    const tx = received.transaction;
    expect(() => tx.request).toThrow(/no longer holds it/); // Accepted keeps no request (RFC 6026 §8.7)
    reply(tx, Status.OK, received.request); // the callee's core retransmits its 2xx (§13.3.1.4)
    reply(tx, Status.OK, received.request);
    await advance(clock, 100);
    expect(call.statuses()).toEqual([Status.OK, Status.OK]);
    expect(call.transaction.state).toBe('accepted');
  });

  it('keeps an accepted INVITE transaction in its compact form: 2xx only go up, Timer M ends it and tells the TU', async () => {
    const { clock, endpoint } = network();
    const alice = endpoint('alice', ALICE);
    const bob = endpoint('bob', BOB);
    bob.answer((tx) => reply(tx, Status.OK));
    const call = alice.send(Method.INVITE, BOB);
    await advance(clock, 100);
    const received = bob.requests[0];
    if (!received) throw new Error('bob got no INVITE');
    reply(received.transaction, Status.OK, received.request);
    await advance(clock, 100);
    expect(alice.outcomes.slice(-1)).toEqual(['absorbed']); // the retransmitted 2xx went to the compact form
    expect(call.statuses()).toEqual([Status.OK, Status.OK]);
    expect(() => call.transaction.request).toThrow(/no longer holds its request/);
    await advance(clock, 32_000, 1000);
    expect(call.transaction.state).toBe('terminated');
    expect(call.events).toEqual([expect.stringMatching(/^32\d{3} terminated$/)]);
    expect(alice.layer.counts.client).toBe(0);
  });

  it('keeps an accepted INVITE server transaction in its compact form: the TU\u2019s 2xx still go out, the ACK goes up, Timer L ends it and tells the TU', async () => {
    const { clock, wire, endpoint } = network();
    const alice = endpoint('alice', ALICE);
    const bob = endpoint('bob', BOB);
    const ended = answerOkTellingEnds(bob, clock);
    const call = alice.send(Method.INVITE, BOB);
    await advance(clock, 100);
    const received = bob.requests[0];
    if (!received) throw new Error('bob got no INVITE');
    reply(received.transaction, Status.OK, received.request); // through the transaction the TU holds
    await advance(clock, 100);
    expect(wire).toEqual(['0 alice INVITE', '10 bob 200 INVITE', '100 bob 200 INVITE']);
    expect(received.transaction.state).toBe('accepted');
    const ok = call.responses[0];
    if (!ok) throw new Error('alice got no 200');
    alice.ack2xx(call.request, ok, BOB);
    await advance(clock, 100);
    expect(bob.strayAcks.map((ack) => ack.method)).toEqual([Method.ACK]); // the 2xx's ACK belongs to the dialog
    expect(bob.layer.counts.server).toBe(1);
    await advance(clock, 32_000, 1000);
    expect(ended).toEqual([expect.any(Number)]);
    expect(ended[0]).toBeGreaterThanOrEqual(32_010);
    expect(received.transaction.state).toBe('terminated');
    expect(bob.layer.counts).toEqual({ client: 0, server: 0 });
  });

  it('answers a CANCEL of an INVITE already answered 2xx with 200 and the 2xx\u2019s To tag, and leaves the INVITE as it was (§9.2)', async () => {
    const { clock, endpoint } = network();
    const alice = endpoint('alice', ALICE);
    const bob = endpoint('bob', BOB);
    let matched: ReturnType<TransactionLayer['inviteCancelledBy']>;
    bob.answer((tx, request) => {
      if (request.method === Method.INVITE) return reply(tx, Status.OK);
      matched = bob.layer.inviteCancelledBy(request);
      tx.respond(createResponse(request, Status.OK, { toTag: matched?.toTag ?? 'none' }));
    });
    const call = alice.send(Method.INVITE, BOB);
    await advance(clock, 100);
    expect(call.statuses()).toEqual([Status.OK]);
    const cancel = alice.layer.request(cancelFor(call.request, []), { protocol: 'udp', host: HOST, port: BOB });
    if (!cancel.ok) throw new Error('no CANCEL');
    await advance(clock, 100);
    expect(matched?.state).toBe('accepted');
    expect(matched?.toTag).toBe('bob-tag');
    expect(bob.requests[0]?.transaction.state).toBe('accepted');
    expect(call.statuses()).toEqual([Status.OK]); // no 487
  });

  it('CANCEL: matched to the INVITE it cancels, answered 200, the INVITE 487 and its ACK kept in the transaction', async () => {
    const { clock, endpoint } = network();
    const alice = endpoint('alice', ALICE);
    const bob = endpoint('bob', BOB);
    let cancelledInvite: ServerTransaction | undefined;
    bob.answer((tx, request) => {
      if (request.method === Method.INVITE) return reply(tx, Status.Ringing);
      const matched = bob.layer.inviteCancelledBy(request);
      cancelledInvite = matched instanceof ServerTransaction ? matched : undefined;
      reply(tx, cancelledInvite ? Status.OK : Status.CallOrTransactionDoesNotExist);
      if (cancelledInvite) reply(cancelledInvite, Status.RequestTerminated);
    });
    const call = alice.send(Method.INVITE, BOB);
    const cancelResponses: StatusCode[] = [];
    const reason = { name: 'Reason', value: 'SIP;cause=200;text="Call completed elsewhere"' };
    expect(call.transaction.cancel({ onResponse: (r) => cancelResponses.push(r.status) }, [reason])).toBe('deferred'); // §9.1: wait for a 1xx
    await advance(clock, 100);
    expect(cancelledInvite).toBe(bob.requests[0]?.transaction);
    expect(bob.requests.map((r) => r.request.method)).toEqual([Method.INVITE, Method.CANCEL]);
    expect(bob.requests[1]?.request.via[0]?.branch).toBe(call.request.via[0]?.branch);
    expect(bob.requests[1]?.request.headers).toContainEqual(expect.objectContaining(reason)); // RFC 3326
    expect(cancelResponses).toEqual([Status.OK]);
    expect(call.statuses()).toEqual([Status.Ringing, Status.RequestTerminated]);
    expect(cancelledInvite?.state).toBe('confirmed');
    expect(call.transaction.cancel()).toBe('sent'); // already under way: no second CANCEL
    await advance(clock, 40_000, 1000);
    expect(alice.layer.counts).toEqual({ client: 0, server: 0 });
    expect(bob.layer.counts).toEqual({ client: 0, server: 0 });
  });

  it('over a reliable transport: no retransmission, and the 486 transactions end as soon as the ACK is through', async () => {
    const { clock, wire, endpoint } = network({ reliable: true });
    const alice = endpoint('alice', ALICE);
    const bob = endpoint('bob', BOB);
    bob.answer((tx) => reply(tx, Status.BusyHere));
    const call = alice.send(Method.INVITE, BOB);
    await advance(clock, 100);
    expect(wire).toEqual(['0 alice INVITE', '10 bob 486 INVITE', '20 alice ACK']);
    expect(call.events).toEqual(['20 terminated']);
    expect(alice.layer.counts).toEqual({ client: 0, server: 0 });
    expect(bob.layer.counts).toEqual({ client: 0, server: 0 });
  });
});

describe('non-INVITE transactions end to end', () => {
  it('retransmits a request nobody receives until Timer F, then reports the timeout once', async () => {
    const { clock, wire, endpoint } = network({ drop: (what) => what === 'OPTIONS' });
    const alice = endpoint('alice', ALICE);
    endpoint('bob', BOB);
    const ping = alice.send(Method.OPTIONS, BOB);
    await advance(clock, 40_000, 100);
    expect(wire.map((w) => Number(w.split(' ')[0]))).toEqual([0, 500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500]);
    expect(ping.events).toEqual(['32000 timeout', '32000 terminated']);
    expect(alice.layer.counts).toEqual({ client: 0, server: 0 });
  });

  it('absorbs a retransmitted request: the TU sees it once and the server resends its final response', async () => {
    let dropped = false;
    const { clock, wire, endpoint } = network({ drop: (what) => (what === '200 OPTIONS' && !dropped ? (dropped = true) : false) });
    const alice = endpoint('alice', ALICE);
    const bob = endpoint('bob', BOB);
    bob.answer((tx) => reply(tx, Status.OK));
    const ping = alice.send(Method.OPTIONS, BOB);
    await advance(clock, 1000);
    expect(bob.requests).toHaveLength(1);
    expect(ping.statuses()).toEqual([Status.OK]);
    expect(wire).toEqual(['0 alice OPTIONS', '10 bob 200 OPTIONS', '500 alice OPTIONS', '510 bob 200 OPTIONS']);
    await advance(clock, 40_000, 1000);
    expect(ping.events).toEqual(['5520 terminated']); // Timer K = T4 after the 200 arrived
    expect(alice.layer.counts).toEqual({ client: 0, server: 0 });
    expect(bob.layer.counts).toEqual({ client: 0, server: 0 }); // Timer J = 64·T1
  });

  it('lets go of the request once the final response is sent, and still answers retransmissions while Completed', async () => {
    let dropped = false;
    const { clock, wire, endpoint } = network({ drop: (what) => (what === '200 OPTIONS' && !dropped ? (dropped = true) : false) });
    const alice = endpoint('alice', ALICE);
    const bob = endpoint('bob', BOB);
    const seen: string[] = [];
    bob.answer((tx) => {
      seen.push(tx.request.callId);
      expect(tx.requestToTag).toBeUndefined();
      reply(tx, Status.OK);
    });
    const ping = alice.send(Method.OPTIONS, BOB);
    await advance(clock, 1000);
    const server = bob.requests[0]?.transaction;
    expect(server?.state).toBe('completed');
    expect(() => server?.request).toThrow(/no longer holds it/);
    expect(server?.lastResponse?.status).toBe(Status.OK);
    expect(seen).toEqual([ping.request.callId]);
    expect(() => ping.transaction.request).toThrow(/no longer holds its request/);
    expect(wire).toEqual(['0 alice OPTIONS', '10 bob 200 OPTIONS', '500 alice OPTIONS', '510 bob 200 OPTIONS']);
  });

  it('keeps a completed non-INVITE transaction as the bytes of its answer, resent as they were, until Timer J tells the TU it ended', async () => {
    const answers: Buffer[] = [];
    const { clock, endpoint } = network({
      drop: (what, packet) => {
        if (what !== '200 OPTIONS') return false;
        answers.push(packet.data);
        return answers.length === 1;
      },
    });
    const alice = endpoint('alice', ALICE);
    const bob = endpoint('bob', BOB);
    const ended = answerOkTellingEnds(bob, clock);
    const ping = alice.send(Method.OPTIONS, BOB);
    await advance(clock, 1000);
    expect(ping.statuses()).toEqual([Status.OK]);
    expect(bob.outcomes).toEqual(['created', 'absorbed']);
    expect(answers).toHaveLength(2);
    expect(answers[1]?.equals(answers[0] as Buffer)).toBe(true);
    expect(bob.requests[0]?.transaction.state).toBe('completed');
    await advance(clock, 40_000, 1000);
    expect(ended).toEqual([32_010]);
    expect(bob.requests[0]?.transaction.state).toBe('terminated');
    expect(bob.layer.counts).toEqual({ client: 0, server: 0 });
  });

  it('keeps a completed non-INVITE client transaction in its compact form: a response again is absorbed, Timer K (T4) ends it and tells the TU', async () => {
    const { clock, net, endpoint } = network();
    net.setFate((packet) => (packet.data.subarray(0, 11).toString() === 'SIP/2.0 200' ? 'duplicate' : 'deliver'));
    const alice = endpoint('alice', ALICE);
    const bob = endpoint('bob', BOB);
    bob.answer((tx) => reply(tx, Status.OK));
    const ping = alice.send(Method.OPTIONS, BOB);
    await advance(clock, 1000);
    expect(alice.outcomes).toEqual(['matched', 'absorbed']);
    expect(ping.statuses()).toEqual([Status.OK]);
    expect(ping.transaction.state).toBe('completed');
    expect(alice.layer.counts.client).toBe(1);
    await advance(clock, 5000);
    expect(ping.transaction.state).toBe('terminated');
    expect(ping.events).toEqual([expect.stringMatching(/^50\d\d terminated$/)]);
    expect(alice.layer.counts.client).toBe(0);
  });

  it('answers statelessly when the TU asks (§8.2.7): the transaction ends at once and a retransmission is answered anew', async () => {
    let dropped = false;
    const { clock, wire, endpoint } = network({ drop: (what) => (what === '401 REGISTER' && !dropped ? (dropped = true) : false) });
    const alice = endpoint('alice', ALICE);
    const bob = endpoint('bob', BOB);
    const ended: string[] = [];
    bob.answer((tx) => {
      tx.delegate = { onTerminated: () => ended.push(tx.state) };
      tx.respondStatelessly(createResponse(tx.request, Status.Unauthorized, { toTag: 'bob-tag' }));
      expect(bob.layer.counts.server).toBe(0);
    });
    const register = alice.send(Method.REGISTER, BOB);
    await advance(clock, 1000);
    expect(register.statuses()).toEqual([Status.Unauthorized]);
    expect(bob.outcomes).toEqual(['created', 'created']);
    expect(ended).toEqual(['terminated', 'terminated']);
    expect(wire).toEqual(['0 alice REGISTER', '10 bob 401 REGISTER', '500 alice REGISTER', '510 bob 401 REGISTER']);
    expect(bob.layer.counts).toEqual({ client: 0, server: 0 });
    expect(() => bob.requests[0]?.transaction.respondStatelessly(createResponse(alice.newRequest(Method.REGISTER, BOB), Status.OK))).toThrow();
  });

  it('challenges an INVITE statelessly (§26.3.2.4): no transaction is left, the ACK is passed on as stray, a retransmission is challenged anew', async () => {
    let dropped = false;
    const { clock, wire, endpoint } = network({ drop: (what) => (what === '407 INVITE' && !dropped ? (dropped = true) : false) });
    const alice = endpoint('alice', ALICE);
    const bob = endpoint('bob', BOB);
    bob.answer((tx) => tx.respondStatelessly(createResponse(tx.request, Status.ProxyAuthenticationRequired, { toTag: 'bob-tag' })));
    const invite = alice.send(Method.INVITE, BOB);
    await advance(clock, 1000);
    expect(invite.statuses()).toEqual([Status.ProxyAuthenticationRequired]);
    expect(bob.outcomes).toEqual(['created', 'created', 'stray-ack']);
    expect(wire).toEqual(['0 alice INVITE', '10 bob 407 INVITE', '500 alice INVITE', '510 bob 407 INVITE', '520 alice ACK']);
    expect(bob.layer.counts.server).toBe(0);
  });

  it('answers statelessly only a request without a response yet, and an INVITE only with 300–699', async () => {
    const { clock, endpoint } = network();
    const alice = endpoint('alice', ALICE);
    const bob = endpoint('bob', BOB);
    const refusals: string[] = [];
    const refused = (tx: ServerTransaction, status: StatusCode) => {
      try {
        tx.respondStatelessly(createResponse(tx.request, status, { toTag: 'bob-tag' }));
      } catch (error) {
        refusals.push(error instanceof Error ? error.message : String(error));
      }
    };
    bob.answer(() => undefined);
    alice.send(Method.INVITE, BOB);
    await advance(clock, 20);
    const tx = bob.requests[0]?.transaction;
    if (!tx) throw new Error('bob got no INVITE');
    refused(tx, Status.OK); // a 2xx makes a dialog
    refused(tx, Status.Ringing); // not final
    reply(tx, Status.Ringing);
    refused(tx, Status.BusyHere); // a response went already
    reply(tx, Status.BusyHere);
    await advance(clock, 100);
    expect(refusals).toEqual([
      expect.stringMatching(/not 200 to invite in proceeding/),
      expect.stringMatching(/not 180 to invite in proceeding/),
      expect.stringMatching(/not 486 to invite in proceeding/),
    ]);
    expect(bob.layer.counts.server).toBe(1); // the INVITE's own transaction, Completed after its 486
  });

  it('reports a transport failure to the TU and forgets the transaction', async () => {
    const { clock, endpoint } = network({ reliable: true });
    const alice = endpoint('alice', ALICE);
    const ping = alice.send(Method.OPTIONS, 5999); // nothing listens there
    await advance(clock, 10);
    expect(ping.events).toEqual(['0 transport error connect_failed', '0 terminated']);
    expect(alice.layer.counts).toEqual({ client: 0, server: 0 });
  });
});

describe('the layer’s bounds and stray messages', () => {
  it('refuses new transactions beyond its cap, on both sides, and takes them again once one has ended', async () => {
    const { clock, endpoint } = network();
    const alice = endpoint('alice', ALICE, { maxTransactions: 1 });
    const bob = endpoint('bob', BOB, { maxTransactions: 1 });
    bob.answer((tx) => reply(tx, Status.OK));
    alice.send(Method.OPTIONS, BOB);
    expect(alice.layer.request(alice.newRequest(Method.OPTIONS, BOB), { protocol: 'udp', host: HOST, port: BOB })).toEqual({ ok: false, reason: 'overloaded' });
    const carol = endpoint('carol', 5063);
    carol.send(Method.OPTIONS, BOB);
    await advance(clock, 100);
    expect(bob.outcomes).toEqual(['created', 'overloaded']);
    await advance(clock, 40_000, 1000);
    expect(alice.layer.request(alice.newRequest(Method.OPTIONS, BOB), { protocol: 'udp', host: HOST, port: BOB }).ok).toBe(true);
  });

  it('hands responses and ACKs that match no transaction to the delegate', async () => {
    const { clock, endpoint } = network();
    const alice = endpoint('alice', ALICE);
    const bob = endpoint('bob', BOB);
    const source: MessageSource = { protocol: 'udp', remoteAddress: HOST, remotePort: BOB, localAddress: HOST, localPort: ALICE };
    const orphan = alice.newRequest(Method.OPTIONS, BOB);
    expect(alice.layer.receive(createResponse(orphan, Status.OK), source)).toEqual({ kind: 'stray-response' });
    expect(alice.strayResponses).toHaveLength(1);
    expect(bob.layer.receive(alice.newRequest(Method.ACK, BOB), source)).toEqual({ kind: 'stray-ack' });
    expect(bob.strayAcks).toHaveLength(1);
    await advance(clock, 10);
  });
});
