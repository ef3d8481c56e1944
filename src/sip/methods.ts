/**
 * SIP request methods (RFC 3261 §7.1 and the extension methods of RFC 3262, 3265/6665, 3311,
 * 3428, 3515, 3903, 6086). A method is a case-sensitive token; extension methods are allowed.
 */
export const Method = {
  INVITE: 'INVITE',
  ACK: 'ACK',
  BYE: 'BYE',
  CANCEL: 'CANCEL',
  OPTIONS: 'OPTIONS',
  REGISTER: 'REGISTER',
  PRACK: 'PRACK',
  SUBSCRIBE: 'SUBSCRIBE',
  NOTIFY: 'NOTIFY',
  PUBLISH: 'PUBLISH',
  INFO: 'INFO',
  REFER: 'REFER',
  MESSAGE: 'MESSAGE',
  UPDATE: 'UPDATE',
} as const;

export type KnownMethod = (typeof Method)[keyof typeof Method];

/** A known method, or any other token (an extension method received from the network). */
export type SipMethod = KnownMethod | (string & { readonly __extensionMethod?: never });

const known: ReadonlySet<string> = new Set(Object.values(Method));

export function isKnownMethod(method: string): method is KnownMethod {
  return known.has(method);
}
