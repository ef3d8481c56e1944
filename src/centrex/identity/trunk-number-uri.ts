/** URIs for numbers on a trunk: the number in the profile's format, at the trunk's SIP domain. */
import { noParams } from '../../sip/index.js';
import type { Params, SipUri } from '../../sip/index.js';
import { renderNumber } from '../numbering/index.js';
import type { TrunkProfile } from './trunk-profile.js';

const USER_PHONE: Params = new Map([['user', 'phone']]);

/** `sip:<user>@<domain>`, with `;user=phone` when `phone` says so. */
export function sipUriOf(user: string, domain: string, phone: boolean): SipUri {
  return { kind: 'sip', scheme: 'sip', user, host: domain, params: phone ? USER_PHONE : noParams, headers: [] };
}

/** Request-URI / To for the callee number `e164` on a trunk with this profile. */
export function trunkNumberUri(e164: string, profile: TrunkProfile, domain: string): SipUri {
  return sipUriOf(renderNumber(e164, profile.format), domain, profile.userPhone);
}
