/** RFC 3326 Reason lines: why a branch was cancelled, a call ended or a call was refused. */
import { Status } from '../../sip/index.js';
import type { ExtraHeader, StatusCode } from '../../sip/index.js';

export const reasonValue = (cause: StatusCode, text: string): string => `SIP;cause=${cause};text="${text.replace(/["\\]/g, '')}"`;

export const reasonHeaders = (cause: StatusCode, text: string): ExtraHeader[] => [{ name: 'Reason', value: reasonValue(cause, text) }];

/** Why a branch is cancelled or hung up when another one took the call (RFC 3326). */
export const COMPLETED_ELSEWHERE = reasonValue(Status.OK, 'Call completed elsewhere');
