export type { NumberOwner, TelephonyDirectory, TrunkConfig, TrunkMode, TrunkTransport } from './telephony-directory.js';
export { InMemoryTelephony } from './in-memory-telephony.js';
export type { TenantTelephony, UnusableTrunk } from './in-memory-telephony.js';
export type { NumberBlockRange } from './number-block-range.js';
export { loadTelephony, refreshTelephony } from './load-telephony.js';
export { TELEPHONY_CHECK_CODES, telephonyChecks } from './telephony-checks.js';
export type { TelephonyCheck, TelephonyCheckCode } from './telephony-checks.js';
