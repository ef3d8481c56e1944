/** The stack over the memory network on a simulated clock: the pipeline from bytes to the TU and back. */
import { describe, expect, it } from 'vitest';
import { SimulatedClock } from '../clock.js';
import { headerValues } from '../header-registry.js';
import type { SipMessage, SipRequest } from '../message.js';
import { prependVia } from '../message-edit.js';
import { Method } from '../methods.js';
import { parseMessage } from '../parse.js';
import { createRequest } from '../request.js';
import { createResponse } from '../response.js';
import { Status } from '../status.js';
import { MemoryNetwork } from '../transport/index.js';
import { sequentialIds } from '../id-source.js';
import { SipStack } from './sip-stack.js';
import type { StackDelegate } from './stack-delegate.js';
import type { StackEvent } from './stack-events.js';
import type { SipStackOptions } from './sip-stack-options.js';

const SERVER = { host: '192.0.2.10', port: 5060 };
const PHONE = { host: '192.0.2.20', port: 5062 };

function text(lines: readonly string[], body = ''): Buffer {
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n${body}`);
}

function request(method: string, options: { branch?: string; toTag?: string; cseq?: number; viaPort?: number; extra?: readonly string[] } = {}): Buffer {
  return text([
    `${method} sip:service@${SERVER.host} SIP/2.0`,
    `Via: SIP/2.0/UDP ${PHONE.host}:${options.viaPort ?? PHONE.port};branch=${options.branch ?? 'z9hG4bK-p1'};rport`,
    'Max-Forwards: 70',
    `From: <sip:phone@${PHONE.host}>;tag=ph`,
    `To: <sip:service@${SERVER.host}>${options.toTag ? `;tag=${options.toTag}` : ''}`,
    'Call-ID: call-1@phone',
    `CSeq: ${options.cseq ?? 1} ${method}`,
    ...(options.extra ?? []),
    'Content-Length: 0',
  ]);
}

function parsed(data: Buffer): SipMessage {
  const result = parseMessage(data);
  if (!result.ok) throw new Error(result.error.reason);
  return result.message;
}

interface Fixture {
  readonly clock: SimulatedClock;
  readonly stack: SipStack;
  readonly requests: SipRequest[];
  readonly events: StackEvent[];
  /** Sends bytes from the phone to the stack. */
  readonly send: (data: Buffer) => void;
  /** Advances the clock and returns what the phone received meanwhile, with the port it arrived at. */
  readonly run: (ms: number) => SipMessage[];
}

async function fixture(delegate: Partial<StackDelegate> = {}, options: Partial<SipStackOptions> = {}): Promise<Fixture> {
  const clock = new SimulatedClock(1_000_000);
  const network = new MemoryNetwork({ clock, latencyMs: 1 });
  const requests: SipRequest[] = [];
  const events: StackEvent[] = [];
  const stack = new SipStack({
    transports: [(handlers) => Promise.resolve(network.attach({ ...SERVER, ...handlers }))],
    clock,
    ids: sequentialIds('s'),
    ...options,
    delegate: {
      ...delegate,
      onRequest: (transaction, req) => {
        requests.push(req);
        delegate.onRequest?.(transaction, req);
      },
      onEvent: (event) => events.push(event),
    },
  });
  await stack.start();
  let inbox: SipMessage[] = [];
  const phone = network.attach({ ...PHONE, onMessage: (message) => inbox.push(parsed(message.data)) });
  return {
    clock,
    stack,
    requests,
    events,
    send: (data) => void phone.send(data, SERVER),
    run: (ms) => {
      clock.advance(ms);
      const out = inbox;
      inbox = [];
      return out;
    },
  };
}

const statuses = (messages: readonly SipMessage[]): number[] => messages.map((m) => (m.kind === 'response' ? m.status : 0));

const answer = (status: typeof Status.OK | typeof Status.Ringing) => ({
  onRequest: (transaction: { respond: (r: ReturnType<typeof createResponse>) => void }, req: SipRequest) =>
    transaction.respond(createResponse(req, status, { toTag: 'uas' })),
});

describe('SipStack: inbound requests', () => {
  it('hands a request to the TU with received/rport on its top Via and sends the answer back (RFC 3581)', async () => {
    const f = await fixture(answer(Status.OK));
    f.send(request(Method.OPTIONS, { viaPort: 5999 }));
    const [response] = f.run(5);
    expect(f.requests).toHaveLength(1);
    expect(f.requests[0]?.via[0]).toMatchObject({ received: PHONE.host, rport: PHONE.port });
    expect(response).toMatchObject({ kind: 'response', status: Status.OK });
    expect(headerValues(response as SipMessage, 'Via')[0]).toContain(`received=${PHONE.host};rport=${PHONE.port}`);
    await f.stack.stop();
  });

  it('answers a malformed request statelessly with 400 and a To tag, creating nothing', async () => {
    const f = await fixture(answer(Status.OK));
    f.send(Buffer.from(request(Method.OPTIONS, { viaPort: 5999 }).toString().replace('Max-Forwards: 70', 'Max-Forwards: many')));
    const [response] = f.run(5);
    expect(response).toMatchObject({ kind: 'response', status: Status.BadRequest, reason: expect.stringMatching(/Max-Forwards/) });
    expect(response?.via[0]).toMatchObject({ received: PHONE.host, rport: PHONE.port });
    expect(response?.to.params.get('tag')).toBe('s1');
    expect(f.requests).toEqual([]);
    expect(f.stack.stats).toMatchObject({ serverTransactions: 0, timers: 0 });
    expect(f.events).toEqual([{ kind: 'rejected', cause: 'malformed', status: Status.BadRequest, source: expect.anything() }]);
    await f.stack.stop();
  });

  it('answers 420 listing the unsupported extension, and supports what the policy says', async () => {
    const f = await fixture(answer(Status.OK), { policy: { supportedExtensions: ['path'], uriSchemes: ['sip'] } });
    f.send(request(Method.REGISTER, { extra: ['Require: path, gruu'] }));
    const [response] = f.run(5);
    expect(response).toMatchObject({ status: Status.BadExtension });
    expect(headerValues(response as SipMessage, 'Unsupported')).toEqual(['gruu']);
    f.send(request(Method.REGISTER, { branch: 'z9hG4bK-p2', cseq: 2, extra: ['Require: path'] }));
    expect(statuses(f.run(5))).toEqual([Status.OK]);
    await f.stack.stop();
  });

  it('drops garbage and a response it did not ask for, and answers nothing', async () => {
    const f = await fixture(answer(Status.OK));
    f.send(Buffer.concat([Buffer.from([0x00, 0xff]), Buffer.from(' not sip at all')]));
    f.send(text(['SIP/2.0 200 OK', `Via: SIP/2.0/UDP ${PHONE.host};branch=z9hG4bK-x`, 'From: <sip:a@b>;tag=1', 'To: <sip:c@d>', 'Call-ID: z', 'CSeq: 1 OPTIONS', 'Content-Length: 0']));
    expect(f.run(5)).toEqual([]);
    expect(f.events.map((e) => e.kind === 'dropped' && e.cause)).toEqual(['malformed', 'foreign-via']);
    await f.stack.stop();
  });

  it('answers a TU that throws with 500 and reports it', async () => {
    const f = await fixture({
      onRequest: () => {
        throw new Error('registrar bug');
      },
    });
    f.send(request(Method.OPTIONS));
    expect(statuses(f.run(5))).toEqual([Status.ServerInternalError]);
    expect(f.events.some((e) => e.kind === 'delegate-failed')).toBe(true);
    await f.stack.stop();
  });
});

describe('SipStack: admission control', () => {
  it('answers new requests beyond the transaction bound 503 with Retry-After, and still takes ACK and in-dialog requests', async () => {
    const f = await fixture({}, { admission: { maxServerTransactions: 1, maxMessagesPerSecond: 1000, retryAfterSeconds: 9 } });
    f.send(request(Method.INVITE));
    f.run(5);
    expect(f.stack.stats.serverTransactions).toBe(1);
    f.send(request(Method.OPTIONS, { branch: 'z9hG4bK-p2' }));
    const [refused] = f.run(5);
    expect(refused).toMatchObject({ status: Status.ServiceUnavailable });
    expect(headerValues(refused as SipMessage, 'Retry-After')).toEqual(['9']);
    expect(f.stack.stats.serverTransactions).toBe(1);
    f.send(request(Method.BYE, { branch: 'z9hG4bK-p3', toTag: 'uas', cseq: 2 }));
    f.send(request(Method.ACK, { branch: 'z9hG4bK-p4', toTag: 'uas' }));
    f.run(5);
    expect(f.requests.map((r) => r.method)).toEqual([Method.INVITE, Method.BYE]);
    await f.stack.stop();
  });

  it('never refuses the retransmission of a request it is already handling, however loaded', async () => {
    const f = await fixture({}, { admission: { maxServerTransactions: 1, maxMessagesPerSecond: 1000 } });
    f.send(request(Method.INVITE));
    f.run(5);
    f.send(request(Method.INVITE));
    expect(statuses(f.run(5))).not.toContain(Status.ServiceUnavailable);
    expect(f.requests.map((r) => r.method)).toEqual([Method.INVITE]);
    expect(f.stack.stats.serverTransactions).toBe(1);
    await f.stack.stop();
  });

  it('sheds new requests above the message rate and admits them again once it falls', async () => {
    const f = await fixture(answer(Status.OK), { admission: { maxServerTransactions: 100, maxMessagesPerSecond: 5 } });
    for (let i = 0; i < 6; i++) f.send(Buffer.from(`junk ${i}`));
    f.run(5);
    f.send(request(Method.OPTIONS));
    expect(statuses(f.run(5))).toEqual([Status.ServiceUnavailable]);
    f.run(2500);
    f.send(request(Method.OPTIONS, { branch: 'z9hG4bK-p2' }));
    expect(statuses(f.run(5))).toEqual([Status.OK]);
    await f.stack.stop();
  });
});

describe('SipStack: the UAS side of INVITE', () => {
  it('absorbs INVITE retransmissions, resends the 2xx until the ACK, and hands the ACK to the TU (§13.3.1.4)', async () => {
    const acks: SipRequest[] = [];
    const f = await fixture({ ...answer(Status.OK), onAck: (ack) => acks.push(ack) });
    f.send(request(Method.INVITE));
    expect(statuses(f.run(5))).toEqual([Status.OK]);
    f.send(request(Method.INVITE));
    expect(f.run(5)).toEqual([]);
    expect(statuses(f.run(500))).toEqual([Status.OK]);
    expect(statuses(f.run(1000))).toEqual([Status.OK]);
    expect(f.stack.stats.unacknowledged2xx).toBe(1);
    f.send(request(Method.ACK, { branch: 'z9hG4bK-ack', toTag: 'uas' }));
    expect(f.run(10_000)).toEqual([]);
    expect(acks).toHaveLength(1);
    expect(f.requests.map((r) => r.method)).toEqual([Method.INVITE]);
    f.run(40_000);
    expect(f.stack.stats).toEqual({ serverTransactions: 0, clientTransactions: 0, unacknowledged2xx: 0, timers: 0, connections: 0 });
    await f.stack.stop();
  });

  it('reports a 2xx that never got its ACK after 64·T1', async () => {
    const missing: string[] = [];
    const f = await fixture({ ...answer(Status.OK), onAckTimeout: (response) => missing.push(response.callId) });
    f.send(request(Method.INVITE));
    const sent = f.run(40_000);
    expect(statuses(sent).length).toBeGreaterThan(5);
    expect(missing).toEqual(['call-1@phone']);
    await f.stack.stop();
  });

  it('sends 100 Trying for an INVITE the TU leaves unanswered for 200 ms', async () => {
    const f = await fixture();
    f.send(request(Method.INVITE));
    expect(f.run(150)).toEqual([]);
    expect(statuses(f.run(100))).toEqual([Status.Trying]);
    await f.stack.stop();
  });

  it('answers a CANCEL 200 and the ringing INVITE 487 with the same To tag, then tells the TU (§9.2)', async () => {
    const cancelled: string[] = [];
    const f = await fixture({ ...answer(Status.Ringing), onCancel: (invite) => cancelled.push(invite.request.callId) });
    f.send(request(Method.INVITE));
    expect(statuses(f.run(5))).toEqual([Status.Ringing]);
    f.send(request(Method.CANCEL));
    const answers = f.run(5);
    expect(statuses(answers).sort()).toEqual([Status.OK, Status.RequestTerminated]);
    expect(answers.map((m) => [m.cseq.method, m.to.params.get('tag')])).toEqual(
      expect.arrayContaining([
        [Method.CANCEL, 'uas'],
        [Method.INVITE, 'uas'],
      ]),
    );
    expect(cancelled).toEqual(['call-1@phone']);
    expect(f.requests.map((r) => r.method)).toEqual([Method.INVITE]);
    await f.stack.stop();
  });

  it('answers a CANCEL that matches no INVITE with 481', async () => {
    const f = await fixture();
    f.send(request(Method.CANCEL, { branch: 'z9hG4bK-nothing' }));
    expect(statuses(f.run(5))).toEqual([Status.CallOrTransactionDoesNotExist]);
    await f.stack.stop();
  });

  it('cancels every timer on stop', async () => {
    const f = await fixture(answer(Status.OK));
    f.send(request(Method.INVITE));
    f.run(5);
    expect(f.stack.stats.timers).toBeGreaterThan(0);
    await f.stack.stop();
    expect(f.stack.stats.timers).toBe(0);
    expect(f.clock.activeTimers).toBe(0);
  });
});

describe('SipStack: client transactions', () => {
  async function pair(reliable: boolean, serverDelegate: Partial<StackDelegate> = {}) {
    const clock = new SimulatedClock(1_000_000);
    const drop = { next: reliable ? 0 : 1 };
    const network = new MemoryNetwork({ clock, latencyMs: 1, reliable, ...(reliable ? {} : { fate: () => (drop.next-- > 0 ? 'drop' : 'deliver') }) });
    const start = async (address: { host: string; port: number }, delegate: StackDelegate) => {
      const stack = new SipStack({ transports: [(h) => Promise.resolve(network.attach({ ...address, ...h }))], clock, ids: sequentialIds(address.host), delegate });
      await stack.start();
      return stack;
    };
    const sources: string[] = [];
    const server = await start(SERVER, {
      ...serverDelegate,
      onRequest: (transaction, req) => {
        sources.push(transaction.source.connectionId ?? 'datagram');
        transaction.respond(createResponse(req, Status.OK, { toTag: 'srv' }));
      },
    });
    const client = await start(PHONE, { onRequest: () => undefined });
    return { clock, network, server, client, sources };
  }

  const parts = (client: SipStack, protocol: 'udp' | 'tcp') =>
    ({
      method: Method.OPTIONS,
      uri: { kind: 'sip', scheme: 'sip', host: SERVER.host, port: SERVER.port, params: new Map(), headers: [] },
      via: [],
      from: { uri: client.contactUri(protocol, 'phone'), params: new Map([['tag', 'c1']]) },
      to: { uri: client.contactUri(protocol, 'service'), params: new Map() },
      callId: 'options-1',
      cseq: 1,
    }) as const;

  const options = (client: SipStack, protocol: 'udp' | 'tcp'): SipRequest => createRequest(parts(client, protocol));

  it('sends a request with its own Via, retransmits it over UDP when lost, and delivers the response', async () => {
    const { clock, network, server, client } = await pair(false);
    const responses: number[] = [];
    const outcome = client.sendRequest(options(client, 'udp'), { protocol: 'udp', ...SERVER }, { onResponse: (r) => responses.push(r.status) });
    expect(outcome.ok && outcome.transaction.request.via[0]).toMatchObject({ host: PHONE.host, port: PHONE.port, rport: true, branch: expect.stringMatching(/^z9hG4bK/) });
    clock.advance(400);
    expect(responses).toEqual([]);
    clock.advance(200);
    expect(responses).toEqual([Status.OK]);
    expect(network.stats.dropped).toBe(1);
    await Promise.all([client.stop(), server.stop()]);
  });

  it('keeps a top Via that already is its own, and puts its own above anyone else’s', async () => {
    const { server, client } = await pair(false);
    const target = { protocol: 'udp', ...SERVER } as const;
    const built = { ...options(client, 'udp'), via: [] };
    const own = client.sendRequest(prependVia(built, client.via('udp')), target);
    expect(own.ok && own.transaction.request.via.map((v) => v.host)).toEqual([PHONE.host]);
    const foreign = { protocol: 'SIP/2.0', transport: 'UDP', host: '198.51.100.7', branch: 'z9hG4bK-up', params: new Map() };
    const passing = client.sendRequest(prependVia({ ...built, callId: 'options-2' }, foreign), target);
    expect(passing.ok && passing.transaction.request.via.map((v) => v.host)).toEqual([PHONE.host, '198.51.100.7']);
    await Promise.all([client.stop(), server.stop()]);
  });

  it('sends an ACK statelessly, keeping the branch its builder gave it', async () => {
    const acks: SipRequest[] = [];
    const { clock, server, client } = await pair(true, { onAck: (ack) => acks.push(ack) });
    const ack = createRequest({ ...parts(client, 'tcp'), method: Method.ACK, via: [{ ...client.via('tcp'), branch: 'z9hG4bK-ack-1' }] });
    expect(await client.sendStateless(ack, { protocol: 'tcp', ...SERVER })).toMatchObject({ ok: true });
    clock.advance(5);
    expect(acks.map((received) => received.via.map((v) => v.branch))).toEqual([['z9hG4bK-ack-1']]);
    await Promise.all([client.stop(), server.stop()]);
  });

  it('answers on the connection the request came in on over a reliable transport (§18.2.2)', async () => {
    const { clock, server, client, sources } = await pair(true);
    const responses: number[] = [];
    client.sendRequest(options(client, 'tcp'), { protocol: 'tcp', ...SERVER }, { onResponse: (r) => responses.push(r.status) });
    clock.advance(5);
    expect(responses).toEqual([Status.OK]);
    expect(sources[0]).toMatch(/^memory-tcp:/);
    await Promise.all([client.stop(), server.stop()]);
  });
});
