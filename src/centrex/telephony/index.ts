export type { NumberOwner, TelephonyDirectory, TrunkConfig, TrunkMode, TrunkTransport } from './telephony-directory.js';
