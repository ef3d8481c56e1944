export { CALL_DIRECTIONS, CALL_DISPOSITIONS, FORWARDING_REASONS, INTERNAL_CALL_FACTS, dispositionOf } from './call-record.js';
export type {
  ActiveCall, ActiveCallSource, AnsweringDevice, CallDirection, CallDisposition, CallParty, CallRecord, CallRecordSink, ForwardingHop, ForwardingReason,
  TrunkCallFacts,
} from './call-record.js';
export { callRecordQuerySchema, listCallRecords } from './call-record-service.js';
export type { CallRecordPage, CallRecordQuery } from './call-record-service.js';
export { CallRecordWriter } from './call-record-writer.js';
