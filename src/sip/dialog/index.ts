export { dialogId, dialogIdOf, dialogKey, sameDialogId } from './dialog-id.js';
export type { DialogId } from './dialog-id.js';
export { DIALOG_CREATING_METHODS, isDialogCreating, terminateDialog } from './dialog-state.js';
export type { Dialog, DialogCreatingMethod, DialogRole, DialogState } from './dialog-state.js';
export { contactTarget, isTargetRefresh } from './target-refresh.js';
export { asRequestUri, isLooseRoute, routeTowards, uacRouteSet, uasRouteSet } from './route-set.js';
export type { RequestAddress } from './route-set.js';
export { answersRequest, createUacDialog, createUasDialog } from './create-dialog.js';
export type { DialogCreation } from './create-dialog.js';
export { advanceDialog } from './advance-dialog.js';
export { receiveCreatingResponse } from './receive-creating-response.js';
export type { CreatingResponseOutcome } from './receive-creating-response.js';
export { createInDialogRequest } from './in-dialog-request.js';
export type { DialogRequestOptions, InDialogRequest, InDialogRequestOptions } from './in-dialog-request.js';
export { createAck } from './create-ack.js';
export { receiveInDialogRequest } from './receive-in-dialog.js';
export type { InDialogReceipt } from './receive-in-dialog.js';
export { receiveInDialogResponse } from './in-dialog-response.js';
export { DialogStore } from './dialog-store.js';
export type { DialogLookup, DialogStoreOptions, SaveOutcome } from './dialog-store.js';
export { addRecordRoute, postprocessRoute, preprocessRoute, recordRouteEntry } from './proxy-route.js';
export type { PreprocessedRoute, RouteOwnership } from './proxy-route.js';
export {
  DEFAULT_SESSION_INTERVAL, MIN_SESSION_INTERVAL, TIMER_OPTION, formatSessionExpires, readMinSE, readSessionExpires, supportsTimer,
} from './session-timer.js';
export type { Refresher, SessionExpires, SessionTimer } from './session-timer.js';
export {
  answerSessionTimer, retryOfferAfter422, sessionTimerAction, sessionTimerOfAnswer, sessionTimerRequestHeaders,
} from './session-timer-negotiation.js';
export type { SessionTimerAction, SessionTimerAnswer, SessionTimerOffer, SessionTimerPolicy } from './session-timer-negotiation.js';
