/**
 * SIP response status codes: RFC 3261 §21 plus the codes registered later in the IANA
 * "Response Codes" registry that a PBX meets in practice.
 */
export const Status = {
  Trying: 100,
  Ringing: 180,
  CallIsBeingForwarded: 181,
  Queued: 182,
  SessionProgress: 183,
  EarlyDialogTerminated: 199,
  OK: 200,
  Accepted: 202,
  NoNotification: 204,
  MultipleChoices: 300,
  MovedPermanently: 301,
  MovedTemporarily: 302,
  UseProxy: 305,
  AlternativeService: 380,
  BadRequest: 400,
  Unauthorized: 401,
  PaymentRequired: 402,
  Forbidden: 403,
  NotFound: 404,
  MethodNotAllowed: 405,
  NotAcceptable: 406,
  ProxyAuthenticationRequired: 407,
  RequestTimeout: 408,
  Gone: 410,
  ConditionalRequestFailed: 412,
  RequestEntityTooLarge: 413,
  RequestUriTooLong: 414,
  UnsupportedMediaType: 415,
  UnsupportedUriScheme: 416,
  UnknownResourcePriority: 417,
  BadExtension: 420,
  ExtensionRequired: 421,
  SessionIntervalTooSmall: 422,
  IntervalTooBrief: 423,
  BadLocationInformation: 424,
  UseIdentityHeader: 428,
  ProvideReferrerIdentity: 429,
  FlowFailed: 430,
  AnonymityDisallowed: 433,
  BadIdentityInfo: 436,
  UnsupportedCertificate: 437,
  InvalidIdentityHeader: 438,
  FirstHopLacksOutboundSupport: 439,
  MaxBreadthExceeded: 440,
  BadInfoPackage: 469,
  ConsentNeeded: 470,
  TemporarilyUnavailable: 480,
  CallOrTransactionDoesNotExist: 481,
  LoopDetected: 482,
  TooManyHops: 483,
  AddressIncomplete: 484,
  Ambiguous: 485,
  BusyHere: 486,
  RequestTerminated: 487,
  NotAcceptableHere: 488,
  BadEvent: 489,
  RequestPending: 491,
  Undecipherable: 493,
  SecurityAgreementRequired: 494,
  ServerInternalError: 500,
  NotImplemented: 501,
  BadGateway: 502,
  ServiceUnavailable: 503,
  ServerTimeout: 504,
  VersionNotSupported: 505,
  MessageTooLarge: 513,
  PushNotificationServiceNotSupported: 555,
  PreconditionFailure: 580,
  BusyEverywhere: 600,
  Decline: 603,
  DoesNotExistAnywhere: 604,
  NotAcceptableAnywhere: 606,
  Unwanted: 607,
  Rejected: 608,
} as const;

export type KnownStatusCode = (typeof Status)[keyof typeof Status];

declare const extensionStatus: unique symbol;
/** A syntactically valid code (100–699) that is not in {@link Status}; obtain one from {@link toStatusCode}. */
export type ExtensionStatusCode = number & { readonly [extensionStatus]: true };

export type StatusCode = KnownStatusCode | ExtensionStatusCode;

export type StatusClass = 'provisional' | 'success' | 'redirection' | 'client-error' | 'server-error' | 'global-failure';

const reasons: ReadonlyMap<number, string> = new Map<number, string>([
  [100, 'Trying'], [180, 'Ringing'], [181, 'Call Is Being Forwarded'], [182, 'Queued'],
  [183, 'Session Progress'], [199, 'Early Dialog Terminated'],
  [200, 'OK'], [202, 'Accepted'], [204, 'No Notification'],
  [300, 'Multiple Choices'], [301, 'Moved Permanently'], [302, 'Moved Temporarily'],
  [305, 'Use Proxy'], [380, 'Alternative Service'],
  [400, 'Bad Request'], [401, 'Unauthorized'], [402, 'Payment Required'], [403, 'Forbidden'],
  [404, 'Not Found'], [405, 'Method Not Allowed'], [406, 'Not Acceptable'],
  [407, 'Proxy Authentication Required'], [408, 'Request Timeout'], [410, 'Gone'],
  [412, 'Conditional Request Failed'], [413, 'Request Entity Too Large'],
  [414, 'Request-URI Too Long'], [415, 'Unsupported Media Type'], [416, 'Unsupported URI Scheme'],
  [417, 'Unknown Resource-Priority'], [420, 'Bad Extension'], [421, 'Extension Required'],
  [422, 'Session Interval Too Small'], [423, 'Interval Too Brief'],
  [424, 'Bad Location Information'], [428, 'Use Identity Header'],
  [429, 'Provide Referrer Identity'], [430, 'Flow Failed'], [433, 'Anonymity Disallowed'],
  [436, 'Bad Identity-Info'], [437, 'Unsupported Certificate'], [438, 'Invalid Identity Header'],
  [439, 'First Hop Lacks Outbound Support'], [440, 'Max-Breadth Exceeded'],
  [469, 'Bad Info Package'], [470, 'Consent Needed'], [480, 'Temporarily Unavailable'],
  [481, 'Call/Transaction Does Not Exist'], [482, 'Loop Detected'], [483, 'Too Many Hops'],
  [484, 'Address Incomplete'], [485, 'Ambiguous'], [486, 'Busy Here'],
  [487, 'Request Terminated'], [488, 'Not Acceptable Here'], [489, 'Bad Event'],
  [491, 'Request Pending'], [493, 'Undecipherable'], [494, 'Security Agreement Required'],
  [500, 'Server Internal Error'], [501, 'Not Implemented'], [502, 'Bad Gateway'],
  [503, 'Service Unavailable'], [504, 'Server Time-out'], [505, 'Version Not Supported'],
  [513, 'Message Too Large'], [555, 'Push Notification Service Not Supported'],
  [580, 'Precondition Failure'],
  [600, 'Busy Everywhere'], [603, 'Decline'], [604, 'Does Not Exist Anywhere'],
  [606, 'Not Acceptable'], [607, 'Unwanted'], [608, 'Rejected'],
]);

/** Validates a numeric code from the wire: an integer in 100–699 (RFC 3261 §7.2), else `undefined`. */
export function toStatusCode(code: number): StatusCode | undefined {
  return Number.isInteger(code) && code >= 100 && code <= 699 ? (code as StatusCode) : undefined;
}

/** The default reason phrase; an unknown code gets its class's generic phrase. */
export function reasonPhrase(code: StatusCode): string {
  return reasons.get(code) ?? genericReason[statusClass(code)];
}

const genericReason: Readonly<Record<StatusClass, string>> = {
  provisional: 'Session Progress',
  success: 'OK',
  redirection: 'Multiple Choices',
  'client-error': 'Bad Request',
  'server-error': 'Server Internal Error',
  'global-failure': 'Busy Everywhere',
};

const classes: readonly StatusClass[] = ['provisional', 'success', 'redirection', 'client-error', 'server-error', 'global-failure'];

export function statusClass(code: StatusCode): StatusClass {
  // toStatusCode guarantees 100..699, so the index is always in range
  return classes[Math.floor(code / 100) - 1] as StatusClass;
}

export const isProvisional = (code: StatusCode): boolean => code < 200;
export const isFinal = (code: StatusCode): boolean => code >= 200;
export const isSuccess = (code: StatusCode): boolean => code >= 200 && code < 300;
export const isRedirection = (code: StatusCode): boolean => code >= 300 && code < 400;
/** 3xx–6xx: the request failed or was redirected (a non-2xx final response). */
export const isNonSuccessFinal = (code: StatusCode): boolean => code >= 300;
