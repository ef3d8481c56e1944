/** Builds a response to a request (RFC 3261 §8.2.6). */
import { formatContentType } from './content-type.js';
import { hotHeader } from './header-names.js';
import type { ContentType, NameAddr } from './header-values.js';
import type { HeaderField, SipRequest, SipResponse } from './message.js';
import { withToTag } from './message-edit.js';
import { formatNameAddr } from './name-addr.js';
import type { ExtraHeader } from './request.js';
import { Status, reasonPhrase } from './status.js';
import type { StatusCode } from './status.js';

export interface ResponseOptions {
  /** Defaults to the standard phrase for the code. */
  readonly reason?: string;
  /**
   * Tag for the To header when the request's To has none (§8.2.6.2: every response but 100
   * carries one). Ignored when the request already has a To tag.
   */
  readonly toTag?: string;
  /** Copy the request's Record-Route (a dialog-creating 1xx/2xx, §12.1.1). */
  readonly copyRecordRoute?: boolean;
  readonly contacts?: readonly NameAddr[];
  readonly headers?: readonly ExtraHeader[];
  readonly body?: Buffer;
  readonly contentType?: ContentType;
}

/** Lines copied from the request byte for byte (§8.2.6.2), Timestamp only into a 100 (§8.2.6.1). */
function copied(request: SipRequest, status: StatusCode, copyRecordRoute: boolean): HeaderField[] {
  const out: HeaderField[] = [];
  for (const field of request.headers) {
    const hot = hotHeader(field.name);
    if (hot === 'via' || hot === 'from' || hot === 'to' || hot === 'call-id' || hot === 'cseq' || (hot === 'record-route' && copyRecordRoute)) {
      out.push(field);
    } else if (status === Status.Trying && field.name.toLowerCase() === 'timestamp') out.push(field);
  }
  return out;
}

export function createResponse(request: SipRequest, status: StatusCode, options: ResponseOptions = {}): SipResponse {
  const copyRecordRoute = options.copyRecordRoute ?? false;
  const contacts = options.contacts ?? [];
  const body = options.body ?? Buffer.alloc(0);
  const headers = copied(request, status, copyRecordRoute);
  if (contacts.length > 0) headers.push({ name: 'Contact', value: contacts.map(formatNameAddr).join(', ') });
  for (const h of options.headers ?? []) headers.push({ name: h.name, value: h.value });
  if (options.contentType) headers.push({ name: 'Content-Type', value: formatContentType(options.contentType) });
  headers.push({ name: 'Content-Length', value: String(body.length) });
  const response: SipResponse = {
    kind: 'response',
    status,
    reason: options.reason ?? reasonPhrase(status),
    headers,
    via: request.via,
    from: request.from,
    to: request.to,
    callId: request.callId,
    cseq: request.cseq,
    contacts,
    contactWildcard: false,
    maxForwards: undefined,
    route: [],
    recordRoute: copyRecordRoute ? request.recordRoute : [],
    contentType: options.contentType,
    body,
  };
  return options.toTag !== undefined && !request.to.params.has('tag') ? withToTag(response, options.toTag) : response;
}
