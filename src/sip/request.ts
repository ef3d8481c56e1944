/** Builds a request from typed parts (a UAC or a B2BUA leg, RFC 3261 §8.1.1). */
import { formatContentType } from './content-type.js';
import { formatCSeq } from './cseq.js';
import type { ContentType, NameAddr, Via } from './header-values.js';
import type { HeaderField, SipRequest } from './message.js';
import type { SipMethod } from './methods.js';
import { formatNameAddr } from './name-addr.js';
import type { Uri } from './uri.js';
import { formatVia } from './via.js';

/** An extra (non-hot) header line. */
export interface ExtraHeader {
  readonly name: string;
  readonly value: string;
}

export interface RequestParts {
  readonly method: SipMethod;
  readonly uri: Uri;
  readonly via: readonly Via[];
  readonly from: NameAddr;
  readonly to: NameAddr;
  readonly callId: string;
  readonly cseq: number;
  /** Defaults to 70 (§8.1.1.6). */
  readonly maxForwards?: number;
  readonly contacts?: readonly NameAddr[];
  readonly route?: readonly NameAddr[];
  readonly headers?: readonly ExtraHeader[];
  readonly body?: Buffer;
  readonly contentType?: ContentType;
}

export function createRequest(parts: RequestParts): SipRequest {
  const maxForwards = parts.maxForwards ?? 70;
  const contacts = parts.contacts ?? [];
  const route = parts.route ?? [];
  const body = parts.body ?? Buffer.alloc(0);
  const cseq = { seq: parts.cseq, method: parts.method };
  const headers: HeaderField[] = parts.via.map((v) => ({ name: 'Via', value: formatVia(v) }));
  headers.push({ name: 'Max-Forwards', value: String(maxForwards) });
  if (route.length > 0) headers.push({ name: 'Route', value: route.map(formatNameAddr).join(', ') });
  headers.push(
    { name: 'From', value: formatNameAddr(parts.from) },
    { name: 'To', value: formatNameAddr(parts.to) },
    { name: 'Call-ID', value: parts.callId },
    { name: 'CSeq', value: formatCSeq(cseq) },
  );
  if (contacts.length > 0) headers.push({ name: 'Contact', value: contacts.map(formatNameAddr).join(', ') });
  for (const h of parts.headers ?? []) headers.push({ name: h.name, value: h.value });
  if (parts.contentType) headers.push({ name: 'Content-Type', value: formatContentType(parts.contentType) });
  headers.push({ name: 'Content-Length', value: String(body.length) });
  return {
    kind: 'request',
    method: parts.method,
    uri: parts.uri,
    headers,
    via: parts.via,
    from: parts.from,
    to: parts.to,
    callId: parts.callId,
    cseq,
    contacts,
    contactWildcard: false,
    maxForwards,
    route,
    recordRoute: [],
    contentType: parts.contentType,
    body,
  };
}
