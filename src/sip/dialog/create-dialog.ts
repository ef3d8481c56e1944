/**
 * Creating a dialog from the dialog-creating request and the response that establishes it, on
 * either side (RFC 3261 §12.1): a 1xx other than 100 carrying a To tag creates an early dialog
 * (INVITE only), a 2xx a confirmed one.
 */
import type { SipRequest, SipResponse } from '../message.js';
import { Method } from '../methods.js';
import { tagOf } from '../name-addr.js';
import { fail, ok } from '../scan.js';
import type { Parsed } from '../scan.js';
import { Status, isProvisional, isSuccess } from '../status.js';
import { dialogId } from './dialog-id.js';
import { isDialogCreating } from './dialog-state.js';
import type { Dialog, DialogCreatingMethod } from './dialog-state.js';
import { uacRouteSet, uasRouteSet } from './route-set.js';
import { contactTarget } from './target-refresh.js';

export type DialogCreation = { readonly ok: true; readonly dialog: Dialog } | { readonly ok: false; readonly reason: string };

const refuse = (reason: string): DialogCreation => ({ ok: false, reason });

/** Transports that protect the hop with TLS. */
const SECURE_TRANSPORTS: ReadonlySet<string> = new Set(['TLS', 'WSS']);

/**
 * §12.1.1 / §12.1.2: secure when the request travelled over TLS and its Request-URI is SIPS.
 * The top Via names the transport the request was sent with (§18.2.1): ours for a UAC, the
 * previous hop's for a UAS.
 */
function isSecure(request: SipRequest): boolean {
  const via = request.via[0];
  return request.uri.kind === 'sip' && request.uri.scheme === 'sips' && via !== undefined && SECURE_TRANSPORTS.has(via.transport);
}

/** The response is one to `request`: same Call-ID, CSeq and From tag. */
export function answersRequest(request: SipRequest, response: SipResponse): boolean {
  return (
    response.callId === request.callId &&
    response.cseq.seq === request.cseq.seq &&
    response.cseq.method === request.method &&
    tagOf(response.from) === tagOf(request.from)
  );
}

/** The method of a request/response pair that creates a dialog, or why it does not. */
function creatingMethod(request: SipRequest, response: SipResponse): Parsed<DialogCreatingMethod> {
  const { method } = request;
  if (!isDialogCreating(method)) return fail(`${method} does not create a dialog`);
  if (!answersRequest(request, response)) return fail('the response does not answer the request');
  if (isProvisional(response.status)) {
    if (response.status === Status.Trying) return fail('100 (Trying) creates no dialog');
    if (method !== Method.INVITE) return fail(`a provisional response to ${method} creates no dialog`);
    if (tagOf(response.to) === undefined) return fail('a provisional response without a To tag creates no dialog');
    return ok(method);
  }
  return isSuccess(response.status) ? ok(method) : fail(`a ${response.status} response creates no dialog`);
}

/**
 * The UAC's dialog (§12.1.2) from the request it sent and a response it received. The remote
 * target is the response's Contact; a response without one (which §12.1.1 forbids, but some
 * peers send in 1xx) leaves the Request-URI as the target until a later response names one.
 */
export function createUacDialog(request: SipRequest, response: SipResponse): DialogCreation {
  const method = creatingMethod(request, response);
  if (!method.ok) return refuse(method.reason);
  const localTag = tagOf(request.from);
  if (localTag === undefined) return refuse('the request has no From tag');
  if (tagOf(request.to) !== undefined) return refuse('the request was sent inside a dialog');
  return {
    ok: true,
    dialog: {
      id: dialogId(request.callId, localTag, tagOf(response.to)),
      role: 'uac',
      method: method.value,
      state: isSuccess(response.status) ? 'confirmed' : 'early',
      localUri: request.from.uri,
      remoteUri: request.to.uri,
      localCSeq: request.cseq.seq + 1,
      remoteTarget: contactTarget(response) ?? request.uri,
      localContact: request.contacts[0],
      routeSet: uacRouteSet(response),
      secure: isSecure(request),
    },
  };
}

/**
 * The UAS's dialog (§12.1.1) from the request it received and the response it sends: the To tag
 * of the response is ours, the route set is the request's Record-Route in order, and the remote
 * target is the request's Contact (mandatory in a dialog-creating request, §8.1.1.8). Our first
 * request in the dialog will carry CSeq 1 (§8.1.1.5 lets the initial value be chosen freely).
 */
export function createUasDialog(request: SipRequest, response: SipResponse): DialogCreation {
  const method = creatingMethod(request, response);
  if (!method.ok) return refuse(method.reason);
  if (tagOf(request.to) !== undefined) return refuse('the request was received inside a dialog');
  const localTag = tagOf(response.to);
  if (localTag === undefined) return refuse('the response has no To tag');
  const remoteTarget = contactTarget(request);
  if (remoteTarget === undefined) return refuse('the request has no Contact');
  return {
    ok: true,
    dialog: {
      id: dialogId(request.callId, localTag, tagOf(request.from)),
      role: 'uas',
      method: method.value,
      state: isSuccess(response.status) ? 'confirmed' : 'early',
      localUri: request.to.uri,
      remoteUri: request.from.uri,
      localCSeq: 1,
      remoteCSeq: request.cseq.seq,
      remoteTarget,
      localContact: response.contacts[0],
      routeSet: uasRouteSet(request),
      secure: isSecure(request),
    },
  };
}
