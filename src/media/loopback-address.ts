import { isIPv4, isIPv6 } from 'node:net';

const MAPPED_PREFIXES = ['::ffff:', '0:0:0:0:0:ffff:'];

/** 127.0.0.0/8, ::1 and IPv4-mapped 127.x: the only addresses the lab's media may go to. */
export function isLoopbackAddress(host: string): boolean {
  const bare = (host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host).toLowerCase();
  if (isIPv4(bare)) return bare.startsWith('127.');
  if (!isIPv6(bare)) return false;
  if (bare === '::1' || bare === '0:0:0:0:0:0:0:1') return true;
  const prefix = MAPPED_PREFIXES.find((p) => bare.startsWith(p));
  const mapped = prefix === undefined ? '' : bare.slice(prefix.length);
  return isIPv4(mapped) && mapped.startsWith('127.');
}
