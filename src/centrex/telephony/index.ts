export type { NumberOwner, TelephonyDirectory, TrunkConfig, TrunkMode, TrunkTransport } from './telephony-directory.js';
export { InMemoryTelephony } from './in-memory-telephony.js';
export type { TenantTelephony, UnusableTrunk } from './in-memory-telephony.js';
export type { NumberBlockRange } from './number-block-range.js';
export { loadTelephony, refreshTelephony } from './load-telephony.js';
export { TELEPHONY_CHECK_CODES, telephonyChecks } from './telephony-checks.js';
export type { TelephonyCheck, TelephonyCheckCode } from './telephony-checks.js';
export { createTrunk, deleteTrunk, getTrunk, listTrunks, updateTrunk } from './trunk-service.js';
export type { Trunk } from './trunk.js';
export { registerExpiresRange, TRUNK_MODES, TRUNK_TRANSPORTS, trunkCreateSchema, trunkUpdateSchema } from './trunk-schema.js';
export { createTrunkProfile, deleteTrunkProfile, getTrunkProfile, listTrunkProfiles, updateTrunkProfile } from './trunk-profile-service.js';
export type { TrunkProfileEntry } from './trunk-profile-service.js';
export {
  getReception,
  getTelephonySite,
  listTelephonySites,
  receptionSchema,
  setReception,
  setSiteEmergencyNumber,
  siteEmergencyNumberSchema,
} from './telephony-settings-service.js';
export type { TelephonySite, TenantReception } from './telephony-settings-service.js';
