export type { NumberOwner, TelephonyDirectory, TrunkConfig, TrunkMode, TrunkTransport } from './telephony-directory.js';
export { InMemoryTelephony, normalizeAddress } from './in-memory-telephony.js';
export type { TenantTelephony, UnusableTrunk } from './in-memory-telephony.js';
export type { NumberBlockRange } from './number-block-range.js';
