/**
 * The outbound side of a stack: writes messages to bytes and hands them to the transport that
 * should carry them, responses routed by their top Via (RFC 3261 §18.2.2, RFC 3581 §4); and
 * the address the stack puts in its own Via sent-by and Contact.
 */
import type { Via } from '../header-values.js';
import type { SipMessage, SipResponse } from '../message.js';
import { noParams } from '../params.js';
import { serializeMessage } from '../serialize.js';
import type { SipUri } from '../uri.js';
import { ipFamily } from '../transport/index.js';
import type {
  MessageSource, OutboundTarget, SendResult, TransportAddress, TransportError, TransportProtocol, TransportSet,
} from '../transport/index.js';
import type { WireResponse } from '../transaction/index.js';
import { responseTarget } from './response-target.js';
import type { AdvertisedAddress } from './sip-stack-options.js';

const WILDCARDS: ReadonlySet<string> = new Set(['0.0.0.0', '::']);

const bracketed = (host: string): string => (ipFamily(host) === 6 && !host.startsWith('[') ? `[${host}]` : host);

const defaultPort = (protocol: string): number => (protocol === 'tls' || protocol === 'wss' ? 5061 : 5060);

export class StackSender {
  constructor(
    private readonly transports: TransportSet,
    private readonly advertise: AdvertisedAddress | undefined,
  ) {
    if (advertise) return;
    const wildcard = transports.transports.find((transport) => WILDCARDS.has(transport.local.host));
    if (wildcard) throw new Error(`the ${wildcard.protocol} transport listens on ${wildcard.local.host}: configure the address to advertise`);
  }

  /** The sent-by of this stack's Via and the host:port of its Contact, for `protocol`. */
  sentBy(protocol: TransportProtocol): TransportAddress {
    const transport = this.transports.transports.find((t) => t.protocol === protocol);
    if (!transport) throw new Error(`no ${protocol} transport is open`);
    return { host: bracketed(this.advertise?.host ?? transport.local.host), port: this.advertise?.port ?? transport.local.port };
  }

  /** A Via for a request this stack sends, asking for `rport` (RFC 3581 §3); the branch, if any, is the caller's. */
  via(protocol: TransportProtocol, branch?: string): Via {
    const { host, port } = this.sentBy(protocol);
    return { protocol: 'SIP/2.0', transport: protocol.toUpperCase(), host, port, rport: true, params: noParams, ...(branch ? { branch } : {}) };
  }

  /** §18.1.2: a response whose top Via this stack did not write is not for it. */
  isOwnVia(via: Via): boolean {
    const protocol = via.transport.toLowerCase();
    const transport = this.transports.transports.find((t) => t.protocol === protocol);
    if (!transport) return false;
    const own = this.sentBy(transport.protocol);
    return via.host.toLowerCase() === own.host.toLowerCase() && (via.port ?? defaultPort(protocol)) === own.port;
  }

  /** `sip:user@host:port;transport=…` for Contact headers. */
  contactUri(protocol: TransportProtocol, user?: string): SipUri {
    const { host, port } = this.sentBy(protocol);
    const params = protocol === 'udp' ? noParams : new Map([['transport', protocol]]);
    return { kind: 'sip', scheme: 'sip', host, port, params, headers: [], ...(user === undefined ? {} : { user }) };
  }

  send(message: SipMessage, target: OutboundTarget): Promise<SendResult> {
    return this.transports.send(serializeMessage(message), target);
  }

  /** Sends a response toward the source of its request, by the rules of §18.2.2. */
  sendResponse(response: SipResponse, source: MessageSource): Promise<SendResult> {
    const wire = this.wireResponse(response, source);
    return 'code' in wire ? Promise.resolve({ ok: false, error: wire }) : this.sendWire(wire);
  }

  /** The response as bytes and where §18.2.2 sends it. */
  wireResponse(response: SipResponse, source: MessageSource): WireResponse | TransportError {
    const via = response.via[0];
    if (!via) return { code: 'invalid_destination', message: 'the response has no Via' };
    const target = responseTarget(via, source);
    return 'code' in target ? target : { data: serializeMessage(response), target };
  }

  sendWire(wire: WireResponse): Promise<SendResult> {
    return this.transports.send(wire.data, wire.target);
  }
}
