export { SimulatedClock } from './clock.js';
export type { Clock, TimerHandle } from './clock.js';
export { SystemClock } from './system-clock.js';
export { Method, isKnownMethod } from './methods.js';
export type { KnownMethod, SipMethod } from './methods.js';
export {
  Status, toStatusCode, reasonPhrase, statusClass, isProvisional, isFinal, isSuccess, isRedirection, isNonSuccessFinal,
} from './status.js';
export type { StatusCode, KnownStatusCode, ExtensionStatusCode, StatusClass } from './status.js';
export { noParams } from './params.js';
export type { Params } from './params.js';
export type { Uri, SipUri, TelUri, AbsoluteUri, UriHeader } from './uri.js';
export { BRANCH_MAGIC_COOKIE } from './header-values.js';
export type { NameAddr, Via, CSeq, ContentType } from './header-values.js';
export { SIP_VERSION } from './message.js';
export type { SipMessage, SipRequest, SipResponse, HeaderField } from './message.js';
export type { ParseError, ParseErrorClass, ParseResult } from './parse-error.js';
export { defaultParseLimits } from './parse-limits.js';
export type { ParseLimits, ParseOptions } from './parse-limits.js';
