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

/**
 * Writes into `out` the lines copied from the request byte for byte (§8.2.6.2), Timestamp only
 * into a 100 (§8.2.6.1); the To line gains `tag` when there is one to add. Whether it did.
 */
function copyLines(out: HeaderField[], request: SipRequest, status: StatusCode, copyRecordRoute: boolean, toTag: string | undefined): boolean {
  let tagged = false;
  for (const field of request.headers) {
    const hot = hotHeader(field.name);
    if (hot === 'to' && toTag !== undefined && !tagged) {
      out.push({ name: field.name, value: `${field.value};tag=${toTag}` });
      tagged = true;
    } else if (hot === 'via' || hot === 'from' || hot === 'to' || hot === 'call-id' || hot === 'cseq' || (hot === 'record-route' && copyRecordRoute)) {
      out.push(field);
    } else if (status === Status.Trying && field.name.toLowerCase() === 'timestamp') out.push(field);
  }
  return tagged;
}

export function createResponse(request: SipRequest, status: StatusCode, options: ResponseOptions = {}): SipResponse {
  const copyRecordRoute = options.copyRecordRoute ?? false;
  const contacts = options.contacts ?? [];
  const body = options.body ?? Buffer.alloc(0);
  const toTag = options.toTag !== undefined && !request.to.params.has('tag') ? options.toTag : undefined;
  const headers: HeaderField[] = [];
  const tagged = copyLines(headers, request, status, copyRecordRoute, toTag);
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
    to: toTag === undefined ? request.to : { ...request.to, params: new Map(request.to.params).set('tag', toTag) },
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
  // a request built without a To line: the tag goes in through the edit that writes one
  return toTag !== undefined && !tagged ? withToTag(response, toTag) : response;
}
