/**
 * The number an emergency call (110/112) carries as NPN. Carriers route emergency calls to the
 * responsible emergency centre by the network number and its registered address, so it must be a
 * number of the new trunk registered at the employee's site, never the legacy number while that
 * still lives at the old provider (its address there says nothing about the trunk the call uses).
 *
 * In order: the ported number once the port is done, the provisional number while it is live
 * (from provisional_active until it is retired), each only when its number block belongs to the
 * employee's site; else the site's emergency number.
 */
import { PHASE_OF_STATE } from './identity-for.js';
import type { EmployeeNumbers } from './identity-for.js';

export interface SiteInfo {
  readonly id: string;
  readonly tenantId: string;
  readonly name: string;
  /** Area code without the leading 0 ('221'). */
  readonly areaCode: string;
  /** E.164 registered at this site on the new trunk. */
  readonly emergencyNumber: string | null;
}

export type EmergencyNumber = { readonly npn: string } | { readonly problem: string };

function candidates(numbers: EmployeeNumbers | undefined): string[] {
  if (numbers === undefined) return [];
  const phase = PHASE_OF_STATE[numbers.state];
  const out: string[] = [];
  if (phase === 'ported' && numbers.ported !== null) out.push(numbers.ported);
  const provisionalLive = phase === 'parallel' || (phase === 'ported' && numbers.state !== 'provisional_retired');
  if (provisionalLive && numbers.provisional !== null) out.push(numbers.provisional);
  return out;
}

/** True while `e164` is the employee's legacy number and has not been ported to the new trunk. */
function atOldProvider(e164: string, numbers: EmployeeNumbers | undefined): boolean {
  if (numbers === undefined || numbers.legacy !== e164) return false;
  return PHASE_OF_STATE[numbers.state] !== 'ported' || numbers.ported !== e164;
}

/**
 * The NPN for an emergency call by the employee with `numbers` at `site`; `numberSite` says which
 * site the number block holding a number belongs to.
 */
export function emergencyNumberFor(
  numbers: EmployeeNumbers | undefined,
  site: SiteInfo | undefined,
  numberSite: (e164: string) => string | null,
): EmergencyNumber {
  if (site === undefined) return { problem: 'the employee has no site, so no number registered at their location can be sent' };
  const own = candidates(numbers).find((e164) => numberSite(e164) === site.id && !atOldProvider(e164, numbers));
  if (own !== undefined) return { npn: own };
  const fallback = site.emergencyNumber;
  if (fallback === null) {
    return { problem: `site ${site.name} has no emergency number, and the employee has no number of the new trunk registered there` };
  }
  if (atOldProvider(fallback, numbers)) {
    return { problem: `the emergency number of site ${site.name} is the employee's legacy number ${fallback}, which is still at the old provider` };
  }
  return { npn: fallback };
}
