/**
 * Where requests for a trunk go: to its outbound proxy when one is configured, else to the
 * trunk's host and port, over the trunk's transport. Over TLS without a proxy the carrier's
 * certificate must name the trunk's SIP domain (RFC 5922 §4: the domain of the URI the
 * request is for), which need not be how its host is written.
 *
 * Hosts are sent to as written: the stack's transports take IP addresses.
 */
import type { OutboundTarget } from '../../sip/index.js';
import type { TrunkConfig } from '../telephony/index.js';

export type TrunkRoute = Pick<TrunkConfig, 'host' | 'port' | 'transport' | 'domain' | 'outboundProxy'>;

export function trunkTarget(trunk: TrunkRoute): OutboundTarget {
  const { outboundProxy, transport: protocol } = trunk;
  if (outboundProxy) return { protocol, host: outboundProxy.host, port: outboundProxy.port };
  return { protocol, host: trunk.host, port: trunk.port, ...(protocol === 'tls' ? { serverName: trunk.domain } : {}) };
}
