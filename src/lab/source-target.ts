import type { MessageSource, OutboundTarget } from '../sip/index.js';

/** Back to where a request came from (the connection it came on, over a stream transport). */
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
