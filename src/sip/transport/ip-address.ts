import { isIP } from 'node:net';

/**
 * IP literal helpers for the transports and the Via rules: transports never resolve names,
 * and `received` comparisons (RFC 3261 §18.2.1) need one spelling per address.
 */

export type IpFamily = 4 | 6;

const MAPPED_V4 = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i;
/** An IPv4-mapped address as the URL parser writes it, e.g. `::ffff:c000:207`. */
const MAPPED_V4_HEX = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/;

function dottedFromHex(high: string, low: string): string {
  const h = parseInt(high, 16);
  const l = parseInt(low, 16);
  return [h >> 8, h & 0xff, l >> 8, l & 0xff].join('.');
}

const stripBrackets = (host: string): string =>
  host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;

/** The family of an IP literal (brackets allowed), or undefined for a name. */
export function ipFamily(host: string): IpFamily | undefined {
  const family = isIP(stripBrackets(host));
  return family === 4 || family === 6 ? family : undefined;
}

/**
 * The canonical spelling of an IP literal: brackets removed, IPv6 compressed and lower-case,
 * IPv4-mapped IPv6 shown as IPv4. Undefined when `host` is not an IP literal.
 */
export function canonicalIp(host: string): string | undefined {
  const bare = stripBrackets(host);
  const family = ipFamily(bare);
  if (family === 4) return bare;
  if (family !== 6) return undefined;
  const mapped = MAPPED_V4.exec(bare);
  if (mapped?.[1] !== undefined) return mapped[1];
  // Zone-scoped link-local addresses are kept as written; URL does not take zone ids.
  if (bare.includes('%')) return bare.toLowerCase();
  const canonical = new URL(`http://[${bare}]/`).hostname.slice(1, -1);
  const hex = MAPPED_V4_HEX.exec(canonical);
  return hex?.[1] !== undefined && hex[2] !== undefined ? dottedFromHex(hex[1], hex[2]) : canonical;
}

/** The address a socket reports, in the form the stack sees (IPv4-mapped shown as IPv4). */
export const normalizeSocketAddress = (address: string | undefined): string =>
  address === undefined ? '' : (canonicalIp(address) ?? address);

/** Whether the address means "every interface". */
export const isWildcard = (host: string): boolean => host === '0.0.0.0' || host === '::';

/**
 * Whether a socket bound to `localHost` can reach `destination`: same family, or an IPv6
 * wildcard socket (dual-stack) reaching IPv4 through a mapped address.
 */
export function canReach(localHost: string, destination: string): boolean {
  const to = ipFamily(destination);
  return to !== undefined && familyReaches(ipFamily(localHost), localHost === '::', to);
}

/** Whether a socket of family `from` (`dualStack`: bound to `::`) reaches an address of family `to`. */
export const familyReaches = (from: IpFamily | undefined, dualStack: boolean, to: IpFamily): boolean =>
  from === to || (dualStack && to === 4);

/** The address to hand to a socket of `localHost`'s family (maps IPv4 for a dual-stack socket). */
export const socketAddressFor = (localHost: string, destination: string): string => {
  const to = ipFamily(destination);
  return to === undefined ? stripBrackets(destination) : socketAddressIn(ipFamily(localHost), to, destination);
};

/** {@link socketAddressFor} with both families known. */
export const socketAddressIn = (local: IpFamily | undefined, to: IpFamily, destination: string): string =>
  local === 6 && to === 4 ? `::ffff:${destination}` : stripBrackets(destination);

/** `host:port`, with brackets around IPv6. */
export const formatHostPort = (host: string, port: number): string =>
  ipFamily(host) === 6 ? `[${stripBrackets(host)}]:${port}` : `${host}:${port}`;

export const isValidPort = (port: number): boolean => Number.isInteger(port) && port > 0 && port <= 65_535;
