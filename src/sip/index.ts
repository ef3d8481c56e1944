export { SimulatedClock } from './clock.js';
export type { Clock, TimerHandle } from './clock.js';
export { SystemClock } from './system-clock.js';
export { startModuleThread } from './module-thread.js';
export { randomIds, sequentialIds } from './id-source.js';
export type { IdSource } from './id-source.js';
export { Method, isKnownMethod } from './methods.js';
export type { KnownMethod, SipMethod } from './methods.js';
export {
  Status, toStatusCode, reasonPhrase, statusClass, isProvisional, isFinal, isSuccess, isRedirection, isNonSuccessFinal,
} from './status.js';
export type { StatusCode, KnownStatusCode, ExtensionStatusCode, StatusClass } from './status.js';
export { noParams, formatParams } from './params.js';
export type { Params } from './params.js';
export type { Uri, SipUri, TelUri, AbsoluteUri, UriHeader } from './uri.js';
export { BRANCH_MAGIC_COOKIE } from './header-values.js';
export type { NameAddr, Via, CSeq, ContentType } from './header-values.js';
export { SIP_VERSION } from './message.js';
export type { SipMessage, SipRequest, SipResponse, HeaderField } from './message.js';
export type { ParseError, ParseErrorClass, ParseResult } from './parse-error.js';
export { defaultParseLimits } from './parse-limits.js';
export type { ParseLimits, ParseOptions } from './parse-limits.js';
export type { Parsed } from './scan.js';
export { unquote, quote } from './scan.js';
export { detached } from './detached.js';
export { unescapeUri, escapeUri } from './escape.js';
export { parseUri } from './parse-uri.js';
export { formatUri } from './format-uri.js';
export { uriEquals, telDigits } from './uri-equals.js';
export { parseNameAddr, parseNameAddrList, formatNameAddr, tagOf } from './name-addr.js';
export { parseVia, formatVia } from './via.js';
export { parseCSeq, formatCSeq, MAX_CSEQ } from './cseq.js';
export { parseContentType, formatContentType, mediaType } from './content-type.js';
export { compactForms, headerKey, hotHeader, isHeader } from './header-names.js';
export type { HotHeader } from './header-names.js';
export { defineHeader, header, headerResult, headerValues, hasHeader } from './header-registry.js';
export type { HeaderSpec } from './header-registry.js';
export { Header, splitList, MAX_DELTA_SECONDS } from './header-specs.js';
export type { TokenWithParams, RAck } from './header-specs.js';
export { parseMessage } from './parse.js';
export { serializeMessage } from './serialize.js';
export {
  setHeader, addHeader, removeHeader, prependVia, removeTopVia, removeTopRoute, withRoute, prependRecordRoute, withRecordRoute,
  withContacts, withRequestUri, withMaxForwards, decrementMaxForwards, withToTag, withBody,
} from './message-edit.js';
export { createRequest } from './request.js';
export type { RequestParts, ExtraHeader } from './request.js';
export { createResponse } from './response.js';
export type { ResponseOptions } from './response.js';
export { createErrorResponse } from './error-response.js';
export {
  DIGEST_ALGORITHMS, DIGEST_QOPS, digestResponse, ha1, parseDigestAlgorithm, formatDigestChallenge, parseDigestChallenge,
  formatDigestCredentials, parseDigestCredentials, DigestServer, DigestClient,
} from './auth/index.js';
export type {
  DigestAlgorithm, DigestHash, DigestQop, DigestResponseInput, MessageQop, DigestChallenge, DigestCredentials, AuthParse, DigestRequest,
  DigestCandidate, DigestInspection, DigestServerOptions, DigestVerdict, StaleCause, DigestAnswer, DigestClientOptions,
} from './auth/index.js';
export { unsupportedAddressScheme } from './address-scheme.js';
export type { UnsupportedScheme } from './address-scheme.js';
export {
  UdpTransport, ThreadedUdpTransport, TcpTransport, TlsTransport, StreamTransport, StreamFramer, defaultFramerLimits, MemoryNetwork, MemoryTransport, Inbox,
  TransportSet, routeResponse, receivedParameters, viaTransportProtocol, defaultPort, requiresStreamTransport, canonicalIp, ipFamily,
} from './transport/index.js';
export type {
  Transport, TransportProtocol, TransportAddress, Destination, MessageSource, InboundMessage, SendResult, TransportError, TransportErrorCode,
  TransportFault, TransportHandlers, ConnectionClosedEvent, ConnectionCloseReason, UdpTransportOptions, TcpTransportOptions,
  TlsTransportOptions, StreamTransportOptions, StreamFramerLimits, FramerEvent, FramingFailure, MemoryNetworkOptions, MemoryNetworkStats,
  MemoryPacket, MemoryTransportOptions, PacketFate, ViaRoutingFields, ResponseRoute, AddressRoute, ResolveRoute, ConnectionRoute,
  Unroutable, ReceivedParameters, OutboundTarget, TransportOpener, TransportSetOptions,
} from './transport/index.js';
export { targetOfSource } from './transport/target-of-source.js';
export {
  TransactionLayer, DEFAULT_MAX_TRANSACTIONS, ClientTransaction, ServerTransaction, defaultTimerConfig, checkTimerConfig, isReliableProtocol,
} from './transaction/index.js';
export type {
  TransactionLayerDelegate, TransactionLayerOptions, ReceiveOutcome, RequestOutcome, ClientTransactionDelegate, ClientTransactionState,
  CancelOutcome, ServerTransactionDelegate, ServerTransactionState, TransactionPort, WireResponse, TimerConfig,
} from './transaction/index.js';
export {
  SipStack, validateRequest, requestChecks, defaultRequestPolicy, AdmissionControl, defaultAdmissionLimits, trafficClass,
  Invite2xxRetransmitter, withReceivedVia, responseTarget, TimerScope,
} from './stack/index.js';
export type {
  StackStats, ListeningTransport, SipStackOptions, AdvertisedAddress, StackDelegate, StackEvent, RefusalCause, DropCause, CheckName,
  CheckVerdict, Rejection, RequestCheck, RequestPolicy, Admission, AdmissionLimits, TrafficClass, Invite2xxRetransmitterOptions,
} from './stack/index.js';
export {
  dialogId, dialogIdOf, dialogKey, sameDialogId, DIALOG_CREATING_METHODS, isDialogCreating, terminateDialog, contactTarget, isTargetRefresh,
  asRequestUri, isLooseRoute, routeTowards, uacRouteSet, uasRouteSet, answersRequest, createUacDialog, createUasDialog, advanceDialog,
  receiveCreatingResponse, createInDialogRequest, createAck, receiveInDialogRequest, receiveInDialogResponse, DialogStore, addRecordRoute,
  postprocessRoute, preprocessRoute, recordRouteEntry, DEFAULT_SESSION_INTERVAL, MIN_SESSION_INTERVAL, TIMER_OPTION, formatSessionExpires,
  readMinSE, readSessionExpires, supportsTimer, answerSessionTimer, retryOfferAfter422, sessionTimerAction, sessionTimerOfAnswer,
  sessionTimerRequestHeaders,
} from './dialog/index.js';
export type {
  DialogId, Dialog, DialogCreatingMethod, DialogRole, DialogState, RequestAddress, DialogCreation, CreatingResponseOutcome,
  DialogRequestOptions, InDialogRequest, InDialogRequestOptions, InDialogReceipt, DialogLookup, DialogStoreOptions, SaveOutcome,
  PreprocessedRoute, RouteOwnership, Refresher, SessionExpires, SessionTimer, SessionTimerAction, SessionTimerAnswer, SessionTimerOffer,
  SessionTimerPolicy,
} from './dialog/index.js';
