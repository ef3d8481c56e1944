import { z } from 'zod';
import { canonicalIp } from '../../sip/index.js';
import { checkPresentedNumber, readNumber } from '../numbering/index.js';
import { dnsNameSchema } from '../tenant-schema.js';
import { requiredString } from '../text-fields.js';

/** Input fields of trunk and telephony settings: hosts, addresses and numbers as an admin writes them. */

/** An IP address in one spelling (no brackets, IPv6 compressed in lowercase, IPv4-mapped as IPv4), or undefined when the text is none. */
export function ipAddress(text: string): string | undefined {
  return canonicalIp(text.trim());
}

const hostMessage = 'must be an IP address or a DNS name such as sip.carrier.example';

/** The host of a SIP server: an IP address (IPv6 with or without brackets) or a DNS name, lowercase. */
export function hostName(text: string): string | undefined {
  const address = ipAddress(text);
  if (address !== undefined) return address;
  const name = dnsNameSchema.safeParse(text);
  return name.success ? name.data : undefined;
}

export const hostSchema = requiredString.transform((text, ctx) => {
  const host = hostName(text);
  if (host === undefined) ctx.addIssue({ code: 'custom', message: hostMessage });
  return host ?? z.NEVER;
});

export const portSchema = z
  .int({ error: 'must be a whole number' })
  .min(1, 'must be a port number (1–65535)')
  .max(65_535, 'must be a port number (1–65535)');

/** A host as written before a port: an IPv6 address in brackets. */
const formatHost = (host: string): string => (host.includes(':') ? `[${host}]` : host);

/** `host:port` as stored. */
export function formatHostPort(host: string, port: number): string {
  return `${formatHost(host)}:${port}`;
}

/** A server address as given: the port left out when the text names none. */
export interface HostPort {
  readonly host: string;
  readonly port: number | undefined;
}

/** `host:port` or a host alone: `proxy.carrier.example:5060`, `192.0.2.10`, `[2001:db8::1]:5070`, `2001:db8::1`. */
export function parseHostPort(text: string): HostPort | undefined {
  const trimmed = text.trim();
  const bare = ipAddress(trimmed);
  if (bare !== undefined) return { host: bare, port: undefined };
  const match = /^\[([^\]]+)\]:(\d{1,5})$/.exec(trimmed) ?? /^([^:]+)(?::(\d{1,5}))?$/.exec(trimmed);
  const host = match?.[1] === undefined ? undefined : hostName(match[1]);
  const port = match?.[2] === undefined ? undefined : Number(match[2]);
  if (host === undefined || (port !== undefined && !portSchema.safeParse(port).success)) return undefined;
  return { host, port };
}

/** `host:port` or a host alone, written back in that form (an IPv6 host in brackets, names lowercase); a port left out stays out. */
export const hostPortSchema = requiredString.transform((text, ctx) => {
  const parsed = parseHostPort(text);
  if (parsed === undefined) {
    ctx.addIssue({ code: 'custom', message: 'must be host:port or a host alone (an IP address or a DNS name such as proxy.carrier.example)' });
    return z.NEVER;
  }
  return parsed.port === undefined ? formatHost(parsed.host) : formatHostPort(parsed.host, parsed.port);
});

/**
 * A German number a trunk may present and the network may be told (§ 120 TKG): written as
 * `+49 221 471123`, `0049 221 471123` or `0221 471123`, stored in E.164; never an emergency,
 * service, premium-rate or directory-enquiry number, nor a foreign one.
 */
export const germanNumberSchema = requiredString.transform((text, ctx) => {
  const e164 = readNumber(text);
  if (e164 === undefined) {
    ctx.addIssue({ code: 'custom', message: 'must be a German phone number such as +49 221 471123 or 0221 471123' });
    return z.NEVER;
  }
  const verdict = checkPresentedNumber(e164, () => true);
  if (!verdict.allowed) {
    ctx.addIssue({ code: 'custom', message: verdict.reason });
    return z.NEVER;
  }
  return e164;
});
