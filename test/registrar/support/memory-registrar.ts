/**
 * The SIP service on an in-memory network and a simulated clock, with a phone that speaks raw
 * SIP to it: every timer (transactions, expiry, qualify, nonces) moves only when the test
 * advances the clock. The phone sends from 192.0.2.20 while its Contact and Via name a
 * private address, as a phone behind NAT does.
 */
import { pino } from 'pino';
import { InMemoryDirectory } from '../../../src/centrex/directory/in-memory-directory.js';
import type { DirectoryUser } from '../../../src/centrex/directory/directory.js';
import { startSipService } from '../../../src/centrex/registrar/sip-service.js';
import type { SipService, SipServiceOptions } from '../../../src/centrex/registrar/sip-service.js';
import {
  DigestClient, MemoryNetwork, SimulatedClock, Status, createResponse, ha1, headerValues, parseMessage, sequentialIds, serializeMessage,
} from '../../../src/sip/index.js';
import type { MemoryTransport, SipMessage, SipRequest, SipResponse } from '../../../src/sip/index.js';

export const START = Date.UTC(2026, 0, 1, 9, 0, 0);
export const SERVER = { host: '192.0.2.10', port: 5060 };
export const PHONE = { host: '192.0.2.20', port: 5062 };
/** What the phone believes its address is (behind NAT). */
export const PRIVATE = { host: '10.0.0.5', port: 5062 };
export const DOMAIN = 'acme.example';
export const TENANT = { id: '00000000-0000-4000-8000-000000000001', slug: 'acme', name: 'ACME', sipDomain: DOMAIN };

export function directoryUser(id: string, sipUsername: string, extension: string, password: string | null): DirectoryUser {
  return {
    id,
    tenantId: TENANT.id,
    extension,
    displayName: sipUsername,
    sipUsername,
    credentials: password === null ? null : { username: sipUsername, realm: DOMAIN, ha1: { MD5: ha1(sipUsername, DOMAIN, password, 'MD5'), 'SHA-256': ha1(sipUsername, DOMAIN, password, 'SHA-256') } },
    dnd: false,
    forwarding: {},
    classOfService: 'international',
    clir: false,
    ringExternal: null,
  };
}

export const ALICE = directoryUser('00000000-0000-4000-8000-00000000000a', 'alice', '100', 'alice-secret');
export const BOB = directoryUser('00000000-0000-4000-8000-00000000000b', 'bob', '101', 'bob-secret');

export interface RegisterOptions {
  readonly user?: string;
  readonly callId?: string;
  readonly cseq?: number;
  readonly contact?: string;
  readonly headers?: readonly string[];
  readonly authorization?: string;
}

export class MemoryRegistrar {
  private branches = 0;

  private constructor(
    /** What the phone received and has not been taken yet. */
    readonly received: SipMessage[],
    readonly clock: SimulatedClock,
    readonly directory: InMemoryDirectory,
    readonly service: SipService,
    readonly phone: MemoryTransport,
  ) {}

  static async start(overrides: Partial<SipServiceOptions> = {}): Promise<MemoryRegistrar> {
    const clock = new SimulatedClock(START);
    const network = new MemoryNetwork({ clock, latencyMs: 1 });
    const directory = new InMemoryDirectory();
    directory.putTenant(TENANT, 1);
    directory.putUser(ALICE, 2);
    directory.putUser(BOB, 3);
    const service = await startSipService({
      clock,
      ids: sequentialIds('id'),
      directory,
      transports: [(handlers) => Promise.resolve(network.attach({ ...SERVER, ...handlers }))],
      registration: { minExpires: 60, maxExpires: 7200, defaultExpires: 3600, maxBindingsPerUser: 5 },
      qualify: { intervalMs: 30_000, giveUpMs: 120_000 },
      digest: { algorithms: ['MD5'], secret: 'memory registrar secret' },
      abuse: { windowMs: 60_000, threshold: 10, blockMs: 900_000, allow: [] },
      log: pino({ level: 'silent' }),
      ...overrides,
    });
    const received: SipMessage[] = [];
    const phone = network.attach({
      ...PHONE,
      onMessage: (message) => {
        const parsed = parseMessage(message.data);
        if (parsed.ok) received.push(parsed.message);
      },
    });
    return new MemoryRegistrar(received, clock, directory, service, phone);
  }

  stop(): Promise<void> {
    return this.service.stop();
  }

  /** Sends raw SIP from the phone and lets 10 ms pass; returns what arrived meanwhile. */
  async send(text: string, from: MemoryTransport = this.phone): Promise<SipMessage[]> {
    await from.send(Buffer.from(text.split('\n').join('\r\n')), SERVER);
    this.clock.advance(10);
    return this.received.splice(0);
  }

  /** Sends a request and returns its final response (or throws if none came). */
  async request(text: string): Promise<SipResponse> {
    const final = (await this.send(text)).find((m): m is SipResponse => m.kind === 'response' && m.status >= 200);
    if (!final) throw new Error('no final response');
    return final;
  }

  registerText(options: RegisterOptions = {}): string {
    const user = options.user ?? 'alice';
    return [
      `REGISTER sip:${DOMAIN} SIP/2.0`,
      `Via: SIP/2.0/UDP ${PRIVATE.host}:${PRIVATE.port};branch=z9hG4bK-ph${++this.branches};rport`,
      'Max-Forwards: 70',
      `From: <sip:${user}@${DOMAIN}>;tag=ph-${user}`,
      `To: <sip:${user}@${DOMAIN}>`,
      `Call-ID: ${options.callId ?? `reg-${user}`}`,
      `CSeq: ${options.cseq ?? 1} REGISTER`,
      ...(options.contact === '' ? [] : [`Contact: ${options.contact ?? `<sip:${user}@${PRIVATE.host}:${PRIVATE.port}>`}`]),
      ...(options.headers ?? []),
      ...(options.authorization ? [`Authorization: ${options.authorization}`] : []),
      'Content-Length: 0',
      '',
      '',
    ].join('\n');
  }

  /** REGISTER, answer the 401 with `password` for `username` (default: the user's own), return the final response. */
  async register(options: RegisterOptions & { readonly password: string; readonly username?: string }): Promise<SipResponse> {
    const cseq = options.cseq ?? 1;
    const challenge = await this.request(this.registerText({ ...options, cseq }));
    if (challenge.status !== 401) return challenge;
    return this.request(this.registerText({ ...options, cseq: cseq + 1, authorization: this.answer(challenge, options) }));
  }

  /** Credentials answering `challenge` (a 401) for a REGISTER. */
  answer(challenge: SipResponse, options: { readonly password: string; readonly username?: string; readonly user?: string }): string {
    const client = new DigestClient({ username: options.username ?? options.user ?? 'alice', password: options.password });
    const answer = client.answer(headerValues(challenge, 'WWW-Authenticate'), { method: 'REGISTER', requestUri: `sip:${DOMAIN}` });
    if (answer.kind !== 'credentials') throw new Error(`cannot answer the challenge: ${answer.kind}`);
    return answer.value;
  }

  /** Answers every request the phone has received with 200 (as a phone answers OPTIONS). */
  async answerRequests(): Promise<SipRequest[]> {
    const requests = this.received.filter((m): m is SipRequest => m.kind === 'request');
    this.received.splice(0);
    for (const request of requests) await this.phone.send(serializeMessage(createResponse(request, Status.OK, { toTag: 'phone' })), SERVER);
    this.clock.advance(10);
    return requests;
  }
}
