/** Via (RFC 3261 §20.42, §25.1 `via-parm`; RFC 3581 `rport`). */
import type { Via } from './header-values.js';
import { formatParams, scanHeaderParams } from './params.js';
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
  const { params } = scanned;
  const via: { -readonly [K in keyof Via]: Via[K] } = { protocol: `${name.toUpperCase()}/${version}`, transport: transport.toUpperCase(), host, params };
  if (port !== undefined) via.port = port;
  const branch = params.get('branch');
  if (branch !== undefined) {
    if (branch === null) return 'branch without value';
    via.branch = branch;
    params.delete('branch');
  }
  const received = params.get('received');
  if (received !== undefined) {
    if (received === null) return 'received without value';
    via.received = received;
    params.delete('received');
  }
  const rport = params.get('rport');
  if (rport !== undefined) {
    if (rport === null) via.rport = true;
    else {
      const value = parseDigits(rport, 65535);
      if (value === undefined) return 'invalid rport';
      via.rport = value;
    }
    params.delete('rport');
  }
  const maddr = params.get('maddr');
  if (maddr !== undefined) {
    if (maddr === null) return 'maddr without value';
    via.maddr = unquote(maddr);
    params.delete('maddr');
  }
  const ttl = params.get('ttl');
  if (ttl !== undefined) {
    const value = ttl === null ? undefined : parseDigits(ttl, 255);
    if (value === undefined) return 'invalid ttl';
    via.ttl = value;
    params.delete('ttl');
  }
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
