/**
 * Where the B2BUA sends the caller's leg its requests: back to the address the INVITE came from,
 * never to the host in its Contact (the phone may sit behind NAT; over a stream transport the
 * connection it opened is used). The callee's devices are reached the same way, at the source of
 * their REGISTER (`bindingTarget`).
 */
import type { MessageSource, OutboundTarget } from '../../sip/index.js';

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
