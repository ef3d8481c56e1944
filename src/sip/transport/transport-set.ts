import { canonicalIp, canReach, ipFamily } from './ip-address.js';
import {
  transportError,
  type Destination,
  type SendResult,
  type Transport,
  type TransportHandlers,
  type TransportProtocol,
} from './transport.js';

/** Opens one transport that reports to the given handlers, e.g. `(h) => UdpTransport.listen({ ...config, ...h })`. */
export type TransportOpener = (handlers: TransportHandlers) => Promise<Transport>;

export interface TransportSetOptions extends TransportHandlers {
  readonly transports: readonly TransportOpener[];
}

/** A destination plus the transport to leave through. */
export interface OutboundTarget extends Destination {
  readonly protocol: TransportProtocol;
  /** Leave through the transport bound here if there is one (responses go out where requests came in). */
  readonly localAddress?: string;
  readonly localPort?: number;
}

const sameAddress = (a: string, b: string): boolean => (canonicalIp(a) ?? a) === (canonicalIp(b) ?? b);

/**
 * The transports of one SIP endpoint (say UDP, TCP and TLS on their ports): every inbound
 * message reaches one set of handlers, and each outbound message leaves through the transport
 * of its protocol that can reach the destination.
 */
export class TransportSet {
  private closing: Promise<void> | undefined;

  private constructor(readonly transports: readonly Transport[]) {}

  /** Opens every transport; if one fails, those already open are closed and the error rethrown. */
  static async open(options: TransportSetOptions): Promise<TransportSet> {
    const { transports: openers, ...handlers } = options;
    const opened: Transport[] = [];
    try {
      for (const open of openers) opened.push(await open(handlers));
    } catch (error) {
      await Promise.all(opened.map((transport) => transport.close()));
      throw error;
    }
    return new TransportSet(opened);
  }

  /**
   * The transport for `target`: of its protocol, bound to its local address when one is named,
   * otherwise the first that can reach its host, preferring the host's own address family over
   * a dual-stack listener.
   */
  select(target: OutboundTarget): Transport | undefined {
    const candidates = this.transports.filter((transport) => transport.protocol === target.protocol);
    const { localAddress, localPort } = target;
    if (localAddress !== undefined && localPort !== undefined) {
      const bound = candidates.find((t) => t.local.port === localPort && sameAddress(t.local.host, localAddress));
      if (bound) return bound;
    }
    // Transports on named (in-memory) addresses reach anything on their network.
    const reachable = candidates.filter((t) => ipFamily(t.local.host) === undefined || canReach(t.local.host, target.host));
    return reachable.find((t) => ipFamily(t.local.host) === ipFamily(target.host)) ?? reachable[0];
  }

  send(data: Buffer, target: OutboundTarget): Promise<SendResult> {
    if (this.closing) return Promise.resolve(transportError('transport_closed', 'the transports are closed'));
    const transport = this.select(target);
    if (!transport) {
      return Promise.resolve(transportError('no_transport', `no ${target.protocol} transport can reach ${target.host}`));
    }
    return transport.send(data, target);
  }

  close(): Promise<void> {
    this.closing ??= Promise.all(this.transports.map((transport) => transport.close())).then(() => undefined);
    return this.closing;
  }
}
