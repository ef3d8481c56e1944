/** §18.1.1: requests within this many bytes of the path MTU must not go over UDP. */
const MTU_MARGIN = 200;
/** §18.1.1: with an unknown path MTU, requests larger than this must not go over UDP. */
const UNKNOWN_MTU_LIMIT = 1300;

/**
 * RFC 3261 §18.1.1: a request this large must be sent over a congestion-controlled transport
 * such as TCP instead of UDP (with the Via then naming that transport).
 */
export function requiresStreamTransport(requestBytes: number, pathMtu?: number): boolean {
  if (pathMtu === undefined) return requestBytes > UNKNOWN_MTU_LIMIT;
  return requestBytes > pathMtu - MTU_MARGIN;
}
