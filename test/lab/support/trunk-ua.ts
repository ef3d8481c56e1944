/**
 * A customer's trunk side for the carrier tests, built on the SIP library's stack only: it
 * registers with Digest, places calls with the identity headers a test chooses (answering the
 * 407), answers calls the network delivers (180, 200 with PCMU) and exchanges RTP, and hangs up.
 * Everything it received is kept for the test to look at. UDP on loopback.
 */
import { RtpEndpoint, mediaAddress, sdpAnswer, sdpOffer } from '../../../src/media/index.js';
import {
  DigestClient, Method, SipStack, Status, SystemClock, UdpTransport, createAck, createInDialogRequest, createRequest, createResponse, createUacDialog,
  createUasDialog, formatUri, headerValues, isProvisional, isSuccess, noParams, parseNameAddr, parseUri, randomIds, receiveInDialogRequest,
  removeTopVia, sameDialogId, tagOf,
} from '../../../src/sip/index.js';
import type { ClientTransaction, Dialog, ExtraHeader, NameAddr, OutboundTarget, ServerTransaction, SipRequest, SipResponse, StatusCode, Uri } from '../../../src/sip/index.js';

const SDP = { type: 'application', subtype: 'sdp', params: noParams };
const BUILDER_VIA = { protocol: 'SIP/2.0', transport: 'UDP', host: 'invalid', params: noParams };
const clock = new SystemClock();

function uri(text: string): Uri {
  const parsed = parseUri(text);
  if (!parsed.ok) throw new Error(`${text}: ${parsed.reason}`);
  return parsed.value;
}

function nameAddr(text: string): NameAddr {
  const parsed = parseNameAddr(text);
  if (!parsed.ok) throw new Error(`${text}: ${parsed.reason}`);
  return parsed.value;
}

/** One answered call with its media, either direction. */
class CallMedia {
  dialog: Dialog | undefined;
  ended = false;

  constructor(
    protected readonly ua: TrunkUa,
    readonly endpoint: RtpEndpoint,
  ) {}

  get rtp(): { readonly sent: number; readonly received: number } {
    return this.endpoint.stats;
  }

  /** Sends BYE and waits for its answer. */
  hangUp(): Promise<StatusCode | undefined> {
    const dialog = this.dialog;
    if (!dialog || this.ended) return Promise.resolve(undefined);
    this.ended = true;
    this.endpoint.stopSending();
    const built = createInDialogRequest(dialog, Method.BYE, { via: BUILDER_VIA, ids: randomIds });
    this.dialog = built.dialog;
    return new Promise((resolve) => {
      const sent = this.ua.stack.sendRequest(removeTopVia(built.request), this.ua.carrierTarget, {
        onResponse: (response) => {
          if (!isProvisional(response.status)) resolve(response.status);
        },
        onTimeout: () => resolve(undefined),
        onTransportError: () => resolve(undefined),
      });
      if (!sent.ok) resolve(undefined);
    });
  }

  /** @internal a request in this call's dialog */
  receive(transaction: ServerTransaction, request: SipRequest): void {
    const receipt = receiveInDialogRequest({ find: (id) => (this.dialog && sameDialogId(id, this.dialog.id) ? this.dialog : undefined) }, request);
    if (receipt.kind !== 'accepted') {
      transaction.respond(createResponse(request, receipt.kind === 'rejected' ? receipt.status : Status.CallOrTransactionDoesNotExist));
      return;
    }
    this.dialog = receipt.dialog;
    if (request.method === Method.BYE) {
      this.ended = true;
      this.endpoint.stopSending();
    }
    transaction.respond(createResponse(request, Status.OK));
  }
}

/** A call the network delivered to this trunk. */
export class IncomingCall extends CallMedia {
  constructor(
    ua: TrunkUa,
    endpoint: RtpEndpoint,
    readonly invite: SipRequest,
  ) {
    super(ua, endpoint);
  }

  header(name: string): string[] {
    return headerValues(this.invite, name);
  }
}

/** A call this trunk placed. */
export class OutgoingCall extends CallMedia {
  readonly responses: SipResponse[] = [];
  readonly final: Promise<SipResponse>;
  /** The ACK for the 2xx, sent again for each retransmission of it. */
  ack: SipRequest | undefined;
  /** The INVITE transaction in progress. */
  transaction: ClientTransaction | undefined;
  private settle: (response: SipResponse) => void = () => undefined;

  constructor(ua: TrunkUa, endpoint: RtpEndpoint) {
    super(ua, endpoint);
    this.final = new Promise((resolve) => (this.settle = resolve));
  }

  /** CANCEL while it rings. */
  cancel(): void {
    this.transaction?.cancel();
  }

  /** @internal */
  finish(response: SipResponse): void {
    this.settle(response);
  }
}

export interface TrunkUaOptions {
  /** The carrier's address. */
  readonly carrier: { readonly host: string; readonly port: number };
  /** Register-mode trunk credentials, for REGISTER and the INVITE challenges. */
  readonly account?: { readonly username: string; readonly password: string };
  /** How calls delivered to this trunk are answered. */
  readonly answer?: 'answer' | 'busy';
}

export interface InviteOptions {
  /** The called number, as the Request-URI user. */
  readonly to: string;
  /** The From header (name-addr); the tag is added. */
  readonly from: string;
  readonly headers?: readonly ExtraHeader[];
}

export class TrunkUa {
  readonly incoming: IncomingCall[] = [];
  private readonly calls = new Map<string, CallMedia>();
  private readonly endpoints: RtpEndpoint[] = [];

  readonly stack: SipStack;

  private constructor(private readonly options: TrunkUaOptions) {
    this.stack = new SipStack({
      transports: [(handlers) => UdpTransport.listen({ host: '127.0.0.1', port: 0, ...handlers })],
      clock,
      ids: randomIds,
      delegate: {
        onRequest: (transaction, request) => this.request(transaction, request),
        onStrayResponse: (response) => this.stray(response),
      },
    });
  }

  static async start(options: TrunkUaOptions): Promise<TrunkUa> {
    const ua = new TrunkUa(options);
    await ua.stack.start();
    return ua;
  }

  get address(): { readonly host: string; readonly port: number } {
    return this.stack.sentBy('udp');
  }

  get carrierTarget(): OutboundTarget {
    return { protocol: 'udp', ...this.options.carrier };
  }

  private get domain(): string {
    return `${this.options.carrier.host}:${this.options.carrier.port}`;
  }

  /** REGISTER, answering a 401 once; the final status. */
  async register(expires = 600): Promise<SipResponse> {
    const account = this.options.account;
    if (!account) throw new Error('an ip-mode trunk does not register');
    const client = new DigestClient(account);
    const callId = randomIds();
    const fromTag = randomIds();
    const build = (cseq: number, authorization?: string): SipRequest =>
      createRequest({
        method: Method.REGISTER,
        uri: uri(`sip:${this.domain}`),
        via: [],
        from: { uri: uri(`sip:${account.username}@${this.domain}`), params: new Map([['tag', fromTag]]) },
        to: { uri: uri(`sip:${account.username}@${this.domain}`), params: noParams },
        callId,
        cseq,
        contacts: [{ uri: this.stack.contactUri('udp', account.username), params: noParams }],
        headers: [{ name: 'Expires', value: String(expires) }, ...(authorization ? [{ name: 'Authorization', value: authorization }] : [])],
      });
    const first = await this.send(build(1));
    if (first.status !== Status.Unauthorized) return first;
    const request = build(2);
    const answer = client.answer(headerValues(first, 'WWW-Authenticate'), { method: Method.REGISTER, requestUri: formatUri(request.uri), body: request.body });
    if (answer.kind !== 'credentials') throw new Error(`cannot answer the challenge: ${answer.kind}`);
    return this.send(build(2, answer.value));
  }

  /** Places a call offering PCMU; answers a 407 with the account's credentials. */
  async invite(options: InviteOptions): Promise<OutgoingCall> {
    const endpoint = await this.endpoint();
    const call = new OutgoingCall(this, endpoint);
    const from = nameAddr(options.from);
    const fromTag = randomIds();
    const callId = randomIds();
    this.calls.set(`${callId}\n${fromTag}`, call);
    const client = this.options.account && new DigestClient(this.options.account);
    const build = (cseq: number, authorization?: string): SipRequest =>
      createRequest({
        method: Method.INVITE,
        uri: uri(`sip:${options.to}@${this.domain};user=phone`),
        via: [],
        from: { ...from, params: new Map([['tag', fromTag]]) },
        to: { uri: uri(`sip:${options.to}@${this.domain};user=phone`), params: noParams },
        callId,
        cseq,
        contacts: [{ uri: this.stack.contactUri('udp'), params: noParams }],
        headers: [...(options.headers ?? []), ...(authorization ? [{ name: 'Proxy-Authorization', value: authorization }] : [])],
        body: Buffer.from(sdpOffer(endpoint.local)),
        contentType: SDP,
      });
    const send = (invite: SipRequest, challenged: boolean): void => {
      const outcome = this.stack.sendRequest(invite, this.carrierTarget, {
        onResponse: (response) => {
          call.responses.push(response);
          if (response.status === Status.ProxyAuthenticationRequired && client && !challenged) {
            const retry = build(invite.cseq.seq + 1);
            const answer = client.answer(headerValues(response, 'Proxy-Authenticate'), { method: Method.INVITE, requestUri: formatUri(retry.uri), body: retry.body });
            if (answer.kind === 'credentials') {
              send(build(retry.cseq.seq, answer.value), true);
              return;
            }
          }
          if (isProvisional(response.status)) return;
          if (isSuccess(response.status)) this.answered(call, invite, response);
          call.finish(response);
        },
      });
      if (outcome.ok) call.transaction = outcome.transaction;
    };
    send(build(1), false);
    return call;
  }

  async stop(): Promise<void> {
    await Promise.all(this.endpoints.map((e) => e.close()));
    await this.stack.stop();
  }

  private answered(call: OutgoingCall, invite: SipRequest, response: SipResponse): void {
    const created = createUacDialog(invite, response);
    if (!created.ok) throw new Error(created.reason);
    call.dialog = created.dialog;
    call.ack = removeTopVia(createAck(created.dialog, invite, { via: BUILDER_VIA, ids: randomIds }));
    void this.stack.sendStateless(call.ack, this.carrierTarget);
    const remote = mediaAddress(response.body.toString('utf8'));
    if (remote) call.endpoint.startSending(remote);
  }

  private async endpoint(): Promise<RtpEndpoint> {
    const endpoint = await RtpEndpoint.open({ host: '127.0.0.1', clock });
    this.endpoints.push(endpoint);
    return endpoint;
  }

  private send(request: SipRequest): Promise<SipResponse> {
    return new Promise((resolve, reject) => {
      this.stack.sendRequest(request, this.carrierTarget, {
        onResponse: (response) => {
          if (!isProvisional(response.status)) resolve(response);
        },
        onTimeout: () => reject(new Error(`${request.method} timed out`)),
      });
    });
  }

  private stray(response: SipResponse): void {
    // a 2xx resent because the ACK was lost: the ACK again
    const call = this.calls.get(`${response.callId}\n${tagOf(response.from) ?? ''}`);
    if (call instanceof OutgoingCall && call.ack && isSuccess(response.status)) void this.stack.sendStateless(call.ack, this.carrierTarget);
  }

  private request(transaction: ServerTransaction, request: SipRequest): void {
    const toTag = tagOf(request.to);
    if (toTag !== undefined) {
      const call = [...this.calls.values()].find((c) => c.dialog?.id.callId === request.callId && c.dialog.id.localTag === toTag);
      if (call) call.receive(transaction, request);
      else transaction.respond(createResponse(request, Status.CallOrTransactionDoesNotExist));
      return;
    }
    if (request.method !== Method.INVITE) {
      transaction.respond(createResponse(request, Status.OK, { toTag: randomIds() }));
      return;
    }
    void this.answerInvite(transaction, request);
  }

  private async answerInvite(transaction: ServerTransaction, request: SipRequest): Promise<void> {
    const localTag = randomIds();
    const contact = { uri: this.stack.contactUri('udp'), params: noParams };
    if (this.options.answer === 'busy') {
      transaction.respond(createResponse(request, Status.BusyHere, { toTag: localTag }));
      return;
    }
    transaction.respond(createResponse(request, Status.Ringing, { toTag: localTag, contacts: [contact] }));
    const endpoint = await this.endpoint();
    const answer = sdpAnswer(request.body.toString('utf8'), endpoint.local);
    if (!answer.ok) {
      transaction.respond(createResponse(request, Status.NotAcceptableHere, { toTag: localTag }));
      return;
    }
    const response = createResponse(request, Status.OK, { toTag: localTag, contacts: [contact], body: Buffer.from(answer.sdp), contentType: SDP });
    transaction.respond(response);
    const created = createUasDialog(request, response);
    if (!created.ok) throw new Error(created.reason);
    const call = new IncomingCall(this, endpoint, request);
    call.dialog = created.dialog;
    this.calls.set(`${request.callId}\n${localTag}`, call);
    this.incoming.push(call);
    endpoint.startSending(answer.remote);
  }
}
