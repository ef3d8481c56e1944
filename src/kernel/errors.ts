/**
 * The domain error catalogue: every expected failure a user can cause has a typed code,
 * mapped here, in one table, to the HTTP status (RFC 9457 problem) and the SIP status a
 * call would be rejected with. Bugs are not domain errors: they throw ordinary Errors.
 */

export interface ErrorSpec {
  readonly http: number;
  readonly sip: number;
  readonly title: string;
}

export const errorCatalogue = {
  validation_failed: { http: 400, sip: 400, title: 'Validation failed' },
  malformed_request: { http: 400, sip: 400, title: 'Malformed request' },
  unauthenticated: { http: 401, sip: 401, title: 'Authentication required' },
  forbidden: { http: 403, sip: 403, title: 'Forbidden' },
  not_found: { http: 404, sip: 404, title: 'Not found' },
  conflict: { http: 409, sip: 409, title: 'Conflict' },
  precondition_failed: { http: 409, sip: 403, title: 'Precondition failed' },
  busy: { http: 409, sip: 486, title: 'Busy' },
  payload_too_large: { http: 413, sip: 513, title: 'Payload too large' },
  rate_limited: { http: 429, sip: 503, title: 'Too many requests' },
  unavailable: { http: 503, sip: 503, title: 'Service unavailable' },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof errorCatalogue;

/** One problem with one input field, as reported to API clients. */
export interface FieldError {
  /** Dotted path of the field, e.g. `slug` or `numbers.0.e164`. */
  readonly field: string;
  readonly message: string;
}

export class DomainError extends Error {
  override readonly name = 'DomainError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields: readonly FieldError[] = [],
  ) {
    super(message);
  }

  get spec(): ErrorSpec {
    return errorCatalogue[this.code];
  }
}

export const isDomainError = (e: unknown): e is DomainError => e instanceof DomainError;
