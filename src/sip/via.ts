/** Via (RFC 3261 §20.42, §25.1 `via-parm`; RFC 3581 `rport`). */
import type { Via } from './header-values.js';
import { formatParams, noParams, scanHeaderParams } from './params.js';
import type { Params } from './params.js';
import { HOST, TOKEN, fail, nextComma, ok, parseDigits, scanClass, skipWs, unquote } from './scan.js';
import type { Parsed } from './scan.js';

interface Scanned {
  readonly value: Via;
  readonly end: number;
}

function scanVia(s: string, i: number): Scanned | string {
  // sent-protocol = protocol-name SLASH protocol-version SLASH transport, LWS allowed around "/"
  const parts: string[] = [];
  for (let k = 0; k < 3; k++) {
    i = skipWs(s, i);
    if (k > 0) {
      if (s.charCodeAt(i) !== 47) return 'malformed sent-protocol';
      i = skipWs(s, i + 1);
    }
    const end = scanClass(s, i, TOKEN);
    if (end === i) return 'malformed sent-protocol';
    parts.push(s.slice(i, end));
    i = end;
  }
  const [name, version, transport] = parts as [string, string, string];
  const afterProtocol = i;
  i = skipWs(s, i);
  if (i === afterProtocol) return 'missing whitespace before sent-by';
  let hostEnd: number;
  if (s.charCodeAt(i) === 91) {
    const close = s.indexOf(']', i);
    if (close < 0) return 'unterminated IPv6 reference';
    hostEnd = close + 1;
  } else hostEnd = scanClass(s, i, HOST);
  if (hostEnd === i) return 'missing sent-by host';
  const host = s.slice(i, hostEnd);
  i = skipWs(s, hostEnd);
  let port: number | undefined;
  if (s.charCodeAt(i) === 58) {
    i = skipWs(s, i + 1);
    let portEnd = i;
    while (portEnd < s.length && s.charCodeAt(portEnd) >= 48 && s.charCodeAt(portEnd) <= 57) portEnd++;
    port = parseDigits(s.slice(i, portEnd), 65535);
    if (port === undefined) return 'invalid sent-by port';
    i = portEnd;
  }
  const scanned = scanHeaderParams(s, i);
  if (typeof scanned === 'string') return scanned;
  let params: Params = scanned.params;
  let branch: string | undefined;
  let received: string | undefined;
  let rport: number | true | undefined;
  let maddr: string | undefined;
  let ttl: number | undefined;
  if (params.size > 0) {
    // the map is this scan's own: the parameters with fields of their own leave it
    const rest = params as Map<string, string | null>;
    const b = rest.get('branch');
    if (b !== undefined) {
      if (b === null) return 'branch without value';
      branch = b;
      rest.delete('branch');
    }
    const r = rest.get('received');
    if (r !== undefined) {
      if (r === null) return 'received without value';
      received = r;
      rest.delete('received');
    }
    const rp = rest.get('rport');
    if (rp !== undefined) {
      rport = rp === null ? true : parseDigits(rp, 65535);
      if (rport === undefined) return 'invalid rport';
      rest.delete('rport');
    }
    const m = rest.get('maddr');
    if (m !== undefined) {
      if (m === null) return 'maddr without value';
      maddr = unquote(m);
      rest.delete('maddr');
    }
    const t = rest.get('ttl');
    if (t !== undefined) {
      ttl = t === null ? undefined : parseDigits(t, 255);
      if (ttl === undefined) return 'invalid ttl';
      rest.delete('ttl');
    }
    if (rest.size === 0) params = noParams;
  }
  // every key present, so all Via values share one object shape
  const protocol = name === 'SIP' && version === '2.0' ? 'SIP/2.0' : `${name.toUpperCase()}/${version}`;
  const via: Via = { protocol, transport: transport.toUpperCase(), host, port, branch, received, rport, maddr, ttl, params };
  return { value: via, end: scanned.end };
}

/** One Via header value: one or more comma-separated via-parms. */
export function parseVia(s: string, max = Infinity): Parsed<Via[]> {
  const out: Via[] = [];
  let i = 0;
  for (;;) {
    const scanned = scanVia(s, i);
    if (typeof scanned === 'string') return fail(scanned);
    out.push(scanned.value);
    if (out.length > max) return fail('too many Via entries');
    i = skipWs(s, scanned.end);
    if (i >= s.length) return ok(out);
    if (nextComma(s, i) !== i) return fail('malformed Via list');
    i++;
  }
}

export function formatVia(via: Via): string {
  let out = `${via.protocol}/${via.transport} ${via.host}`;
  if (via.port !== undefined) out += `:${via.port}`;
  if (via.branch !== undefined) out += `;branch=${via.branch}`;
  if (via.received !== undefined) out += `;received=${via.received}`;
  if (via.rport !== undefined) out += via.rport === true ? ';rport' : `;rport=${via.rport}`;
  if (via.maddr !== undefined) out += `;maddr=${via.maddr}`;
  if (via.ttl !== undefined) out += `;ttl=${via.ttl}`;
  return out + formatParams(via.params);
}
