export { CALL_DISPOSITIONS, FORWARDING_REASONS, dispositionOf } from './call-record.js';
export type {
  ActiveCall, ActiveCallSource, AnsweringDevice, CallDisposition, CallParty, CallRecord, CallRecordSink, ForwardingHop, ForwardingReason,
} from './call-record.js';
export { callRecordQuerySchema, listCallRecords } from './call-record-service.js';
export type { CallRecordPage, CallRecordQuery } from './call-record-service.js';
export { CallRecordWriter } from './call-record-writer.js';
