/**
 * Route sets and where a request goes (RFC 3261 §12.1, §12.2.1.1, §16.6 step 6): loose routing
 * when the first route carries `lr`, the RFC 2543 strict-routing fallback otherwise.
 */
import type { NameAddr } from '../header-values.js';
import type { SipRequest, SipResponse } from '../message.js';
import { noParams } from '../params.js';
import type { Uri } from '../uri.js';

/** §12.1.1: a UAS takes the request's Record-Route in order. */
export function uasRouteSet(request: SipRequest): readonly NameAddr[] {
  return request.recordRoute;
}

/** §12.1.2: a UAC takes the response's Record-Route in reverse order. */
export function uacRouteSet(response: SipResponse): readonly NameAddr[] {
  return [...response.recordRoute].reverse();
}

/** A route entry that names a loose router (§19.1.1 `lr`). */
export function isLooseRoute(entry: NameAddr): boolean {
  return entry.uri.kind === 'sip' && entry.uri.params.has('lr');
}

/**
 * The URI without what a Request-URI may not carry (§19.1.1 table: the `method` parameter and
 * URI headers), as when a route or Contact URI is placed into the Request-URI.
 */
export function asRequestUri(uri: Uri): Uri {
  if (uri.kind !== 'sip' || (!uri.params.has('method') && uri.headers.length === 0)) return uri;
  const params = new Map(uri.params);
  params.delete('method');
  return { ...uri, params, headers: [] };
}

export interface RequestAddress {
  readonly uri: Uri;
  readonly route: readonly NameAddr[];
}

/**
 * The Request-URI and Route for a request to `target` through `routeSet` (§12.2.1.1):
 * - no route set: the target is the Request-URI, no Route;
 * - first route loose (`lr`): the target is the Request-URI, the route set is the Route;
 * - first route strict: the first route (stripped, §19.1.1) is the Request-URI, the Route is the
 *   rest of the route set followed by the target.
 */
export function routeTowards(target: Uri, routeSet: readonly NameAddr[]): RequestAddress {
  const [first, ...rest] = routeSet;
  if (first === undefined || isLooseRoute(first)) return { uri: asRequestUri(target), route: routeSet };
  return { uri: asRequestUri(first.uri), route: [...rest, { uri: target, params: noParams }] };
}
