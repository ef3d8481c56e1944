/**
 * Parses one SIP message from a buffer (RFC 3261 §7, §18.3, grammar §25). Works on the header
 * section as one string with indexOf; only the hot headers are parsed here, everything else is
 * kept as raw lines. Never throws on input: every problem is a {@link ParseError} value.
 */
import { isAscii, isUtf8 } from 'node:buffer';
import { parseContentType } from './content-type.js';
import { parseCSeq } from './cseq.js';
import { hotHeader } from './header-names.js';
import type { HotHeader } from './header-names.js';
import type { CSeq, NameAddr, Via } from './header-values.js';
import type { HeaderField, SipMessage } from './message.js';
import type { SipMethod } from './methods.js';
import { parseNameAddr, parseNameAddrList } from './name-addr.js';
import type { ParseError, ParseErrorClass, ParseResult } from './parse-error.js';
import { defaultParseLimits } from './parse-limits.js';
import type { ParseLimits, ParseOptions } from './parse-limits.js';
import { parseUri } from './parse-uri.js';
import { TOKEN, WORD, isWs, parseDigits, scanClass } from './scan.js';
import { Status, toStatusCode } from './status.js';
import type { StatusCode } from './status.js';
import type { Uri } from './uri.js';
import { parseVia } from './via.js';

const DEFAULT_SCHEMES = ['sip', 'sips', 'tel'];

type Recovered = {
  kind?: 'request' | 'response';
  method?: SipMethod;
  via?: readonly Via[];
  from?: NameAddr;
  to?: NameAddr;
  callId?: string;
  cseq?: CSeq;
};

class Failure {
  constructor(
    readonly errorClass: ParseErrorClass,
    readonly reason: string,
  ) {}
}

const STATUS_OF: Readonly<Record<ParseErrorClass, StatusCode>> = {
  malformed: Status.BadRequest,
  'version-not-supported': Status.VersionNotSupported,
  'unsupported-uri-scheme': Status.UnsupportedUriScheme,
  'too-large': Status.MessageTooLarge,
};

function failure(partial: Recovered, f: Failure): ParseResult {
  const error: ParseError = { class: f.errorClass, status: STATUS_OF[f.errorClass], reason: f.reason, ...partial };
  return { ok: false, error };
}

export function parseMessage(buf: Buffer, options: ParseOptions = {}): ParseResult {
  const limits: ParseLimits = options.limits ? { ...defaultParseLimits, ...options.limits } : defaultParseLimits;
  const partial: Recovered = {};
  let start = 0;
  // §7.5: CRLFs before the start line are ignored
  while (start < buf.length && (buf[start] === 13 || buf[start] === 10)) start++;
  const size = buf.length - start;
  if (size === 0) return failure(partial, new Failure('malformed', 'Empty message'));
  const limit = Math.min(buf.length, start + limits.maxMessageBytes);
  const window = limit === buf.length ? buf : buf.subarray(0, limit);
  let headEnd = window.indexOf('\r\n\r\n', start);
  let bodyStart = headEnd + 4;
  if (headEnd < 0) {
    headEnd = window.indexOf('\n\n', start);
    bodyStart = headEnd + 2;
  }
  let pending: Failure | undefined;
  if (size > limits.maxMessageBytes) pending = new Failure('too-large', 'Message too large');
  if (headEnd < 0) {
    headEnd = limit;
    bodyStart = limit;
    pending ??= new Failure('malformed', 'Header section not terminated by an empty line');
  }
  const headBuf = buf.subarray(start, headEnd);
  let head: string;
  if (isAscii(headBuf)) head = headBuf.toString('latin1');
  else if (isUtf8(headBuf)) head = headBuf.toString('utf8');
  else return failure(partial, new Failure('malformed', 'Header section is not valid UTF-8'));

  // start line
  let eol = head.indexOf('\n');
  if (eol < 0) eol = head.length;
  const startLine = head.charCodeAt(eol - 1) === 13 ? head.slice(0, eol - 1) : head.slice(0, eol);
  if (startLine.length > limits.maxLineLength) return failure(partial, new Failure('malformed', 'Start line too long'));
  const parsedStart = parseStartLine(startLine, partial, options.requestUriSchemes ?? DEFAULT_SCHEMES);
  if (parsedStart instanceof Failure && parsedStart.errorClass === 'malformed') pending ??= parsedStart;

  // header lines
  const fields: HeaderField[] = [];
  const hot = emptyHot();
  const lineError = scanHeaderLines(head, eol + 1, limits, fields, hot);
  if (lineError) pending ??= lineError;

  // hot headers, in the order a responder needs them
  const viaValues = hot.via;
  let via: Via[] = [];
  if (viaValues) {
    for (let k = 0; k < countOf(viaValues); k++) {
      const parsed = parseVia(valueAt(viaValues, k), limits.maxVia - via.length);
      if (!parsed.ok) {
        pending ??= new Failure('malformed', `Malformed Via header (${parsed.reason})`);
        break;
      }
      via = via.length === 0 ? parsed.value : via.concat(parsed.value);
    }
    if (via.length > 0) partial.via = via;
  }
  const from = single(hot.from, 'From', parseNameAddr);
  if (from instanceof Failure) pending ??= from;
  else if (from) partial.from = from;
  const to = single(hot.to, 'To', parseNameAddr);
  if (to instanceof Failure) pending ??= to;
  else if (to) partial.to = to;
  const callId = single(hot['call-id'], 'Call-ID', parseCallId);
  if (callId instanceof Failure) pending ??= callId;
  else if (callId) partial.callId = callId;
  const cseq = single(hot.cseq, 'CSeq', parseCSeq);
  if (cseq instanceof Failure) pending ??= cseq;
  else if (cseq) partial.cseq = cseq;

  if (pending) return failure(partial, pending);
  if (parsedStart instanceof Failure) return failure(partial, parsedStart);
  if (via.length === 0) return failure(partial, new Failure('malformed', 'Missing Via header'));
  if (!from || from instanceof Failure) return failure(partial, new Failure('malformed', 'Missing From header'));
  if (!to || to instanceof Failure) return failure(partial, new Failure('malformed', 'Missing To header'));
  if (!callId || callId instanceof Failure) return failure(partial, new Failure('malformed', 'Missing Call-ID header'));
  if (!cseq || cseq instanceof Failure) return failure(partial, new Failure('malformed', 'Missing CSeq header'));
  if (parsedStart.kind === 'request' && cseq.method !== parsedStart.method) {
    return failure(partial, new Failure('malformed', 'CSeq method does not match the request method'));
  }

  let contacts: NameAddr[] = [];
  let contactWildcard = false;
  const contactValues = hot.contact;
  if (contactValues) {
    if (contactValues === '*') contactWildcard = true;
    else {
      for (let k = 0; k < countOf(contactValues); k++) {
        const parsed = parseNameAddrList(valueAt(contactValues, k));
        if (!parsed.ok) return failure(partial, new Failure('malformed', `Malformed Contact header (${parsed.reason})`));
        contacts = contacts.length === 0 ? parsed.value : contacts.concat(parsed.value);
      }
    }
  }
  const route = routeList(hot.route, 'Route', limits.maxRoute);
  if (route instanceof Failure) return failure(partial, route);
  const recordRoute = routeList(hot['record-route'], 'Record-Route', limits.maxRoute);
  if (recordRoute instanceof Failure) return failure(partial, recordRoute);
  const maxForwards = single(hot['max-forwards'], 'Max-Forwards', parseMaxForwards);
  if (maxForwards instanceof Failure) return failure(partial, maxForwards);
  const contentType = single(hot['content-type'], 'Content-Type', parseContentType);
  if (contentType instanceof Failure) return failure(partial, contentType);
  const contentLength = single(hot['content-length'], 'Content-Length', parseContentLength);
  if (contentLength instanceof Failure) return failure(partial, contentLength);

  // body (§18.3): Content-Length delimits it; surplus datagram bytes are discarded
  let body: Buffer;
  if (contentLength !== undefined) {
    if (bodyStart + contentLength > buf.length) return failure(partial, new Failure('malformed', 'Content-Length larger than the message body'));
    body = buf.subarray(bodyStart, bodyStart + contentLength);
  } else if (options.framing === 'stream') {
    return failure(partial, new Failure('malformed', 'Missing Content-Length header'));
  } else body = buf.subarray(bodyStart);

  const message: SipMessage =
    parsedStart.kind === 'request'
      ? { kind: 'request', method: parsedStart.method, uri: parsedStart.uri, headers: fields, via, from, to, callId, cseq, contacts, contactWildcard, maxForwards, route, recordRoute, contentType, body }
      : { kind: 'response', status: parsedStart.status, reason: parsedStart.reason, headers: fields, via, from, to, callId, cseq, contacts, contactWildcard, maxForwards, route, recordRoute, contentType, body };
  return { ok: true, message };
}

type StartLine = { kind: 'request'; method: SipMethod; uri: Uri } | { kind: 'response'; status: StatusCode; reason: string };

function checkVersion(version: string): Failure | undefined {
  if (version.length === 7 && version.toUpperCase() === 'SIP/2.0') return undefined;
  const slash = version.indexOf('/');
  const dot = version.indexOf('.');
  const looksLikeVersion =
    slash === 3 && version.slice(0, 3).toUpperCase() === 'SIP' && dot > 4 && dot < version.length - 1 &&
    parseDigits(version.slice(4, dot), 999) !== undefined && parseDigits(version.slice(dot + 1), 999) !== undefined;
  return looksLikeVersion ? new Failure('version-not-supported', 'SIP Version Not Supported') : new Failure('malformed', 'Malformed SIP version');
}

function parseStartLine(line: string, partial: Recovered, schemes: readonly string[]): StartLine | Failure {
  if (line.length >= 4 && line.slice(0, 4).toUpperCase() === 'SIP/') {
    partial.kind = 'response';
    const sp = line.indexOf(' ');
    if (sp < 0) return new Failure('malformed', 'Malformed status line');
    const version = checkVersion(line.slice(0, sp));
    const codeEnd = line.indexOf(' ', sp + 1);
    const codeText = codeEnd < 0 ? line.slice(sp + 1) : line.slice(sp + 1, codeEnd);
    const status = codeText.length === 3 ? toStatusCode(parseDigits(codeText, 999) ?? 0) : undefined;
    if (status === undefined) return new Failure('malformed', 'Malformed status code');
    if (version) return version;
    return { kind: 'response', status, reason: codeEnd < 0 ? '' : line.slice(codeEnd + 1) };
  }
  partial.kind = 'request';
  const sp1 = line.indexOf(' ');
  const sp2 = line.lastIndexOf(' ');
  if (sp1 <= 0 || sp2 === sp1) return new Failure('malformed', 'Malformed request line');
  const method = line.slice(0, sp1);
  if (scanClass(method, 0, TOKEN) !== sp1) return new Failure('malformed', 'Malformed method');
  partial.method = method;
  const uriText = line.slice(sp1 + 1, sp2);
  for (let i = 0; i < uriText.length; i++) {
    if (isWs(uriText.charCodeAt(i))) return new Failure('malformed', 'Malformed request line');
  }
  const version = checkVersion(line.slice(sp2 + 1));
  if (version) return version;
  const uri = parseUri(uriText);
  if (!uri.ok) return new Failure('malformed', `Malformed Request-URI (${uri.reason})`);
  const scheme = uri.value.kind === 'absolute' ? uri.value.scheme : uri.value.kind === 'tel' ? 'tel' : uri.value.scheme;
  if (!schemes.includes(scheme)) return new Failure('unsupported-uri-scheme', 'Unsupported URI Scheme');
  if (uri.value.kind === 'sip' && uri.value.headers.length > 0) return new Failure('malformed', 'Request-URI must not contain headers');
  return { kind: 'request', method, uri: uri.value };
}

/** A hot header's value, or its values when it has several lines. */
type HotValues = Record<HotHeader, string | string[] | undefined>;

const countOf = (values: string | readonly string[]): number => (typeof values === 'string' ? 1 : values.length);
const valueAt = (values: string | readonly string[], k: number): string => (typeof values === 'string' ? values : (values[k] as string));

function emptyHot(): HotValues {
  return {
    via: undefined, from: undefined, to: undefined, 'call-id': undefined, cseq: undefined, contact: undefined,
    'max-forwards': undefined, route: undefined, 'record-route': undefined, 'content-type': undefined, 'content-length': undefined,
  };
}

/** Splits the header lines, unfolding continuations; collects hot header values by name. */
function scanHeaderLines(head: string, pos: number, limits: ParseLimits, fields: HeaderField[], hot: HotValues): Failure | undefined {
  const n = head.length;
  let lineStart = -1;
  let colon = 0;
  let name = '';
  let value = '';
  let rawEnd = 0;
  let continuation: string[] | undefined;
  for (;;) {
    const atEnd = pos >= n;
    let e = atEnd ? n : head.indexOf('\n', pos);
    if (e < 0) e = n;
    const lineEnd = e > pos && head.charCodeAt(e - 1) === 13 ? e - 1 : e;
    const first = atEnd ? -1 : head.charCodeAt(pos);
    if (first === 32 || first === 9) {
      if (lineStart < 0) return new Failure('malformed', 'Continuation line before the first header');
      const more = head.slice(pos, lineEnd).trim();
      continuation ??= [];
      if (more.length > 0) continuation.push(more);
      rawEnd = lineEnd;
      pos = e + 1;
      continue;
    }
    if (lineStart >= 0) {
      // the previous header is complete
      if (rawEnd - lineStart > limits.maxLineLength) return new Failure('malformed', `${name} header too long`);
      if (fields.length >= limits.maxHeaders) return new Failure('malformed', 'Too many headers');
      if (continuation) value = (value.length > 0 ? [value, ...continuation] : continuation).join(' ');
      const plain = !continuation && colon === lineStart + name.length && head.charCodeAt(colon + 1) === 32 && rawEnd - colon - 2 === value.length;
      fields.push(plain ? { name, value } : { name, value, raw: head.slice(lineStart, rawEnd) });
      const key = hotHeader(name);
      if (key) {
        const had = hot[key];
        if (had === undefined) hot[key] = value;
        else if (typeof had === 'string') hot[key] = [had, value];
        else had.push(value);
      }
    }
    if (atEnd) return undefined;
    colon = head.indexOf(':', pos);
    if (colon < 0 || colon > lineEnd) return new Failure('malformed', 'Header line without a colon');
    let nameEnd = colon;
    while (nameEnd > pos && isWs(head.charCodeAt(nameEnd - 1))) nameEnd--;
    if (nameEnd === pos || scanClass(head, pos, TOKEN) !== nameEnd) return new Failure('malformed', 'Malformed header name');
    name = head.slice(pos, nameEnd);
    let valueStart = colon + 1;
    while (valueStart < lineEnd && isWs(head.charCodeAt(valueStart))) valueStart++;
    let valueEnd = lineEnd;
    while (valueEnd > valueStart && isWs(head.charCodeAt(valueEnd - 1))) valueEnd--;
    value = head.slice(valueStart, valueEnd);
    lineStart = pos;
    rawEnd = lineEnd;
    continuation = undefined;
    pos = e + 1;
  }
}

function single<T>(values: string | string[] | undefined, label: string, parse: (s: string) => { ok: true; value: T } | { ok: false; reason: string }): T | Failure | undefined {
  if (values === undefined) return undefined;
  if (typeof values !== 'string') return new Failure('malformed', `Multiple ${label} headers`);
  const parsed = parse(values);
  return parsed.ok ? parsed.value : new Failure('malformed', `Malformed ${label} header (${parsed.reason})`);
}

/** Shared by every message without Route or Record-Route lines. */
const NO_ROUTE: readonly NameAddr[] = [];

function routeList(values: string | string[] | undefined, label: string, max: number): readonly NameAddr[] | Failure {
  if (values === undefined) return NO_ROUTE;
  let out: NameAddr[] = [];
  for (let k = 0; k < countOf(values); k++) {
    const parsed = parseNameAddrList(valueAt(values, k), true, max - out.length);
    if (!parsed.ok) return new Failure('malformed', `Malformed ${label} header (${parsed.reason})`);
    out = out.length === 0 ? parsed.value : out.concat(parsed.value);
  }
  return out;
}

const ok = <T>(value: T) => ({ ok: true as const, value });
const bad = (reason: string) => ({ ok: false as const, reason });

/** `callid = word [ "@" word ]` */
function parseCallId(s: string): { ok: true; value: string } | { ok: false; reason: string } {
  const end = scanClass(s, 0, WORD);
  if (end === 0) return bad('empty');
  if (end === s.length) return ok(s);
  if (s.charCodeAt(end) !== 64 || end + 1 === s.length || scanClass(s, end + 1, WORD) !== s.length) return bad('invalid character');
  return ok(s);
}

function parseMaxForwards(s: string) {
  const n = parseDigits(s, 255);
  return n === undefined ? bad('not a number from 0 to 255') : ok(n);
}

function parseContentLength(s: string) {
  const n = parseDigits(s, 2 ** 31 - 1);
  return n === undefined ? bad('not a non-negative number') : ok(n);
}
