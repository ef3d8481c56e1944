/**
 * Immutable edits a proxy or B2BUA makes to a message. Each returns a new message whose typed
 * hot fields and header lines agree; untouched lines keep their exact bytes.
 */
import { formatContentType } from './content-type.js';
import { headerKey, hotHeader, isHeader } from './header-names.js';
import type { ContentType, NameAddr, Via } from './header-values.js';
import type { HeaderField, SipMessage, SipRequest } from './message.js';
import { formatNameAddr } from './name-addr.js';
import { nextComma } from './scan.js';
import type { Uri } from './uri.js';
import { formatVia } from './via.js';

type Where = 'first' | 'top' | 'end';

/**
 * Replaces every line of the header `key` by `replacement`, placed where the first old line
 * was, or (when there was none) at the top or the end.
 */
function replaceLines(headers: readonly HeaderField[], key: string, replacement: readonly HeaderField[], where: Where): HeaderField[] {
  const out: HeaderField[] = [];
  let placed = false;
  for (const field of headers) {
    if (!isHeader(field.name, key)) {
      out.push(field);
      continue;
    }
    if (!placed) out.push(...replacement);
    placed = true;
  }
  if (!placed) {
    if (where === 'top') out.unshift(...replacement);
    else out.push(...replacement);
  }
  return out;
}

function assertNotHot(name: string): void {
  if (hotHeader(name)) throw new Error(`${name} is a typed header: use its dedicated edit function`);
}

/** Sets a (non-hot) header to one line with `value`, replacing any lines it had (keeping their name's spelling). */
export function setHeader<M extends SipMessage>(msg: M, name: string, value: string): M {
  assertNotHot(name);
  const key = headerKey(name);
  const existing = msg.headers.find((f) => isHeader(f.name, key));
  return { ...msg, headers: replaceLines(msg.headers, key, [{ name: existing?.name ?? name, value }], 'end') };
}

/** Adds one (non-hot) header line, after the existing ones. */
export function addHeader<M extends SipMessage>(msg: M, name: string, value: string): M {
  assertNotHot(name);
  return { ...msg, headers: [...msg.headers, { name, value }] };
}

export function removeHeader<M extends SipMessage>(msg: M, name: string): M {
  assertNotHot(name);
  return { ...msg, headers: replaceLines(msg.headers, headerKey(name), [], 'end') };
}

/** Adds a Via on top (§16.6 step 8). */
export function prependVia<M extends SipMessage>(msg: M, via: Via): M {
  const field: HeaderField = { name: 'Via', value: formatVia(via) };
  const index = msg.headers.findIndex((f) => hotHeader(f.name) === 'via');
  const headers = [...msg.headers];
  headers.splice(index < 0 ? 0 : index, 0, field);
  return { ...msg, headers, via: [via, ...msg.via] };
}

/** Removes the first value of a comma-separated list header; the rest of its line stays as written. */
function dropFirstValue(headers: readonly HeaderField[], key: string): HeaderField[] {
  const index = headers.findIndex((f) => hotHeader(f.name) === key);
  if (index < 0) return [...headers];
  const field = headers[index] as HeaderField;
  const comma = nextComma(field.value, 0);
  const out = [...headers];
  if (comma < 0 || comma >= field.value.length) out.splice(index, 1);
  else out[index] = { name: field.name, value: field.value.slice(comma + 1).trim() };
  return out;
}

/**
 * Replaces the topmost Via by `via` (a server writing `received` and `rport` into what it
 * received, §18.2.1): its line is rewritten, the other values on that line stay as written.
 */
export function replaceTopVia<M extends SipMessage>(msg: M, via: Via): M {
  const index = msg.headers.findIndex((f) => hotHeader(f.name) === 'via');
  if (index < 0 || msg.via.length === 0) return prependVia(msg, via);
  const old = msg.headers[index] as HeaderField;
  const field: HeaderField = { name: 'Via', value: formatVia(via) };
  const comma = nextComma(old.value, 0);
  const headers = msg.headers.slice();
  if (comma < 0 || comma >= old.value.length) headers[index] = field;
  else headers.splice(index, 1, field, { name: old.name, value: old.value.slice(comma + 1).trim() });
  const vias = msg.via.slice();
  vias[0] = via;
  return { ...msg, headers, via: vias };
}

/** Removes the topmost Via (a response travelling back, §16.7 step 3). */
export function removeTopVia<M extends SipMessage>(msg: M): M {
  return { ...msg, headers: dropFirstValue(msg.headers, 'via'), via: msg.via.slice(1) };
}

/** Removes the topmost Route (loose routing, §16.4). */
export function removeTopRoute<M extends SipMessage>(msg: M): M {
  return { ...msg, headers: dropFirstValue(msg.headers, 'route'), route: msg.route.slice(1) };
}

function listLines(name: string, values: readonly NameAddr[]): HeaderField[] {
  return values.length === 0 ? [] : [{ name, value: values.map(formatNameAddr).join(', ') }];
}

/** Replaces the Route set. */
export function withRoute<M extends SipMessage>(msg: M, route: readonly NameAddr[]): M {
  return { ...msg, headers: replaceLines(msg.headers, 'route', listLines('Route', route), 'end'), route };
}

/** Adds a Record-Route on top (§16.6 step 4). */
export function prependRecordRoute<M extends SipMessage>(msg: M, entry: NameAddr): M {
  const field: HeaderField = { name: 'Record-Route', value: formatNameAddr(entry) };
  const index = msg.headers.findIndex((f) => hotHeader(f.name) === 'record-route');
  const headers = [...msg.headers];
  headers.splice(index < 0 ? headers.length : index, 0, field);
  return { ...msg, headers, recordRoute: [entry, ...msg.recordRoute] };
}

/** Replaces the Record-Route set (a response echoing it, §12.1.1). */
export function withRecordRoute<M extends SipMessage>(msg: M, recordRoute: readonly NameAddr[]): M {
  return { ...msg, headers: replaceLines(msg.headers, 'record-route', listLines('Record-Route', recordRoute), 'end'), recordRoute };
}

/** Replaces the Contact set; an empty list removes the header. */
export function withContacts<M extends SipMessage>(msg: M, contacts: readonly NameAddr[]): M {
  return { ...msg, headers: replaceLines(msg.headers, 'contact', listLines('Contact', contacts), 'end'), contacts, contactWildcard: false };
}

export function withRequestUri(req: SipRequest, uri: Uri): SipRequest {
  return { ...req, uri };
}

export function withMaxForwards(req: SipRequest, maxForwards: number): SipRequest {
  if (!Number.isInteger(maxForwards) || maxForwards < 0 || maxForwards > 255) throw new RangeError(`Max-Forwards ${maxForwards} out of range`);
  const field: HeaderField = { name: 'Max-Forwards', value: String(maxForwards) };
  return { ...req, headers: replaceLines(req.headers, 'max-forwards', [field], 'end'), maxForwards };
}

/**
 * §16.6 step 3: decrements Max-Forwards, or adds it as 70 when absent. A request at 0 must be
 * answered with 483 instead of forwarded, so decrementing it is a bug and throws.
 */
export function decrementMaxForwards(req: SipRequest): SipRequest {
  if (req.maxForwards === 0) throw new RangeError('Max-Forwards is 0: answer 483 Too Many Hops instead');
  return withMaxForwards(req, req.maxForwards === undefined ? 70 : req.maxForwards - 1);
}

/** Sets the To tag (a UAS answering outside a dialog, §8.2.6.2). */
export function withToTag<M extends SipMessage>(msg: M, tag: string): M {
  const params = new Map(msg.to.params);
  params.set('tag', tag);
  const to: NameAddr = { ...msg.to, params };
  const index = msg.headers.findIndex((f) => hotHeader(f.name) === 'to');
  const old = msg.headers[index];
  const value = old && !msg.to.params.has('tag') ? `${old.value};tag=${tag}` : formatNameAddr(to);
  return { ...msg, headers: replaceLines(msg.headers, 'to', [{ name: old?.name ?? 'To', value }], 'end'), to };
}

/** Replaces the body and its Content-Type (removed when `contentType` is omitted and the body is empty). */
export function withBody<M extends SipMessage>(msg: M, body: Buffer, contentType?: ContentType): M {
  const type = contentType ?? (body.length > 0 ? msg.contentType : undefined);
  const typeLines: HeaderField[] = type ? [{ name: 'Content-Type', value: formatContentType(type) }] : [];
  let headers = replaceLines(msg.headers, 'content-type', typeLines, 'end');
  headers = replaceLines(headers, 'content-length', [{ name: 'Content-Length', value: String(body.length) }], 'end');
  return { ...msg, headers, body, contentType: type };
}
