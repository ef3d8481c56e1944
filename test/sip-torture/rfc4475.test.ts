/**
 * RFC 4475 "SIP Torture Test Messages": every message of §3, byte for byte as in the RFC
 * (the `.dat` files beside this test), run through the parser. Each expectation names the
 * RFC section it comes from.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  Header,
  Method,
  Status,
  createErrorResponse,
  header,
  headerResult,
  headerValues,
  parseMessage,
  serializeMessage,
  unescapeUri,
  unsupportedAddressScheme,
  uriEquals,
} from '../../src/sip/index.js';
import type { ParseError, SipMessage, SipRequest, SipResponse, SipUri } from '../../src/sip/index.js';

const dir = import.meta.dirname;
const load = (name: string): Buffer => readFileSync(join(dir, `${name}.dat`));

function parsed(name: string): SipMessage {
  const result = parseMessage(load(name));
  if (!result.ok) throw new Error(`${name}: ${result.error.reason}`);
  return result.message;
}
const request = (name: string): SipRequest => {
  const msg = parsed(name);
  if (msg.kind !== 'request') throw new Error(`${name} is not a request`);
  return msg;
};
const response = (name: string): SipResponse => {
  const msg = parsed(name);
  if (msg.kind !== 'response') throw new Error(`${name} is not a response`);
  return msg;
};
function rejected(name: string): ParseError {
  const result = parseMessage(load(name));
  if (result.ok) throw new Error(`${name} was accepted`);
  return result.error;
}
const sip = (uri: unknown): SipUri => {
  const u = uri as SipUri;
  if (u.kind !== 'sip') throw new Error('not a SIP URI');
  return u;
};

describe('RFC 4475 §3.1.1 valid messages', () => {
  it('3.1.1.1 wsinv: folding, escaped quotes, LWS everywhere, compact and long names mixed', () => {
    const msg = request('wsinv');
    expect(msg.method).toBe(Method.INVITE);
    expect(sip(msg.uri).params.get('unknownparam')).toBeNull();
    expect(msg.to.params.get('tag')).toBe('1918181833n');
    expect(msg.from.displayName).toBe('J Rosenberg \\"');
    expect(msg.from.params.get('tag')).toBe('98asjd8');
    expect(msg.maxForwards).toBe(68);
    expect(msg.cseq).toEqual({ seq: 9, method: 'INVITE' });
    expect(msg.via.map((v) => [v.transport, v.host, v.branch])).toEqual([
      ['UDP', '192.0.2.2', '390skdjuw'],
      ['TCP', 'spindle.example.com', 'z9hG4bK9ikj8'],
      ['UDP', '192.168.255.111', 'z9hG4bK30239'],
    ]);
    expect(header(msg, Header.Subject)).toBe('');
    expect(headerValues(msg, 'NewFangledHeader')).toEqual(['newfangled value continued newfangled value']);
    expect(headerValues(msg, 'UnknownHeaderWithUnusualValue')).toEqual([';;,,;;,;']);
    expect(sip(msg.route[0]?.uri).params.get('lr')).toBeNull();
    expect(sip(msg.route[0]?.uri).params.get('unknownwith')).toBe('value');
    const contact = msg.contacts[0];
    expect(contact?.displayName).toBe('Quoted string ""');
    expect(contact?.params.get('newparam')).toBe('newvalue');
    expect(contact?.params.get('secondparam')).toBeNull();
    expect(contact?.params.get('q')).toBe('0.33');
    expect(msg.body.length).toBe(150);
    // a proxy forwards the unknown headers unchanged (§3.1.1.1)
    const forwarded = serializeMessage(msg).toString('latin1');
    expect(forwarded).toContain('NewFangledHeader:   newfangled value\r\n continued newfangled value\r\n');
    expect(forwarded).toContain('UnknownHeaderWithUnusualValue: ;;,,;;,;\r\n');
  });

  it('3.1.1.2 intmeth: unusual but legal characters in method, URI, branch, display names, Call-ID', () => {
    const msg = request('intmeth');
    expect(msg.method).toBe("!interesting-Method0123456789_*+`.%indeed'~");
    const uri = sip(msg.uri);
    expect(uri.user).toBe("1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*");
    expect(uri.password).toBe("&it+has=1,weird!*pas$wo~d_too.(doesn't-it)");
    expect(uri.host).toBe('example.com');
    expect(msg.via[0]?.branch).toBe("z9hG4bK-.!%66*_+`'~");
    expect(msg.to.displayName).toBe('BEL:\x07 NUL:\x00 DEL:\x7f');
    expect(msg.from.displayName).toBe("token1~` token2'+_ token3*%!.-");
    expect(msg.from.params.get("fromparam''~+*_!.-%")).toBe('"работающий"');
    expect(msg.from.params.get('tag')).toBe("_token~1'+`*%!-.");
    expect(msg.callId).toBe('intmeth.word%ZK-!.*_+\'@word`~)(><:\\/"][?}{');
    expect(msg.cseq.method).toBe(msg.method);
    expect(msg.maxForwards).toBe(255);
    expect(headerValues(msg, "extensionHeader-!.%*+_`'~")).toEqual(['\u{feff}大停電']);
    expect(serializeMessage(msg).equals(load('intmeth'))).toBe(true);
  });

  it('3.1.1.3 esc01: % escapes are kept as written and equivalent to what they encode', () => {
    const msg = request('esc01');
    expect(sip(msg.uri).user).toBe('sips%3Auser%40example.com');
    expect(unescapeUri(sip(msg.uri).user ?? '')).toBe('sips:user@example.com');
    expect(unescapeUri(sip(msg.to.uri).user ?? '')).toBe('user');
    expect(unescapeUri(sip(msg.from.uri).user ?? '')).toBe('I have spaces');
    const contact = sip(msg.contacts[0]?.uri);
    expect(contact.params.get('%6c%72')).toBeNull();
    // "value%41" is not "valueA": unescaping is not recursive
    expect(unescapeUri(contact.params.get('n%61me') ?? '')).toBe('value%41');
    expect(msg.contentType).toMatchObject({ type: 'application', subtype: 'sdp' });
  });

  it('3.1.1.4 escnull: escaped NULs do not shorten the user part; two distinct contacts', () => {
    const msg = request('escnull');
    expect(unescapeUri(sip(msg.to.uri).user ?? '')).toBe('null-\x00-null');
    expect(msg.contacts).toHaveLength(2);
    const [a, b] = msg.contacts;
    expect(a && b && uriEquals(a.uri, b.uri)).toBe(false);
  });

  it('3.1.1.5 esc02: % is not an escape in method, display name, branch or header name', () => {
    const msg = request('esc02');
    expect(msg.method).toBe('RE%47IST%45R');
    expect(msg.method).not.toBe(Method.REGISTER);
    expect(msg.to.displayName).toBe('%Z%45');
    expect(msg.via[0]?.branch).toBe('z9hG4bK209%fzsnel234');
    expect(msg.contacts.map((c) => sip(c.uri).user)).toEqual(['alias1', 'alias3']);
    expect(headerValues(msg, 'C%6Fntact')).toEqual(['<sip:alias2@host2.example.com>']);
  });

  it('3.1.1.6 lwsdisp: a token display name directly followed by <', () => {
    expect(request('lwsdisp').from.displayName).toBe('caller');
  });

  it('3.1.1.7 longreq: long values and 34 Via entries spelled in every case and form', () => {
    const msg = request('longreq');
    expect(msg.to.displayName).toBe(`I have a user name of ${'extreme'.repeat(10)} proportion`);
    expect(sip(msg.to.uri).port).toBe(6000);
    expect(sip(msg.to.uri).params.get(`very${'long'.repeat(25)}parameternamewithnovalue`)).toBeNull();
    expect(msg.from.params.get('tag')).toBe(`1${'298'.repeat(50)}2424`);
    expect(msg.callId).toBe(`longreq.one${'really'.repeat(20)}longcallid`);
    expect(msg.via).toHaveLength(34);
    expect(msg.via[0]?.host).toBe('sip33.example.com');
    expect(msg.via[33]).toMatchObject({ host: 'host.example.com', received: '192.0.2.5', branch: `very${'long'.repeat(50)}branchvalue` });
    expect(headerValues(msg, `Unknown-${'Long'.repeat(20)}-Name`)).toHaveLength(1);
    expect(msg.body.length).toBe(150);
  });

  it('3.1.1.8 dblreq: octets after Content-Length in a datagram are discarded (§18.3)', () => {
    const msg = request('dblreq');
    expect(msg.method).toBe(Method.REGISTER);
    expect(msg.body.length).toBe(0);
    expect(serializeMessage(msg).toString('latin1')).not.toContain('INVITE');
  });

  it('3.1.1.9 semiuri: a ; inside the user part', () => {
    const msg = request('semiuri');
    expect(unescapeUri(sip(msg.uri).user ?? '')).toBe('user;par=u@example.net');
    expect(sip(msg.uri).host).toBe('example.com');
    expect(sip(msg.uri).params.size).toBe(0);
    expect(header(msg, Header.Accept)?.map((t) => `${t.type}/${t.subtype}`)).toEqual([
      'application/sdp', 'application/pkcs7-mime', 'multipart/mixed', 'multipart/signed', 'message/sip', 'message/sipfrag',
    ]);
  });

  it('3.1.1.10 transports: known and unknown transport tokens', () => {
    expect(request('transports').via.map((v) => v.transport)).toEqual(['UDP', 'SCTP', 'TLS', 'UNKNOWN', 'TCP']);
  });

  it('3.1.1.11 mpart01: a multipart body with binary content (NUL and bare CR octets)', () => {
    const msg = request('mpart01');
    expect(msg.contentType).toMatchObject({ type: 'multipart', subtype: 'mixed' });
    expect(msg.contentType?.params.get('boundary')).toBe('7a9cbec02ceef655');
    expect(msg.body.length).toBe(553);
    expect(msg.body.includes(0)).toBe(true);
    expect(msg.body.subarray(-24).toString('latin1')).toBe('\r\n--7a9cbec02ceef655--\r\n');
    expect(header(msg, Header.Date)?.toISOString()).toBe('2005-10-15T04:44:56.000Z');
    expect(msg.via[0]?.rport).toBe(true);
    expect(serializeMessage(msg).equals(load('mpart01'))).toBe(true);
  });

  it('3.1.1.12 unreason: a UTF-8 reason phrase', () => {
    const msg = response('unreason');
    expect(msg.status).toBe(Status.OK);
    expect(msg.reason).toBe('= 2**3 * 5**2 но сто девяносто девять - простое');
    expect(serializeMessage(msg).equals(load('unreason'))).toBe(true);
  });

  it('3.1.1.13 noreason: an empty reason phrase', () => {
    const msg = response('noreason');
    expect(msg.status).toBe(Status.Trying);
    expect(msg.reason).toBe('');
  });
});

describe('RFC 4475 §3.1.2 invalid messages', () => {
  // A request is answered with 400 and a reason naming the problem; the recovered headers
  // suffice for a stateless responder to address it (§8.2.6).
  const badRequests: [string, string, RegExp][] = [
    ['badinv01', '3.1.2.1 extraneous header field separators', /Via/],
    ['clerr', '3.1.2.2 Content-Length larger than the datagram', /Content-Length/],
    ['ncl', '3.1.2.3 negative Content-Length', /Content-Length/],
    ['scalar02', '3.1.2.4 CSeq beyond 2**31-1 (and Max-Forwards beyond 255)', /CSeq/],
    ['quotbal', '3.1.2.6 unterminated quoted display name', /To/],
    ['ltgtruri', '3.1.2.7 Request-URI enclosed in <>', /Request-URI/],
    ['lwsruri', '3.1.2.8 LWS inside the Request-URI', /request line/],
    ['lwsstart', '3.1.2.9 several SP between request-line elements', /request line/],
    ['trws', '3.1.2.10 SP after the SIP version', /request line/],
    ['escruri', '3.1.2.11 escaped headers in the Request-URI', /Request-URI/],
    ['regbadct', '3.1.2.13 Contact URI with headers not in <>', /Contact/],
    ['badaspec', '3.1.2.14 spaces inside <addr-spec>', /To/],
    ['baddn', '3.1.2.15 unquoted display name with a comma', /From/],
    ['mismatch01', '3.1.2.17 CSeq method differs from the request method', /CSeq method/],
    ['mismatch02', '3.1.2.18 unknown method with a different CSeq method (400, not 501)', /CSeq method/],
  ];
  it.each(badRequests)('%s (%s) is rejected with 400', (name, _section, reason) => {
    const error = rejected(name);
    expect(error.class).toBe('malformed');
    expect(error.status).toBe(Status.BadRequest);
    expect(error.reason).toMatch(reason);
    expect(error.kind).toBe('request');
    expect(error.callId).toMatch(new RegExp(`^${name}\\.`));
  });

  it('the recovered headers give a stateless 400', () => {
    const error = rejected('badaspec');
    expect(error.callId).toBe('badaspec.sdf0234n2nds0a099u23h3hnnw009cdkne3');
    const res = rejected('mismatch01');
    const reply = createErrorResponse(res);
    expect(reply?.status).toBe(Status.BadRequest);
    expect(reply?.reason).toBe('CSeq method does not match the request method');
    expect(reply?.callId).toBe('mismatch01.dj0234sxdfl3');
  });

  it('3.1.2.5 scalarlg and 3.1.2.19 bigcode: malformed responses are classified as such (and dropped)', () => {
    for (const name of ['scalarlg', 'bigcode']) {
      const error = rejected(name);
      expect(error.kind).toBe('response');
      expect(error.class).toBe('malformed');
      expect(createErrorResponse(error)).toBeUndefined();
    }
  });

  it('3.1.2.12 baddate: the message parses; its Date is reported malformed when read', () => {
    const msg = request('baddate');
    expect(headerResult(msg, Header.Date)).toEqual({ ok: false, reason: 'date not in GMT' });
  });

  it('3.1.2.16 badvers: SIP/7.0 is answered with 505', () => {
    const error = rejected('badvers');
    expect(error.class).toBe('version-not-supported');
    expect(error.status).toBe(Status.VersionNotSupported);
    expect(createErrorResponse(error)?.status).toBe(Status.VersionNotSupported);
  });
});

describe('RFC 4475 §3.2–3.4 transaction and application semantics', () => {
  it('3.2.1 badbranch: a bare magic cookie is still a branch', () => {
    expect(request('badbranch').via[0]?.branch).toBe('z9hG4bK');
  });

  it('3.3.1 insuf: missing To, From, Call-ID give 400', () => {
    const error = rejected('insuf');
    expect(error.status).toBe(Status.BadRequest);
    expect(error.reason).toMatch(/^Missing/);
  });

  it.each([['unkscm'], ['novelsc']])('3.3.2/3.3.3 %s: an unknown Request-URI scheme gives 416', (name) => {
    const error = rejected(name);
    expect(error.class).toBe('unsupported-uri-scheme');
    expect(error.status).toBe(Status.UnsupportedUriScheme);
    expect(createErrorResponse(error)?.status).toBe(Status.UnsupportedUriScheme);
  });

  it('3.3.4 unksm2: unknown schemes in To, From and Contact parse; a registrar answers 416', () => {
    const msg = request('unksm2');
    expect(msg.to.uri).toEqual({ kind: 'absolute', scheme: 'isbn', opaque: '2983792873' });
    expect(unsupportedAddressScheme(msg)).toEqual({ header: 'To', scheme: 'isbn' });
  });

  it('3.3.5 bext01: Require and Proxy-Require are read as option tags (answered 420 by the UAS)', () => {
    const msg = request('bext01');
    expect(header(msg, Header.Require)).toEqual(['nothingSupportsThis', 'nothingSupportsThisEither']);
    expect(header(msg, Header.ProxyRequire)).toEqual(['noProxiesSupportThis', 'norDoAnyProxiesSupportThis']);
    expect(msg.via[0]?.transport).toBe('TLS');
  });

  it('3.3.6 invut: an unknown Content-Type parses (answered 415 by the UAS)', () => {
    const msg = request('invut');
    expect(msg.contentType).toMatchObject({ type: 'application', subtype: 'unknownformat' });
    expect(msg.body.toString()).toBe('<audio>\r\n <pcmu port="443"/>\r\n</audio>\r\n');
  });

  it('3.3.7 regaut01: an unknown Authorization scheme is kept raw for the authenticator', () => {
    expect(headerValues(request('regaut01'), 'Authorization')).toEqual(['NoOneKnowsThisScheme opaque-data=here']);
  });

  it('3.3.8 multi01 and 3.3.9 mcl01: several values in single-value fields give 400', () => {
    expect(rejected('multi01').reason).toMatch(/^Multiple/);
    expect(rejected('mcl01').reason).toBe('Multiple Content-Length headers');
  });

  it('3.3.10 bcast: the broadcast Via of a response is visible to the response router', () => {
    expect(response('bcast').via[1]?.host).toBe('255.255.255.255');
  });

  it('3.3.11 zeromf: Max-Forwards 0 parses (a proxy answers 483)', () => {
    expect(request('zeromf').maxForwards).toBe(0);
  });

  it('3.3.12 cparam01 / 3.3.13 cparam02: header parameter versus URI parameter on a Contact', () => {
    const a = request('cparam01').contacts[0];
    const b = request('cparam02').contacts[0];
    expect(a?.params.get('unknownparam')).toBeNull();
    expect(sip(a?.uri).params.has('unknownparam')).toBe(false);
    expect(sip(b?.uri).params.get('unknownparam')).toBeNull();
    expect(b?.params.size).toBe(0);
  });

  it('3.3.14 regescrt: an escaped header inside a bracketed Contact URI is kept', () => {
    expect(sip(request('regescrt').contacts[0]?.uri).headers).toEqual([{ name: 'Route', value: '%3Csip:sip.example.com%3E' }]);
  });

  it('3.3.15 sdp01: Accept lists only an unknown type (answered 406 by the UAS)', () => {
    expect(header(request('sdp01'), Header.Accept)).toMatchObject([{ type: 'text', subtype: 'nobodyknowsthis' }]);
  });

  it('3.4.1 inv2543: RFC 2543 syntax (no Max-Forwards, no branch, no Content-Length) parses', () => {
    const msg = request('inv2543');
    expect(msg.maxForwards).toBeUndefined();
    expect(msg.via[0]?.branch).toBeUndefined();
    expect(msg.body.toString()).toMatch(/^v=0\r\n/);
    // without <>, ";user=phone" after an addr-spec is a header parameter (RFC 3261 §20.10)
    expect(msg.to.params.get('user')).toBe('phone');
    expect(sip(msg.from.uri).params.get('user')).toBe('phone');
  });

  it('covers every fixture in this folder', () => {
    const names = readdirSync(dir).filter((f) => f.endsWith('.dat'));
    expect(names).toHaveLength(49);
    for (const name of names) expect(() => parseMessage(readFileSync(join(dir, name)))).not.toThrow();
  });
});
