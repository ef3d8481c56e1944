/**
 * The stateless checks a request passes before any transaction or other state exists for it
 * (RFC 3261 §8.2, §16.3, §18.3, §20): a pipeline of named checks, each giving continue or a
 * status to answer with. ACK is never answered (§17.1.1.3, §8.2.6): a failing ACK is dropped,
 * and so is a response that cannot be parsed (§18.1.2 leaves nothing to answer it with).
 */
import { createErrorResponse } from '../error-response.js';
import { headerResult } from '../header-registry.js';
import { Header } from '../header-specs.js';
import type { ExtraHeader } from '../request.js';
import type { SipMessage, SipRequest, SipResponse } from '../message.js';
import { Method } from '../methods.js';
import type { ParseError, ParseErrorClass } from '../parse-error.js';
import { createResponse } from '../response.js';
import { Status } from '../status.js';
import type { StatusCode } from '../status.js';
import type { RequestPolicy } from './request-policy.js';

export type CheckName =
  /** §7, §18.3, §25: the message does not parse. */
  | 'malformed'
  /** §8.2.2 / §21.5.6: a SIP version other than 2.0. */
  | 'sip-version'
  /** §8.2.2.1: a Request-URI scheme this element does not handle. */
  | 'uri-scheme'
  /** §18.1.1, §21.5.8: larger than the transport's limit. */
  | 'message-size'
  /** §16.3 step 3: Max-Forwards reached 0. */
  | 'max-forwards'
  /** §8.2.2.3: an extension is required that this element does not support. */
  | 'require';

/** What a failing check answers with; the response is built from the request. */
export interface Rejection {
  readonly status: StatusCode;
  readonly reason?: string;
  readonly headers?: readonly ExtraHeader[];
}

export interface RequestCheck {
  readonly name: CheckName;
  readonly run: (request: SipRequest, policy: RequestPolicy) => Rejection | undefined;
}

export type CheckVerdict =
  /** Every check passed (or the message is a response, which the checks leave alone). */
  | { readonly kind: 'continue'; readonly message: SipMessage }
  /**
   * Answer statelessly with `response` and do nothing else. The response has no To tag yet:
   * the sender adds one (§8.2.6.2).
   */
  | { readonly kind: 'reject'; readonly check: CheckName; readonly response: SipResponse }
  /** Say nothing: an ACK, a response, or too little of a request to address an answer to. */
  | { readonly kind: 'drop'; readonly check: CheckName; readonly reason: string };

const schemeOf = (request: SipRequest): string => (request.uri.kind === 'tel' ? 'tel' : request.uri.scheme);

const uriScheme: RequestCheck = {
  name: 'uri-scheme',
  run: (request, policy) => (policy.uriSchemes.includes(schemeOf(request)) ? undefined : { status: Status.UnsupportedUriScheme }),
};

/**
 * A request whose Max-Forwards is 0 goes no further: 483 (§16.3 step 3). OPTIONS is the
 * exception the RFC allows: this element answers it as the final recipient (§11), which is what
 * a `Max-Forwards: 0` OPTIONS probe asks for.
 */
const maxForwards: RequestCheck = {
  name: 'max-forwards',
  run: (request) => (request.maxForwards === 0 && request.method !== Method.OPTIONS ? { status: Status.TooManyHops } : undefined),
};

/**
 * §8.2.2.3: every tag Require lists must be supported, else 420. It is ignored in CANCEL and in
 * ACK (an ACK for a non-2xx must ignore it; one for a 2xx repeats what the INVITE passed).
 */
const require: RequestCheck = {
  name: 'require',
  run: (request, policy) => {
    if (request.method === Method.CANCEL || request.method === Method.ACK) return undefined;
    const required = headerResult(request, Header.Require);
    if (required === undefined) return undefined;
    if (!required.ok) return { status: Status.BadRequest, reason: `Malformed Require header (${required.reason})` };
    const supported = new Set(policy.supportedExtensions.map((tag) => tag.toLowerCase()));
    const unsupported = [...new Set(required.value.filter((tag) => !supported.has(tag.toLowerCase())))];
    if (unsupported.length === 0) return undefined;
    return { status: Status.BadExtension, headers: [{ name: 'Unsupported', value: unsupported.join(', ') }] };
  },
};

/** The checks on a parsed request, in order. */
export const requestChecks: readonly RequestCheck[] = [uriScheme, maxForwards, require];

const parseCheck: Readonly<Record<ParseErrorClass, CheckName>> = {
  malformed: 'malformed',
  'version-not-supported': 'sip-version',
  'unsupported-uri-scheme': 'uri-scheme',
  'too-large': 'message-size',
};

function rejectUnparsed(error: ParseError): CheckVerdict {
  const check = parseCheck[error.class];
  if (error.kind !== 'request') return { kind: 'drop', check, reason: `unparsable ${error.kind ?? 'message'}: ${error.reason}` };
  if (error.method === Method.ACK) return { kind: 'drop', check, reason: `ACK is never answered: ${error.reason}` };
  const response = createErrorResponse(error);
  if (!response) return { kind: 'drop', check, reason: `too little recovered to answer: ${error.reason}` };
  return { kind: 'reject', check, response };
}

const isParseError = (input: SipMessage | ParseError): input is ParseError => 'class' in input;

/**
 * Runs the stateless checks on what the parser produced. The same input always gives the same
 * verdict; nothing is remembered.
 */
export function validateRequest(input: SipMessage | ParseError, policy: RequestPolicy): CheckVerdict {
  if (isParseError(input)) return rejectUnparsed(input);
  if (input.kind === 'response') return { kind: 'continue', message: input };
  for (const check of requestChecks) {
    const rejection = check.run(input, policy);
    if (!rejection) continue;
    if (input.method === Method.ACK) return { kind: 'drop', check: check.name, reason: `ACK is never answered (${check.name})` };
    const response = createResponse(input, rejection.status, {
      ...(rejection.reason === undefined ? {} : { reason: rejection.reason }),
      ...(rejection.headers === undefined ? {} : { headers: rejection.headers }),
    });
    return { kind: 'reject', check: check.name, response };
  }
  return { kind: 'continue', message: input };
}
