/** Writes a message to bytes (RFC 3261 §7). Header lines are emitted as received unless edited. */
import { formatUri } from './format-uri.js';
import { hotHeader } from './header-names.js';
import type { HeaderField, SipMessage } from './message.js';
import { SIP_VERSION } from './message.js';

export function startLine(msg: SipMessage): string {
  return msg.kind === 'request' ? `${msg.method} ${formatUri(msg.uri)} ${SIP_VERSION}` : `${SIP_VERSION} ${msg.status} ${msg.reason}`;
}

export function fieldLine(field: HeaderField): string {
  return field.raw ?? `${field.name}: ${field.value}`;
}

/**
 * The message as bytes. Content-Length always states the body's length: a stale value is
 * rewritten in place, a missing one is appended, duplicates are dropped.
 */
export function serializeMessage(msg: SipMessage): Buffer {
  const length = msg.body.length;
  let head = `${startLine(msg)}\r\n`;
  let sawLength = false;
  for (const field of msg.headers) {
    if (hotHeader(field.name) === 'content-length') {
      if (sawLength) continue;
      sawLength = true;
      if (Number(field.value) !== length) {
        head += `${field.name}: ${length}\r\n`;
        continue;
      }
    }
    head += `${fieldLine(field)}\r\n`;
  }
  if (!sawLength) head += `Content-Length: ${length}\r\n`;
  head += '\r\n';
  const headLength = Buffer.byteLength(head, 'utf8');
  const out = Buffer.allocUnsafe(headLength + length);
  out.write(head, 0, 'utf8');
  msg.body.copy(out, headLength);
  return out;
}
