/** Bounds on what the parser accepts; exceeding one is a parse error, never unbounded work. */
export interface ParseLimits {
  /** Whole message, header section and body (§18.1.1 suggests 65535 for UDP). */
  readonly maxMessageBytes: number;
  /** Header lines (after unfolding). */
  readonly maxHeaders: number;
  /** One header (after unfolding) or the start line, in bytes. */
  readonly maxLineLength: number;
  readonly maxVia: number;
  /** Route and Record-Route entries each. */
  readonly maxRoute: number;
}

export const defaultParseLimits: ParseLimits = {
  maxMessageBytes: 65_535,
  maxHeaders: 256,
  maxLineLength: 16_384,
  maxVia: 64,
  maxRoute: 64,
};

export interface ParseOptions {
  readonly limits?: Partial<ParseLimits>;
  /**
   * `datagram` (default): bytes beyond Content-Length are discarded and a missing
   * Content-Length means the body runs to the end (§18.3). `stream`: Content-Length is required.
   */
  readonly framing?: 'datagram' | 'stream';
  /**
   * Request-URI schemes accepted; any other is rejected with 416 (§8.2.2.1).
   * Default `sip`, `sips`, `tel`.
   */
  readonly requestUriSchemes?: readonly string[];
}
