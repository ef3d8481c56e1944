import { z } from 'zod';
import type { FieldError } from '../../kernel/index.js';
import { displayNameSchema, requiredString } from '../text-fields.js';
import { germanNumberSchema, hostPortSchema, hostSchema, ipAddress, portSchema } from './telephony-fields.js';

/** What the API and the `belay trunk` command take for a trunk. */

export const TRUNK_MODES = ['register', 'ip'] as const;
export const TRUNK_TRANSPORTS = ['udp', 'tcp', 'tls'] as const;

/** The seconds a registration may ask for: a carrier shortens what it does not like (423 says so). */
export const registerExpiresRange = { min: 30, max: 86_400, default: 600 } as const;

const trunkNameSchema = displayNameSchema.max(64, 'must be at most 64 characters');

/** The user part of the trunk's SIP URIs (RFC 3261 unreserved and user-unreserved characters): a SIP-ID, a number. */
const usernameSchema = requiredString
  .trim()
  .min(1, 'must not be empty')
  .max(128, 'must be at most 128 characters')
  .regex(/^[A-Za-z0-9\-_.!~*'()&=+$,;?/]*$/, 'may contain only letters, digits and - _ . ! ~ * \' ( ) & = + $ , ; ? /');

/** The Digest username goes into a quoted string: any printable characters but quotes and backslashes. */
const authUsernameSchema = requiredString
  .trim()
  .min(1, 'must not be empty')
  .max(256, 'must be at most 256 characters')
  .regex(/^[^\s"\\\p{Cc}]*$/u, 'must not contain spaces, quotes, backslashes or control characters');

const passwordSchema = requiredString
  .min(1, 'must not be empty')
  .max(256, 'must be at most 256 characters')
  .regex(/^\P{Cc}*$/u, 'must not contain control characters');

const registerExpiresSchema = z
  .int({ error: 'must be a whole number of seconds' })
  .min(registerExpiresRange.min, `must be at least ${registerExpiresRange.min}`)
  .max(registerExpiresRange.max, `must be at most ${registerExpiresRange.max}`);

const ipAddressSchema = requiredString.transform((text, ctx) => {
  const address = ipAddress(text);
  if (address === undefined) ctx.addIssue({ code: 'custom', message: 'must be an IP address' });
  return address ?? z.NEVER;
});

const inboundAddressesSchema = z
  .array(ipAddressSchema, { error: 'must be a list of IP addresses' })
  .max(32, 'must hold at most 32 addresses')
  .transform((addresses) => [...new Set(addresses)]);

const atLeastOne = (what: string) => z.int({ error: `must be a whole number of ${what}` }).min(1, 'must be at least 1');

const priorityRange = { min: 1, max: 1000, default: 100 } as const;
const prioritySchema = z
  .int({ error: 'must be a whole number' })
  .min(priorityRange.min, `must be at least ${priorityRange.min}`)
  .max(priorityRange.max, `must be at most ${priorityRange.max}`);

const profileNameSchema = requiredString.trim().min(1, 'must not be empty');
const siteSchema = requiredString.trim().min(1, 'must not be empty');
const enabledSchema = z.boolean({ error: 'must be true or false' });

const fields = {
  name: trunkNameSchema.describe('Unique among the tenant’s trunks (among the shared ones for a shared trunk)'),
  mode: z.enum(TRUNK_MODES, { error: 'must be register or ip' }).describe('`register`: belay registers at the carrier; `ip`: the carrier knows belay by its address'),
  host: hostSchema.describe('The carrier’s SIP server: an IP address or a DNS name'),
  port: portSchema.describe('Default 5060 (5061 with TLS)'),
  transport: z.enum(TRUNK_TRANSPORTS, { error: 'must be udp, tcp or tls' }).describe('Default udp'),
  domain: hostSchema.describe('The SIP domain of the trunk’s URIs and registration; default: the host'),
  outboundProxy: hostPortSchema.describe('`host:port` requests go to first'),
  username: usernameSchema.describe('The account: user part of From and of the registration (sipgate’s SIP-ID)'),
  authUsername: authUsernameSchema.describe('The Digest username when it differs from the username'),
  password: passwordSchema.describe('The Digest password: stored for registering, never shown'),
  registerExpires: registerExpiresSchema.describe(`Seconds a registration asks for (${registerExpiresRange.min}–${registerExpiresRange.max}, default ${registerExpiresRange.default})`),
  profile: profileNameSchema.describe('A built-in trunk profile (generic, telekom, sipgate, nfon, dts) or a custom one; default generic'),
  inboundAddresses: inboundAddressesSchema.describe('IP addresses the carrier sends calls from, besides the host'),
  defaultNumber: germanNumberSchema.describe('The trunk’s main number (E.164): the network number of last resort'),
  priority: prioritySchema.describe(`Lower is tried first (${priorityRange.min}–${priorityRange.max}, default ${priorityRange.default})`),
  maxCalls: atLeastOne('calls').describe('Concurrent calls at most; none: no limit'),
  maxCps: atLeastOne('calls per second').describe('New calls per second at most; none: no limit'),
  site: siteSchema.describe('The site (id or name) the trunk serves: its emergency calls prefer it. Not for a shared trunk'),
  enabled: enabledSchema.describe('Default true'),
};

export const trunkCreateSchema = z.strictObject({
  name: fields.name,
  mode: fields.mode,
  host: fields.host,
  port: fields.port.optional(),
  transport: fields.transport.default('udp'),
  domain: fields.domain.optional(),
  outboundProxy: fields.outboundProxy.optional(),
  username: fields.username.optional(),
  authUsername: fields.authUsername.optional(),
  password: fields.password.optional(),
  registerExpires: fields.registerExpires.default(registerExpiresRange.default),
  profile: fields.profile.default('generic'),
  inboundAddresses: fields.inboundAddresses.default([]),
  defaultNumber: fields.defaultNumber.optional(),
  priority: fields.priority.default(priorityRange.default),
  maxCalls: fields.maxCalls.optional(),
  maxCps: fields.maxCps.optional(),
  site: fields.site.optional(),
  enabled: fields.enabled.default(true),
});

/** A change: fields left out stay; null removes an optional setting (a null domain goes back to the host). */
export const trunkUpdateSchema = z.strictObject({
  name: fields.name.optional(),
  mode: fields.mode.optional(),
  host: fields.host.optional(),
  port: fields.port.optional(),
  transport: fields.transport.optional(),
  domain: fields.domain.nullable().optional(),
  outboundProxy: fields.outboundProxy.nullable().optional(),
  username: fields.username.nullable().optional(),
  authUsername: fields.authUsername.nullable().optional(),
  password: fields.password.nullable().optional(),
  registerExpires: fields.registerExpires.optional(),
  profile: fields.profile.optional(),
  inboundAddresses: fields.inboundAddresses.optional(),
  defaultNumber: fields.defaultNumber.nullable().optional(),
  priority: fields.priority.optional(),
  maxCalls: fields.maxCalls.nullable().optional(),
  maxCps: fields.maxCps.nullable().optional(),
  site: fields.site.nullable().optional(),
  enabled: fields.enabled.optional(),
});

export type TrunkCreateInput = z.output<typeof trunkCreateSchema>;
export type TrunkUpdateInput = z.output<typeof trunkUpdateSchema>;

/** A registering trunk needs an account to register with: the problems of the trunk as it would be stored. */
export function accountProblems(trunk: { readonly mode: string; readonly username: string | null; readonly passwordSet: boolean }): readonly FieldError[] {
  if (trunk.mode !== 'register') return [];
  const missing = { message: 'is required for a trunk that registers' };
  return [...(trunk.username === null ? [{ field: 'username', ...missing }] : []), ...(trunk.passwordSet ? [] : [{ field: 'password', ...missing }])];
}
