/** The SIP application's dispatch over a real stack on the memory network: calls, registrations, draining. */
import { describe, expect, it } from 'vitest';
import {
  Method, MemoryNetwork, SimulatedClock, SipStack, Status, createResponse, headerValues, parseMessage, sequentialIds,
} from '../sip/index.js';
import type { ServerTransaction, SipMessage, SipResponse, StatusCode } from '../sip/index.js';
import { SipApplication } from './sip-application.js';
import type { CallHandler } from './sip-application.js';

const SERVER = { host: '192.0.2.10', port: 5060 };
const PHONE = { host: '192.0.2.20', port: 5062 };

function request(method: string, options: { readonly toTag?: string; readonly callId?: string } = {}): Buffer {
  const lines = [
    `${method} sip:100@acme.example SIP/2.0`,
    `Via: SIP/2.0/UDP ${PHONE.host}:${PHONE.port};branch=z9hG4bK-${method}-${options.callId ?? 'c1'}`,
    'Max-Forwards: 70',
    'From: <sip:101@acme.example>;tag=caller',
    `To: <sip:100@acme.example>${options.toTag ? `;tag=${options.toTag}` : ''}`,
    `Call-ID: ${options.callId ?? 'c1'}`,
    `CSeq: 1 ${method}`,
    'Contact: <sip:101@192.0.2.20:5062>',
    'Content-Length: 0',
  ];
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n`);
}

/** A call handler that answers each request 200 and remembers what reached it. */
function recordingCalls(): CallHandler & { readonly seen: string[] } {
  const seen: string[] = [];
  return {
    seen,
    onRequest: (transaction, req, source) => {
      seen.push(`${req.method} from ${source.remoteAddress}`);
      transaction.respond(createResponse(req, Status.OK, { toTag: 'callee' }));
    },
    onAck: (ack) => seen.push(ack.method),
    onCancel: (_invite, cancel) => seen.push(cancel.method),
  };
}

async function fixture() {
  const clock = new SimulatedClock(1_000_000);
  const network = new MemoryNetwork({ clock, latencyMs: 1 });
  const registered: StatusCode[] = [];
  const registrar = {
    handle: (transaction: ServerTransaction): StatusCode => {
      transaction.respond(createResponse(transaction.request, Status.OK, { toTag: 'registrar' }));
      return Status.OK;
    },
  };
  const calls = recordingCalls();
  const application = new SipApplication({ registrar, supported: ['path', 'timer'], toTag: sequentialIds('t'), onRegister: (s) => registered.push(s) });
  const stack = new SipStack({
    transports: [(handlers) => Promise.resolve(network.attach({ ...SERVER, ...handlers }))],
    clock,
    ids: sequentialIds('s'),
    delegate: application,
  });
  application.handleCallsWith(calls);
  await stack.start();
  const inbox: SipMessage[] = [];
  const phone = network.attach({
    ...PHONE,
    onMessage: (m) => {
      const parsed = parseMessage(m.data);
      if (parsed.ok) inbox.push(parsed.message);
    },
  });
  const exchange = async (data: Buffer): Promise<SipResponse[]> => {
    await phone.send(data, SERVER);
    clock.advance(5);
    return inbox.splice(0).filter((m): m is SipResponse => m.kind === 'response');
  };
  return { application, stack, calls, registered, exchange };
}

const statuses = (responses: readonly SipResponse[]): number[] => responses.map((r) => r.status);

describe('SipApplication', () => {
  it('hands INVITE and every request inside a dialog to the call handler, with its source', async () => {
    const f = await fixture();
    expect(statuses(await f.exchange(request(Method.INVITE)))).toEqual([Status.OK]);
    expect(statuses(await f.exchange(request(Method.BYE, { toTag: 'callee' })))).toEqual([Status.OK]);
    expect(statuses(await f.exchange(request(Method.OPTIONS, { toTag: 'callee' })))).toEqual([Status.OK]);
    expect(statuses(await f.exchange(request(Method.MESSAGE, { toTag: 'callee' })))).toEqual([Status.OK]);
    expect(f.calls.seen).toEqual([`INVITE from ${PHONE.host}`, `BYE from ${PHONE.host}`, `OPTIONS from ${PHONE.host}`, `MESSAGE from ${PHONE.host}`]);
    await f.stack.stop();
  });

  it('hands REGISTER to the registrar and reports its final status', async () => {
    const f = await fixture();
    expect(statuses(await f.exchange(request(Method.REGISTER)))).toEqual([Status.OK]);
    expect(f.registered).toEqual([Status.OK]);
    expect(f.calls.seen).toEqual([]);
    await f.stack.stop();
  });

  it('answers OPTIONS outside a dialog itself, listing the option tags it supports', async () => {
    const f = await fixture();
    const [response] = await f.exchange(request(Method.OPTIONS));
    expect(response && headerValues(response, 'Supported')).toEqual(['path, timer']);
    expect(f.calls.seen).toEqual([]);
    await f.stack.stop();
  });

  it('answers a method it does not handle outside a dialog with 405 and Allow', async () => {
    const f = await fixture();
    const [response] = await f.exchange(request(Method.SUBSCRIBE));
    expect(response?.status).toBe(Status.MethodNotAllowed);
    expect(response && headerValues(response, 'Allow')).toEqual(['INVITE, ACK, CANCEL, BYE, OPTIONS, REGISTER, UPDATE, INFO, PRACK']);
    await f.stack.stop();
  });

  it('while draining, refuses new requests with 503 and Retry-After and lets calls in progress finish', async () => {
    const f = await fixture();
    f.application.drain();
    const [refused] = await f.exchange(request(Method.INVITE, { callId: 'late' }));
    expect(refused?.status).toBe(Status.ServiceUnavailable);
    expect(refused && headerValues(refused, 'Retry-After')).toEqual(['10']);
    expect(statuses(await f.exchange(request(Method.REGISTER, { callId: 'late-reg' })))).toEqual([Status.ServiceUnavailable]);
    expect(statuses(await f.exchange(request(Method.BYE, { toTag: 'callee' })))).toEqual([Status.OK]);
    expect(f.calls.seen).toEqual([`BYE from ${PHONE.host}`]);
    await f.stack.stop();
  });
});
