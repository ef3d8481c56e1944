/**
 * Route handling at a proxy or at the edge of a B2BUA (RFC 3261 §16.4, §16.6 steps 4 and 6,
 * §16.12): consume the Route that names us, repair what a strict router did, strict-route
 * towards a next hop that needs it, and Record-Route with `lr`.
 */
import type { NameAddr } from '../header-values.js';
import type { SipRequest } from '../message.js';
import { prependRecordRoute, removeTopRoute, withRequestUri, withRoute } from '../message-edit.js';
import { noParams } from '../params.js';
import type { SipUri, Uri } from '../uri.js';
import { isLooseRoute, routeTowards } from './route-set.js';

export interface RouteOwnership {
  /** True for a URI naming this element: an address it listens on, or a domain it is responsible for. */
  readonly isLocalUri: (uri: Uri) => boolean;
  /**
   * True for a URI this element placed into a Record-Route. Defaults to a local SIP URI without a
   * user part (the form of the URIs given to {@link addRecordRoute}); a Request-URI addressed to a
   * user of our domain is never mistaken for one.
   */
  readonly isRecordRouteUri?: (uri: Uri) => boolean;
}

export interface PreprocessedRoute {
  readonly request: SipRequest;
  /** The previous hop was a strict router: the Request-URI was restored from the last Route. */
  readonly fromStrictRouter: boolean;
  /** The top Route named this element and was removed. */
  readonly removedRoute?: NameAddr;
}

/**
 * §16.4 route information preprocessing. First, when the Request-URI is one of our Record-Route
 * URIs (a strict router sent the request to us as its next hop), the last Route becomes the
 * Request-URI again. Then a top Route naming us is removed.
 */
export function preprocessRoute(request: SipRequest, ownership: RouteOwnership): PreprocessedRoute {
  const isRecordRouteUri = ownership.isRecordRouteUri ?? ((uri: Uri) => uri.kind === 'sip' && uri.user === undefined && ownership.isLocalUri(uri));
  let current = request;
  let fromStrictRouter = false;
  const last = current.route.at(-1);
  if (last !== undefined && isRecordRouteUri(current.uri)) {
    current = withRoute(withRequestUri(current, last.uri), current.route.slice(0, -1));
    fromStrictRouter = true;
  }
  const top = current.route[0];
  if (top !== undefined && ownership.isLocalUri(top.uri)) return { request: removeTopRoute(current), fromStrictRouter, removedRoute: top };
  return { request: current, fromStrictRouter };
}

/**
 * §16.6 step 6: when the next hop (the top Route) is a strict router, it becomes the
 * Request-URI and the Request-URI moves to the end of the Route. Otherwise nothing changes.
 */
export function postprocessRoute(request: SipRequest): SipRequest {
  const top = request.route[0];
  if (top === undefined || isLooseRoute(top)) return request;
  const { uri, route } = routeTowards(request.uri, request.route);
  return withRoute(withRequestUri(request, uri), route);
}

/** Our Record-Route entry: `uri` with the `lr` parameter (§16.6 step 4, §19.1.1). */
export function recordRouteEntry(uri: SipUri): NameAddr {
  if (uri.params.has('lr')) return { uri, params: noParams };
  const params = new Map(uri.params);
  params.set('lr', null);
  return { uri: { ...uri, params }, params: noParams };
}

const isSips = (uri: Uri | undefined): boolean => uri?.kind === 'sip' && uri.scheme === 'sips';

/**
 * §16.6 step 4: adds our Record-Route on top so that the requests of the dialog come through
 * us. When the Request-URI or the top Route is a SIPS URI ours must be one too; the caller
 * knows its TLS address, so passing a `sip:` URI then is a bug and throws.
 */
export function addRecordRoute(request: SipRequest, uri: SipUri): SipRequest {
  if (uri.scheme !== 'sips' && (isSips(request.uri) || isSips(request.route[0]?.uri))) throw new Error('a request to a SIPS URI needs a SIPS Record-Route (RFC 3261 §16.6 step 4)');
  return prependRecordRoute(request, recordRouteEntry(uri));
}
