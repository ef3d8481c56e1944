import { ByteQueue } from './byte-queue.js';

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

/** What the header section said: the whole message's length, and whether it named one. */
interface Expected {
  readonly total: number;
  readonly contentLengthMissing: boolean;
}

export class StreamFramer {
  private readonly queue = new ByteQueue();
  /** Whether the bytes buffered belong to a message (false while between messages). */
  private inMessage = false;
  /** CRLFs seen in a row between messages; two make a ping. */
  private crlfRun = 0;
  /** Where to resume looking for the empty line, so split reads are not rescanned. */
  private scanFrom = 0;
  /** Header section plus body length, once the header section is complete. */
  private expected: Expected | undefined;
  private failed = false;

  constructor(private readonly limits: StreamFramerLimits = defaultFramerLimits) {}

  /** Whether part of a message has arrived but not all of it (for slow-sender protection). */
  get hasPartialMessage(): boolean {
    return this.inMessage;
  }

  /** Bytes held while waiting for the rest of a message. */
  get bufferedBytes(): number {
    return this.queue.length;
  }

  /** Feeds one read; returns what it completed. After a `failed` event it returns nothing. */
  push(chunk: Buffer): FramerEvent[] {
    if (this.failed || chunk.length === 0) return [];
    // Between messages the read is framed in place; only an unfinished tail is copied.
    const borrowed = this.queue.length === 0;
    if (!borrowed) this.queue.append(chunk);
    const bytes = borrowed ? chunk : this.queue.view();
    const events: FramerEvent[] = [];
    let position = 0;
    for (;;) {
      if (!this.inMessage) position = this.skipCrlfs(bytes, position, events);
      if (!this.inMessage) break;
      const expected = this.expected ?? this.readHeaderSection(bytes, position, events);
      if (expected === undefined || bytes.length - position < expected.total) break;
      const whole = borrowed && expected.total === bytes.length;
      events.push({
        kind: 'message',
        data: whole ? bytes : Buffer.from(bytes.subarray(position, position + expected.total)),
        contentLengthMissing: expected.contentLengthMissing,
      });
      position += expected.total;
      this.inMessage = false;
      this.expected = undefined;
      this.scanFrom = 0;
    }
    if (this.failed) return events;
    if (!borrowed) this.queue.consume(position);
    else if (position < bytes.length) this.queue.append(bytes.subarray(position));
    return events;
  }

  /** Consumes CRLFs before a start-line and returns where the message starts (or more is needed). */
  private skipCrlfs(bytes: Buffer, from: number, events: FramerEvent[]): number {
    let position = from;
    while (bytes[position] === CR && bytes[position + 1] === LF) {
      position += 2;
      if (++this.crlfRun === 2) {
        events.push({ kind: 'ping' });
        this.crlfRun = 0;
      }
    }
    const left = bytes.length - position;
    // A lone CR may be the first half of another CRLF.
    if (left > 1 || (left === 1 && bytes[position] !== CR)) {
      this.inMessage = true;
      this.crlfRun = 0;
    }
    return position;
  }

  /** Finds the empty line and the body length of the message at `start`; undefined while incomplete or failed. */
  private readHeaderSection(bytes: Buffer, start: number, events: FramerEvent[]): Expected | undefined {
    const available = bytes.length - start;
    const end = bytes.indexOf(HEADER_END, start + this.scanFrom);
    if (end < 0) {
      if (available > this.limits.maxHeaderSize) return this.fail(events, 'header_too_large');
      this.scanFrom = Math.max(0, available - (HEADER_END.length - 1));
      return undefined;
    }
    const headerLength = end + HEADER_END.length - start;
    if (headerLength > this.limits.maxHeaderSize) return this.fail(events, 'header_too_large');
    const contentLength = scanContentLength(bytes.toString('latin1', start, end));
    if (contentLength.kind === 'invalid') return this.fail(events, 'invalid_content_length');
    const bodyLength = contentLength.kind === 'value' ? contentLength.length : 0;
    if (headerLength + bodyLength > this.limits.maxMessageSize) return this.fail(events, 'message_too_large');
    this.expected = { total: headerLength + bodyLength, contentLengthMissing: contentLength.kind === 'missing' };
    return this.expected;
  }

  private fail(events: FramerEvent[], reason: FramingFailure): undefined {
    events.push({ kind: 'failed', reason });
    this.failed = true;
    this.queue.clear();
    return undefined;
  }
}
