/**
 * A phone for call tests, built on the SIP library's stack only: it registers with Digest,
 * places calls (answering the 407 challenge), rings, answers or rejects incoming calls, and
 * inside a call sends and answers BYE, re-INVITE and UPDATE. Everything it sent and received is
 * kept for the test to look at. It runs on the memory network or on loopback UDP alike.
 */
import {
  DigestClient, Method, SipStack, Status, createAck, createInDialogRequest, createRequest, createResponse, createUacDialog, createUasDialog,
  formatUri, headerValues, isProvisional, isSuccess, noParams, parseUri, receiveInDialogRequest, removeTopVia, sameDialogId, tagOf,
} from '../../../src/sip/index.js';
import type {
  ClientTransaction, Clock, Dialog, ExtraHeader, IdSource, NameAddr, OutboundTarget, ServerTransaction, SipMethod, SipRequest, SipResponse,
  StatusCode, TransportOpener, TransportProtocol, Uri,
} from '../../../src/sip/index.js';

export interface TestPhoneOptions {
  readonly username: string;
  readonly password: string;
  readonly domain: string;
  /** belay's address. */
  readonly server: OutboundTarget;
  readonly transport: TransportOpener;
  readonly clock: Clock;
  readonly ids: IdSource;
  readonly userAgent?: string;
  /** What the phone does with an incoming call as it arrives (ring, answer, reject …); nothing by default. */
  readonly onInvite?: (call: IncomingCall) => void;
}

const SDP_TYPE = { type: 'application', subtype: 'sdp', params: noParams };

/** A minimal audio offer or answer from `host`, port `port`, with an optional direction attribute. */
export function testSdp(host: string, port: number, direction?: 'sendonly' | 'recvonly' | 'inactive' | 'sendrecv'): string {
  return [
    'v=0',
    `o=phone ${port} 1 IN IP4 ${host}`,
    's=-',
    `c=IN IP4 ${host}`,
    't=0 0',
    `m=audio ${port} RTP/AVP 0`,
    'a=rtpmap:0 PCMU/8000',
    ...(direction ? [`a=${direction}`] : []),
    '',
  ].join('\r\n');
}

/** The dialog builders write a Via; the stack writes its own, so theirs is taken off. */
const BUILDER_VIA = { protocol: 'SIP/2.0', transport: 'UDP', host: 'invalid', params: noParams };

function parseSipUri(text: string): Uri {
  const parsed = parseUri(text);
  if (!parsed.ok) throw new Error(`${text}: ${parsed.reason}`);
  return parsed.value;
}

/** A final response other than 200 to a request received in a dialog. */
export interface Refusal {
  readonly status: StatusCode;
  readonly headers: readonly ExtraHeader[];
}

/** One dialog of the phone: requests it receives in it are kept and answered, requests it sends are tracked. */
abstract class PhoneDialog {
  dialog: Dialog | undefined;
  /** Requests received in the dialog (BYE, re-INVITE, UPDATE, INFO …), and ACKs. */
  readonly received: SipRequest[] = [];
  /** Responses to requests this phone sent in the dialog, by method. */
  readonly answers: SipResponse[] = [];
  ended = false;
  /** The SDP this phone answers a re-INVITE or UPDATE with; by default the offer comes back unchanged. */
  answerOffer: (offer: string) => string = (offer) => offer;
  private lastAck: SipRequest | undefined;

  constructor(protected readonly phone: TestPhone) {}

  /** While set, re-INVITEs received are kept unanswered in `held` until {@link answerHeld}. */
  holdReinvites = false;
  readonly held: ServerTransaction[] = [];

  /** While set, asked first about each request received in the dialog: what it returns (a challenge, say) answers the request instead. */
  screen: ((request: SipRequest) => Refusal | undefined) | undefined;

  /** Sends `method` in the dialog (BYE, re-INVITE with `sdp`, UPDATE …); the transaction, e.g. to cancel a re-INVITE. */
  send(method: SipMethod, options: { readonly sdp?: string; readonly headers?: readonly ExtraHeader[] } = {}): ClientTransaction | undefined {
    const dialog = this.required();
    const built = createInDialogRequest(dialog, method, {
      via: BUILDER_VIA,
      ids: this.phone.options.ids,
      ...(options.headers ? { headers: options.headers } : {}),
      ...(options.sdp === undefined ? {} : { body: Buffer.from(options.sdp), contentType: SDP_TYPE }),
    });
    this.dialog = built.dialog;
    if (method === Method.BYE) this.ended = true;
    const outcome = this.phone.stack.sendRequest(removeTopVia(built.request), this.phone.options.server, {
      onResponse: (response) => {
        if (response.status === Status.Trying) return;
        const repeated = this.answers.some((a) => a.cseq.seq === response.cseq.seq && a.status === response.status);
        if (!repeated) this.answers.push(response);
        if (method === Method.INVITE && isSuccess(response.status)) {
          if (repeated) this.resendAck();
          else this.ack(built.request);
        }
      },
    });
    return outcome.ok ? outcome.transaction : undefined;
  }

  /** Answers the re-INVITEs held so far. */
  answerHeld(): void {
    for (const tx of this.held.splice(0)) this.answer200(tx, tx.request);
  }

  /** @internal */
  receive(tx: ServerTransaction, request: SipRequest): void {
    this.received.push(request);
    const receipt = receiveInDialogRequest({ find: (id) => (this.dialog && sameDialogId(id, this.dialog.id) ? this.dialog : undefined) }, request);
    if (receipt.kind !== 'accepted') {
      tx.respond(createResponse(request, receipt.kind === 'rejected' ? receipt.status : Status.CallOrTransactionDoesNotExist));
      return;
    }
    // a request refused (challenged, say) leaves the dialog as it was: a BYE does not end it
    const refusal = this.screen?.(request);
    if (refusal) {
      tx.respond(createResponse(request, refusal.status, { headers: refusal.headers }));
      return;
    }
    this.dialog = receipt.dialog;
    if (request.method === Method.BYE) this.ended = true;
    if (request.method === Method.INVITE && this.holdReinvites) {
      this.held.push(tx);
      return;
    }
    this.answer200(tx, request);
  }

  private answer200(tx: ServerTransaction, request: SipRequest): void {
    const offer = request.body.length > 0 ? request.body.toString() : undefined;
    const answer = offer !== undefined && (request.method === Method.INVITE || request.method === Method.UPDATE) ? this.answerOffer(offer) : undefined;
    tx.respond(
      createResponse(request, Status.OK, {
        ...(request.method === Method.INVITE || request.method === Method.UPDATE ? { contacts: [this.phone.contact] } : {}),
        ...(answer === undefined ? {} : { body: Buffer.from(answer), contentType: SDP_TYPE }),
      }),
    );
  }

  /** @internal An ACK for a 2xx this phone sent. */
  acked(ack: SipRequest): void {
    this.received.push(ack);
  }

  /** @internal A 2xx retransmission for an INVITE whose ACK went already. */
  resendAck(): void {
    if (this.lastAck) void this.phone.stack.sendStateless(this.lastAck, this.phone.options.server);
  }

  /** The ACK for a 2xx to `invite`; `sdp` answers an offer the 2xx made (an INVITE without one). */
  protected ack(invite: SipRequest, sdp?: string): void {
    const dialog = this.required();
    const body = sdp === undefined ? {} : { body: Buffer.from(sdp), contentType: SDP_TYPE };
    this.lastAck = removeTopVia(createAck(dialog, invite, { via: BUILDER_VIA, ids: this.phone.options.ids, ...body }));
    void this.phone.stack.sendStateless(this.lastAck, this.phone.options.server);
  }

  protected required(): Dialog {
    if (!this.dialog) throw new Error('the call has no dialog yet');
    return this.dialog;
  }

  abstract get key(): string;
}

export interface DialOptions {
  readonly sdp?: string;
  readonly headers?: readonly ExtraHeader[];
  /** `false`: the phone never acknowledges the 2xx (a broken phone). */
  readonly ack?: boolean;
}

/** A call this phone placed. */
export class OutgoingCall extends PhoneDialog {
  readonly responses: SipResponse[] = [];
  private transaction: ClientTransaction | undefined;
  private invite: SipRequest;
  private readonly client: DigestClient;

  constructor(phone: TestPhone, uri: string, private readonly options: DialOptions) {
    super(phone);
    const { ids, domain, username, password } = phone.options;
    this.client = new DigestClient({ username, password });
    this.invite = createRequest({
      method: Method.INVITE,
      uri: phone.uri(uri),
      via: [],
      from: { uri: phone.uri(`sip:${username}@${domain}`), params: new Map([['tag', ids()]]) },
      to: { uri: phone.uri(uri), params: noParams },
      callId: ids(),
      cseq: 1,
      contacts: [phone.contact],
      headers: [...(options.headers ?? []), ...phone.userAgentHeader],
      ...(options.sdp === undefined ? {} : { body: Buffer.from(options.sdp), contentType: SDP_TYPE }),
    });
    this.start();
  }

  get key(): string {
    return `${this.invite.callId}\n${tagOf(this.invite.from) ?? ''}`;
  }

  /** The final response, once there is one. */
  get final(): SipResponse | undefined {
    return this.responses.find((r) => r.status >= Status.OK && r.status !== Status.ProxyAuthenticationRequired);
  }

  get statuses(): StatusCode[] {
    return this.responses.map((r) => r.status);
  }

  cancel(): void {
    this.transaction?.cancel();
  }

  /** @internal A 2xx that arrived after its transaction ended. */
  stray(response: SipResponse): void {
    if (isSuccess(response.status)) this.resendAck();
  }

  private start(): void {
    const outcome = this.phone.stack.sendRequest(this.invite, this.phone.options.server, { onResponse: (r) => this.response(r) });
    if (!outcome.ok) throw new Error('the phone could not send its INVITE');
    this.transaction = outcome.transaction;
    this.invite = outcome.transaction.request;
  }

  private response(response: SipResponse): void {
    if (response.status !== Status.Trying) this.responses.push(response);
    if (response.status === Status.ProxyAuthenticationRequired && !this.dialog) {
      const answer = this.client.answer(headerValues(response, 'Proxy-Authenticate'), { method: Method.INVITE, requestUri: formatUri(this.invite.uri) });
      if (answer.kind !== 'credentials') return;
      this.invite = createRequest({
        method: Method.INVITE,
        uri: this.invite.uri,
        via: [],
        from: this.invite.from,
        to: { uri: this.invite.to.uri, params: noParams },
        callId: this.invite.callId,
        cseq: this.invite.cseq.seq + 1,
        contacts: this.invite.contacts,
        headers: [...this.extraHeaders(), { name: 'Proxy-Authorization', value: answer.value }],
        body: this.invite.body,
        ...(this.invite.contentType ? { contentType: this.invite.contentType } : {}),
      });
      this.start();
      return;
    }
    if (!isSuccess(response.status) || isProvisional(response.status)) return;
    if (this.dialog) {
      this.resendAck();
      return;
    }
    const created = createUacDialog(this.invite, response);
    if (!created.ok) throw new Error(`the 2xx creates no dialog: ${created.reason}`);
    this.dialog = created.dialog;
    if (this.options.ack === false) return;
    const offer = this.invite.body.length === 0 && response.body.length > 0 ? response.body.toString() : undefined;
    this.ack(this.invite, offer === undefined ? undefined : this.answerOffer(offer));
  }

  /** The INVITE's own extra lines (not the typed ones, not earlier credentials). */
  private extraHeaders(): ExtraHeader[] {
    const own = ['user-agent', 'session-expires', 'supported', 'min-se', 'allow'];
    return this.invite.headers.filter((h) => own.includes(h.name.toLowerCase())).map((h) => ({ name: h.name, value: h.value }));
  }
}

/** A call that arrived at this phone. */
export class IncomingCall extends PhoneDialog {
  readonly toTag: string;
  /** The CANCEL, if the caller cancelled. */
  cancel: SipRequest | undefined;
  /** The 2xx this phone answered with. */
  private answered: SipResponse | undefined;

  /** The INVITE (its transaction lets go of it once answered with a 2xx). */
  readonly request: SipRequest;

  constructor(
    phone: TestPhone,
    readonly transaction: ServerTransaction,
  ) {
    super(phone);
    this.request = transaction.request;
    this.toTag = phone.options.ids();
  }

  get key(): string {
    return `${this.request.callId}\n${this.toTag}`;
  }

  ring(status: typeof Status.Ringing | typeof Status.SessionProgress = Status.Ringing, sdp?: string): void {
    this.transaction.respond(
      createResponse(this.request, status, {
        toTag: this.toTag,
        contacts: [this.phone.contact],
        ...(sdp === undefined ? {} : { body: Buffer.from(sdp), contentType: SDP_TYPE }),
      }),
    );
  }

  answer(sdp: string, headers: readonly ExtraHeader[] = []): void {
    const response = createResponse(this.request, Status.OK, {
      toTag: this.toTag,
      contacts: [this.phone.contact],
      headers: [...headers, ...this.phone.userAgentHeader],
      body: Buffer.from(sdp),
      contentType: SDP_TYPE,
    });
    this.transaction.respond(response);
    this.answered = response;
    const created = createUasDialog(this.request, response);
    if (!created.ok) throw new Error(`the INVITE creates no dialog: ${created.reason}`);
    this.dialog = created.dialog;
  }

  /** Sends the 2xx once more, as a phone does that heard no ACK (§13.3.1.4). */
  answerAgain(): void {
    if (!this.answered) throw new Error('the call was not answered');
    this.transaction.respond(this.answered);
  }

  reject(status: StatusCode, headers: readonly ExtraHeader[] = []): void {
    this.transaction.respond(createResponse(this.request, status, { toTag: this.toTag, headers }));
  }
}

export class TestPhone {
  readonly incoming: IncomingCall[] = [];
  readonly outgoing: OutgoingCall[] = [];
  /** Final responses to this phone's REGISTERs. */
  readonly registrations: SipResponse[] = [];
  readonly stack: SipStack;
  private registerCSeq = 0;
  private readonly registerCallId: string;
  private readonly registrar: DigestClient;

  private constructor(readonly options: TestPhoneOptions) {
    this.registerCallId = options.ids();
    this.registrar = new DigestClient({ username: options.username, password: options.password });
    this.stack = new SipStack({
      transports: [options.transport],
      clock: options.clock,
      ids: options.ids,
      delegate: {
        onRequest: (tx, request) => this.request(tx, request),
        onAck: (ack) => this.dialogOf(ack.callId, tagOf(ack.to))?.acked(ack),
        onCancel: (invite, cancel) => {
          const call = this.incoming.find((c) => c.transaction === invite);
          if (call) call.cancel = cancel;
        },
        onStrayResponse: (response) => {
          const call = this.outgoing.find((c) => c.key === `${response.callId}\n${tagOf(response.from) ?? ''}`);
          call?.stray(response);
        },
      },
    });
  }

  static async start(options: TestPhoneOptions): Promise<TestPhone> {
    const phone = new TestPhone(options);
    await phone.stack.start();
    return phone;
  }

  get protocol(): TransportProtocol {
    return this.options.server.protocol;
  }

  get contact(): NameAddr {
    return { uri: this.stack.contactUri(this.protocol, this.options.username), params: noParams };
  }

  /** @internal */
  get userAgentHeader(): ExtraHeader[] {
    return this.options.userAgent ? [{ name: 'User-Agent', value: this.options.userAgent }] : [];
  }

  /** @internal `202` or a full URI. */
  uri(text: string): Uri {
    return parseSipUri(text.includes(':') ? text : `sip:${text}@${this.options.domain}`);
  }

  /** REGISTERs this phone's Contact (answering the 401); the final response lands in `registrations`. */
  register(expires = 3600, authorization?: string): void {
    const { domain, username, server, ids } = this.options;
    const request = createRequest({
      method: Method.REGISTER,
      uri: parseSipUri(`sip:${domain}`),
      via: [],
      from: { uri: parseSipUri(`sip:${username}@${domain}`), params: new Map([['tag', ids()]]) },
      to: { uri: parseSipUri(`sip:${username}@${domain}`), params: noParams },
      callId: this.registerCallId,
      cseq: ++this.registerCSeq,
      contacts: [this.contact],
      headers: [{ name: 'Expires', value: String(expires) }, ...this.userAgentHeader, ...(authorization ? [{ name: 'Authorization', value: authorization }] : [])],
    });
    this.stack.sendRequest(request, server, {
      onResponse: (response) => {
        if (response.status === Status.Unauthorized && authorization === undefined) {
          const answer = this.registrar.answer(headerValues(response, 'WWW-Authenticate'), { method: Method.REGISTER, requestUri: `sip:${domain}` });
          if (answer.kind === 'credentials') this.register(expires, answer.value);
          return;
        }
        if (response.status >= Status.OK) this.registrations.push(response);
      },
    });
  }

  /** Calls `target` (`202`, or a full URI); the phone answers the proxy challenge itself. */
  dial(target: string, options: DialOptions = {}): OutgoingCall {
    const call = new OutgoingCall(this, target, options);
    this.outgoing.push(call);
    return call;
  }

  stop(): Promise<void> {
    return this.stack.stop();
  }

  private dialogOf(callId: string, localTag: string | undefined): PhoneDialog | undefined {
    const key = `${callId}\n${localTag ?? ''}`;
    return [...this.incoming, ...this.outgoing].find((call) => call.key === key);
  }

  private request(tx: ServerTransaction, request: SipRequest): void {
    const localTag = tagOf(request.to);
    if (localTag === undefined && request.method === Method.INVITE) {
      const call = new IncomingCall(this, tx);
      this.incoming.push(call);
      this.options.onInvite?.(call);
      return;
    }
    const call = this.dialogOf(request.callId, localTag);
    if (call) call.receive(tx, request);
    else tx.respond(createResponse(request, request.method === Method.OPTIONS ? Status.OK : Status.CallOrTransactionDoesNotExist, { toTag: this.options.ids() }));
  }
}
