/**
 * A trunk profile says how a carrier wants the two numbers of a call written into an INVITE: the
 * presented number (UPN, user-provided, shown to the callee by CLIP no screening) and the network
 * number (NPN, network-provided, from the trunk's own range: billing, screening, emergency
 * routing). German carriers differ: see docs/trunk-profiles.md for the lines each profile writes.
 */
import type { NumberFormat } from '../numbering/index.js';

/** The From user: a number, or the trunk's username (sipgate's SIP-ID) when the carrier identifies the trunk by it. */
export type FromUser = 'upn' | 'npn' | 'account';
/** The From display name: the caller's name, the UPN (sipgate's fallback header for it), or none. */
export type FromDisplay = 'name' | 'upn' | 'none';
/** Which number a P-Preferred-Identity or P-Asserted-Identity line carries, if any. */
export type IdentitySlot = 'upn' | 'npn' | 'none';

export interface TrunkProfile {
  /** A built-in name ('generic', 'telekom', 'sipgate', 'nfon', 'dts') or a custom profile's name. */
  readonly name: string;
  readonly fromUser: FromUser;
  readonly fromDisplay: FromDisplay;
  readonly ppi: IdentitySlot;
  readonly pai: IdentitySlot;
  /** How numbers are written in URIs toward this trunk. */
  readonly format: NumberFormat;
  /** `;user=phone` on number URIs. */
  readonly userPhone: boolean;
  /** Forwarded legs carry a Diversion header (RFC 5806) naming the employee's number. */
  readonly diversion: boolean;
}

export const BUILTIN_PROFILE_NAMES = ['generic', 'telekom', 'sipgate', 'nfon', 'dts'] as const;
export type BuiltinProfileName = (typeof BUILTIN_PROFILE_NAMES)[number];

export const BUILTIN_PROFILES: Readonly<Record<BuiltinProfileName, TrunkProfile>> = {
  /** UPN in From, NPN in P-Asserted-Identity (the SIPconnect/Swyx model), +E.164 with user=phone. */
  generic: { name: 'generic', fromUser: 'upn', fromDisplay: 'name', ppi: 'none', pai: 'npn', format: 'e164', userPhone: true, diversion: true },
  /** Telekom-style: UPN in From, NPN in P-Preferred-Identity, +E.164 with user=phone. */
  telekom: { name: 'telekom', fromUser: 'upn', fromDisplay: 'name', ppi: 'npn', pai: 'none', format: 'e164', userPhone: true, diversion: true },
  /** sipgate-style: From user is the SIP-ID, UPN in P-Preferred-Identity and as From display name, `49…` without `+`. */
  sipgate: { name: 'sipgate', fromUser: 'account', fromDisplay: 'upn', ppi: 'upn', pai: 'none', format: 'e164-digits', userPhone: false, diversion: true },
  /** NFON-style: UPN in P-Asserted-Identity (CLIP no screening enabled on the trunk), NPN in From. */
  nfon: { name: 'nfon', fromUser: 'npn', fromDisplay: 'name', ppi: 'none', pai: 'upn', format: 'e164', userPhone: false, diversion: true },
  /** Deutsche-Telefon-Standard-style: the From user is the billed trunk number (NPN), P-Preferred-Identity the shown one (UPN). */
  dts: { name: 'dts', fromUser: 'npn', fromDisplay: 'name', ppi: 'upn', pai: 'none', format: 'e164', userPhone: false, diversion: true },
};

export function isBuiltinProfileName(name: string): name is BuiltinProfileName {
  return (BUILTIN_PROFILE_NAMES as readonly string[]).includes(name);
}
