/**
 * Route processing at a proxy or B2BUA edge (RFC 3261 §16.4, §16.6, §16.12), and a walk of
 * in-dialog requests through any mix of loose and strict routers.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatUri } from '../format-uri.js';
import type { NameAddr } from '../header-values.js';
import type { SipMessage, SipRequest } from '../message.js';
import { withRequestUri, withRoute } from '../message-edit.js';
import { formatNameAddr } from '../name-addr.js';
import { noParams } from '../params.js';
import { parseMessage } from '../parse.js';
import { parseUri } from '../parse-uri.js';
import type { SipUri, Uri } from '../uri.js';
import type { Dialog } from './dialog-state.js';
import { createInDialogRequest } from './in-dialog-request.js';
import { addRecordRoute, postprocessRoute, preprocessRoute } from './proxy-route.js';
import { isLooseRoute } from './route-set.js';

function sip(text: string): SipMessage {
  const lines = text.trim().split('\n').map((line) => line.trim()).filter((line) => line.length > 0);
  const parsed = parseMessage(Buffer.from(`${lines.join('\r\n')}\r\nContent-Length: 0\r\n\r\n`));
  if (!parsed.ok) throw new Error(parsed.error.reason);
  return parsed.message;
}

function sipUri(text: string): SipUri {
  const parsed = parseUri(text);
  if (!parsed.ok || parsed.value.kind !== 'sip') throw new Error(`not a SIP URI: ${text}`);
  return parsed.value;
}

const hostIs = (host: string) => (uri: Uri) => uri.kind === 'sip' && uri.host === host;
const ours = { isLocalUri: hostIs('pbx.example.net') };

function byeWith(uri: string, route: string): SipRequest {
  return sip(`
    BYE ${uri} SIP/2.0
    Via: SIP/2.0/UDP 198.51.100.7;branch=z9hG4bKbye
    Max-Forwards: 70
    ${route ? `Route: ${route}` : ''}
    From: <sip:2317@pbx.example.net>;tag=a
    To: <sip:2300@pbx.example.net>;tag=b
    Call-ID: route-1
    CSeq: 2 BYE
  `) as SipRequest;
}

describe('preprocessRoute (§16.4)', () => {
  it('removes the top Route that names us and keeps the rest', () => {
    const { request, removedRoute, fromStrictRouter } = preprocessRoute(byeWith('sip:2300@203.0.113.10', '<sip:pbx.example.net;lr>, <sip:edge.example.net;lr>'), ours);
    expect(request.route.map(formatNameAddr)).toEqual(['<sip:edge.example.net;lr>']);
    expect(request.headers.find((h) => h.name === 'Route')?.value).toBe('<sip:edge.example.net;lr>');
    expect(removedRoute && formatNameAddr(removedRoute)).toBe('<sip:pbx.example.net;lr>');
    expect(fromStrictRouter).toBe(false);
  });

  it('leaves a top Route naming someone else', () => {
    const original = byeWith('sip:2300@203.0.113.10', '<sip:edge.example.net;lr>');
    expect(preprocessRoute(original, ours)).toEqual({ request: original, fromStrictRouter: false });
  });

  it('takes the last Route back as Request-URI when a strict router addressed us by our Record-Route', () => {
    const { request, fromStrictRouter } = preprocessRoute(byeWith('sip:pbx.example.net;lr', '<sip:edge.example.net;lr>, <sip:2300@203.0.113.10>'), ours);
    expect(fromStrictRouter).toBe(true);
    expect(formatUri(request.uri)).toBe('sip:2300@203.0.113.10');
    expect(request.route.map(formatNameAddr)).toEqual(['<sip:edge.example.net;lr>']);
  });

  it('does not mistake a request for a user of our domain for one from a strict router', () => {
    const original = byeWith('sip:2300@pbx.example.net', '<sip:edge.example.net;lr>');
    expect(preprocessRoute(original, ours).fromStrictRouter).toBe(false);
  });

  it('uses the caller’s own test for its Record-Route URIs when given', () => {
    const isRecordRouteUri = (uri: Uri) => uri.kind === 'sip' && uri.params.get('rr') === 'pbx1';
    const { request } = preprocessRoute(byeWith('sip:2300@pbx.example.net;rr=pbx1', '<sip:2300@203.0.113.10>'), { ...ours, isRecordRouteUri });
    expect(formatUri(request.uri)).toBe('sip:2300@203.0.113.10');
  });
});

describe('postprocessRoute (§16.6 step 6)', () => {
  it('sends towards a strict next hop by making it the Request-URI', () => {
    const forwarded = postprocessRoute(byeWith('sip:2300@203.0.113.10', '<sip:legacy.example.net>, <sip:edge.example.net;lr>'));
    expect(formatUri(forwarded.uri)).toBe('sip:legacy.example.net');
    expect(forwarded.route.map(formatNameAddr)).toEqual(['<sip:edge.example.net;lr>', '<sip:2300@203.0.113.10>']);
  });

  it('changes nothing when the next hop routes loosely or there is no Route', () => {
    const loose = byeWith('sip:2300@203.0.113.10', '<sip:edge.example.net;lr>');
    expect(postprocessRoute(loose)).toBe(loose);
    const direct = byeWith('sip:2300@203.0.113.10', '');
    expect(postprocessRoute(direct)).toBe(direct);
  });
});

describe('addRecordRoute (§16.6 step 4)', () => {
  const invite = (uri: string) =>
    sip(`
      INVITE ${uri} SIP/2.0
      Via: SIP/2.0/UDP edge.example.net;branch=z9hG4bKe
      Record-Route: <sip:edge.example.net;lr>
      From: <sip:2317@pbx.example.net>;tag=a
      To: <sip:2300@pbx.example.net>
      Call-ID: rr-1
      CSeq: 1 INVITE
      Contact: <sip:2317@198.51.100.7>
    `) as SipRequest;

  it('puts our URI with lr on top of the Record-Route', () => {
    const out = addRecordRoute(invite('sip:2300@pbx.example.net'), sipUri('sip:pbx.example.net:5060;transport=udp'));
    expect(out.recordRoute.map(formatNameAddr)).toEqual(['<sip:pbx.example.net:5060;transport=udp;lr>', '<sip:edge.example.net;lr>']);
    expect(out.headers.filter((h) => h.name === 'Record-Route').map((h) => h.value)).toEqual(['<sip:pbx.example.net:5060;transport=udp;lr>', '<sip:edge.example.net;lr>']);
  });

  it('insists on a SIPS Record-Route for a SIPS request', () => {
    const secure = invite('sips:2300@pbx.example.net');
    expect(() => addRecordRoute(secure, sipUri('sip:pbx.example.net'))).toThrow(/SIPS/);
    expect(addRecordRoute(secure, sipUri('sips:pbx.example.net;lr')).recordRoute.map(formatNameAddr)[0]).toBe('<sips:pbx.example.net;lr>');
  });
});

describe('an in-dialog request walking its route set (§16.12)', () => {
  const target = sipUri('sip:bob@192.0.2.4:5070');
  const caller: Dialog = {
    id: { callId: 'walk', localTag: 'a', remoteTag: 'b' },
    role: 'uac',
    method: 'INVITE',
    state: 'confirmed',
    localUri: sipUri('sip:alice@atlanta.example.com'),
    remoteUri: sipUri('sip:bob@biloxi.example.com'),
    localCSeq: 2,
    remoteTarget: target,
    routeSet: [],
    secure: false,
  };
  const via = { protocol: 'SIP/2.0', transport: 'UDP', host: '198.51.100.7', params: noParams };

  /**
   * Sends a BYE through routers p0…pn (loose when the flag is set, RFC 2543 strict otherwise)
   * and returns the hosts it passed and the request as it reached the UA.
   */
  function walk(loose: readonly boolean[]): { visited: string[]; arrived: SipRequest } {
    const routeSet: NameAddr[] = loose.map((isLoose, i) => ({ uri: sipUri(`sip:p${i}.example.net${isLoose ? ';lr' : ''}`), params: noParams }));
    let { request } = createInDialogRequest({ ...caller, routeSet }, 'BYE', { via, ids: () => 'w' });
    // §8.1.2 / §16.6 step 7: towards a strict router the Request-URI decides, else the top Route
    let toStrict = routeSet[0] !== undefined && !isLooseRoute(routeSet[0]);
    const visited: string[] = [];
    for (let hop = 0; hop <= loose.length; hop++) {
      const next = toStrict ? request.uri : (request.route[0]?.uri ?? request.uri);
      if (next.kind !== 'sip') throw new Error('non-SIP hop');
      if (next.host === target.host) return { visited, arrived: request };
      visited.push(next.host);
      if (next.params.has('lr')) {
        const { request: received } = preprocessRoute(request, { isLocalUri: hostIs(next.host) });
        const top = received.route[0];
        toStrict = top !== undefined && !isLooseRoute(top);
        request = postprocessRoute(received);
      } else {
        // an RFC 2543 strict router: addressed by the Request-URI, it forwards to the top Route
        expect(formatUri(request.uri)).toBe(formatUri(next));
        const [first, ...rest] = request.route;
        if (first === undefined) throw new Error('strict router without Route');
        request = withRoute(withRequestUri(request, first.uri), rest);
        toStrict = true;
      }
    }
    throw new Error('the request never arrived');
  }

  it('passes every router in order and arrives at the remote target with no Route left', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { maxLength: 6 }), (loose) => {
        const { visited, arrived } = walk(loose);
        expect(visited).toEqual(loose.map((_, i) => `p${i}.example.net`));
        expect(formatUri(arrived.uri)).toBe('sip:bob@192.0.2.4:5070');
        expect(arrived.route).toEqual([]);
      }),
    );
  });
});
