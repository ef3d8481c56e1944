export { checkPresentedNumber } from './check-presented-number.js';
export type { PresentedNumberRule, PresentedNumberVerdict } from './check-presented-number.js';
export { CLASSES_OF_SERVICE, DEFAULT_CLASS_OF_SERVICE, permitsCall } from './class-of-service.js';
export type { CallPermission, ClassOfService } from './class-of-service.js';
export { classifyDialled } from './classify-dialled.js';
export type { DialContext } from './classify-dialled.js';
export type { CallCategory, DialledNumber } from './dialled-number.js';
export { isE164, NUMBER_FORMATS, readNumber, renderNumber } from './number-format.js';
export type { NumberFormat } from './number-format.js';
