/**
 * Cuts a byte stream into SIP messages (RFC 3261 §7.5, §18.3): CRLFs before a start-line are
 * skipped, a double CRLF is an RFC 5626 §3.5.1 keep-alive ping, and each message ends
 * Content-Length bytes after its empty line. Pure: no sockets, no timers.
 */

export interface StreamFramerLimits {
  /** Largest message (header section plus body) accepted, in bytes. */
  readonly maxMessageSize: number;
  /** Largest header section (start-line through the empty line) accepted, in bytes. */
  readonly maxHeaderSize: number;
}

export const defaultFramerLimits: StreamFramerLimits = { maxMessageSize: 65_535, maxHeaderSize: 32_768 };

export type FramingFailure = 'header_too_large' | 'message_too_large' | 'invalid_content_length';

export type FramerEvent =
  | { readonly kind: 'message'; readonly data: Buffer; readonly contentLengthMissing: boolean }
  /** A double CRLF between messages: answer with a single CRLF (RFC 5626 §3.5.1). */
  | { readonly kind: 'ping' }
  /** The stream cannot be framed any further; the connection must be closed. */
  | { readonly kind: 'failed'; readonly reason: FramingFailure };

const CR = 0x0d;
const LF = 0x0a;
const EMPTY = Buffer.alloc(0);
const HEADER_END = Buffer.from('\r\n\r\n');
/** More digits than any acceptable length has; longer values are refused before conversion. */
const MAX_LENGTH_DIGITS = 9;

type ContentLength = { readonly kind: 'missing' } | { readonly kind: 'invalid' } | { readonly kind: 'value'; readonly length: number };

/** Reads Content-Length (or its compact form `l`) from a header section, unfolding lines. */
export function scanContentLength(headerSection: string): ContentLength {
  const lines = headerSection.split('\r\n');
  const fields: string[] = [];
  for (const line of lines.slice(1)) {
    const last = fields.length - 1;
    if ((line.startsWith(' ') || line.startsWith('\t')) && last >= 0) fields[last] += ` ${line.trim()}`;
    else fields.push(line);
  }
  let found: number | undefined;
  for (const field of fields) {
    const colon = field.indexOf(':');
    if (colon < 0) continue;
    const name = field.slice(0, colon).trimEnd().toLowerCase();
    if (name !== 'content-length' && name !== 'l') continue;
    const value = field.slice(colon + 1).trim();
    if (!/^\d+$/.test(value) || value.length > MAX_LENGTH_DIGITS) return { kind: 'invalid' };
    const length = Number(value);
    // Two different lengths make the message boundary ambiguous: never guess.
    if (found !== undefined && found !== length) return { kind: 'invalid' };
    found = length;
  }
  return found === undefined ? { kind: 'missing' } : { kind: 'value', length: found };
}

export class StreamFramer {
  private buffer: Buffer = EMPTY;
  /** Whether the bytes buffered belong to a message (false while between messages). */
  private inMessage = false;
  /** CRLFs seen in a row between messages; two make a ping. */
  private crlfRun = 0;
  /** Where to resume looking for the empty line, so split reads are not rescanned. */
  private scanFrom = 0;
  /** Header section plus body length, once the header section is complete. */
  private expected: { readonly total: number; readonly contentLengthMissing: boolean } | undefined;
  private failed = false;

  constructor(private readonly limits: StreamFramerLimits = defaultFramerLimits) {}

  /** Whether part of a message has arrived but not all of it (for slow-sender protection). */
  get hasPartialMessage(): boolean {
    return this.inMessage;
  }

  /** Bytes held while waiting for the rest of a message. */
  get bufferedBytes(): number {
    return this.buffer.length;
  }

  /** Feeds one read; returns what it completed. After a `failed` event it returns nothing. */
  push(chunk: Buffer): FramerEvent[] {
    if (this.failed || chunk.length === 0) return [];
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const events: FramerEvent[] = [];
    for (;;) {
      if (!this.inMessage && !this.skipCrlfs(events)) break;
      if (this.expected === undefined && !this.readHeaderSection(events)) break;
      const expected = this.expected;
      if (expected === undefined || this.buffer.length < expected.total) break;
      events.push({
        kind: 'message',
        data: Buffer.from(this.buffer.subarray(0, expected.total)),
        contentLengthMissing: expected.contentLengthMissing,
      });
      this.buffer = this.buffer.length === expected.total ? EMPTY : this.buffer.subarray(expected.total);
      this.inMessage = false;
      this.expected = undefined;
      this.scanFrom = 0;
    }
    return events;
  }

  /** Consumes CRLFs before a start-line; false when more bytes are needed to go on. */
  private skipCrlfs(events: FramerEvent[]): boolean {
    let offset = 0;
    while (this.buffer[offset] === CR && this.buffer[offset + 1] === LF) {
      offset += 2;
      if (++this.crlfRun === 2) {
        events.push({ kind: 'ping' });
        this.crlfRun = 0;
      }
    }
    this.buffer = offset === this.buffer.length ? EMPTY : this.buffer.subarray(offset);
    // A lone CR may be the first half of another CRLF.
    if (this.buffer.length === 0 || (this.buffer.length === 1 && this.buffer[0] === CR)) return false;
    this.inMessage = true;
    this.crlfRun = 0;
    return true;
  }

  /** Finds the empty line and the body length; false when more bytes are needed or framing failed. */
  private readHeaderSection(events: FramerEvent[]): boolean {
    const end = this.buffer.indexOf(HEADER_END, this.scanFrom);
    if (end < 0) {
      if (this.buffer.length > this.limits.maxHeaderSize) return this.fail(events, 'header_too_large');
      this.scanFrom = Math.max(0, this.buffer.length - (HEADER_END.length - 1));
      return false;
    }
    const headerLength = end + HEADER_END.length;
    if (headerLength > this.limits.maxHeaderSize) return this.fail(events, 'header_too_large');
    const contentLength = scanContentLength(this.buffer.toString('latin1', 0, end));
    if (contentLength.kind === 'invalid') return this.fail(events, 'invalid_content_length');
    const bodyLength = contentLength.kind === 'value' ? contentLength.length : 0;
    if (headerLength + bodyLength > this.limits.maxMessageSize) return this.fail(events, 'message_too_large');
    this.expected = { total: headerLength + bodyLength, contentLengthMissing: contentLength.kind === 'missing' };
    return true;
  }

  private fail(events: FramerEvent[], reason: FramingFailure): false {
    events.push({ kind: 'failed', reason });
    this.failed = true;
    this.buffer = EMPTY;
    return false;
  }
}
