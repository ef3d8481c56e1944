import type { CallCategory, DialledNumber } from './dialled-number.js';

/** What a user may dial, against toll fraud; each level includes the ones before it. */
export const CLASSES_OF_SERVICE = ['internal', 'local', 'national', 'mobile', 'international', 'premium'] as const;
export type ClassOfService = (typeof CLASSES_OF_SERVICE)[number];
export const DEFAULT_CLASS_OF_SERVICE: ClassOfService = 'international';

/** The lowest class that may call each category: freephone with local, service numbers only with premium. */
const classNeeded: Readonly<Record<CallCategory, ClassOfService>> = {
  local: 'local',
  freephone: 'local',
  national: 'national',
  mobile: 'mobile',
  international: 'international',
  premium: 'premium',
  special: 'premium',
};

const categoryName: Readonly<Record<CallCategory, string>> = {
  local: 'local',
  freephone: 'freephone',
  national: 'national',
  mobile: 'mobile',
  international: 'international',
  premium: 'premium-rate',
  special: 'service-number',
};

export type CallPermission = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/** Emergency calls and extensions are always allowed; an invalid number never is. */
export function permitsCall(cos: ClassOfService, dialled: DialledNumber): CallPermission {
  switch (dialled.kind) {
    case 'emergency':
    case 'extension':
      return { ok: true };
    case 'invalid':
      return { ok: false, reason: dialled.reason };
    case 'external': {
      const needed = classNeeded[dialled.category];
      if (CLASSES_OF_SERVICE.indexOf(cos) >= CLASSES_OF_SERVICE.indexOf(needed)) return { ok: true };
      return { ok: false, reason: `class of service "${cos}" does not permit ${categoryName[dialled.category]} calls (${dialled.e164}): that needs "${needed}"` };
    }
  }
}
