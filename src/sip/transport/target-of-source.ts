import type { MessageSource } from './transport.js';
import type { OutboundTarget } from './transport-set.js';

/**
 * Back to where a request came from: the address and port it was sent from, leaving through the
 * transport it arrived on, and over a stream transport on the connection it came in on (never to
 * the host in its Contact, which may sit behind NAT).
 */
export function targetOfSource(source: MessageSource): OutboundTarget {
  return {
    protocol: source.protocol,
    host: source.remoteAddress,
    port: source.remotePort,
    localAddress: source.localAddress,
    localPort: source.localPort,
    ...(source.connectionId === undefined ? {} : { connectionId: source.connectionId }),
  };
}
