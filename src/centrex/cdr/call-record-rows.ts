/** Call records as stored: one row per call, the forwarding hops as JSON. */
import type { CallRecordRow } from '../../store/index.js';
import { CALL_DISPOSITIONS, FORWARDING_REASONS } from './call-record.js';
import type { CallDisposition, CallRecord, ForwardingHop } from './call-record.js';

export function callRecordRow(record: CallRecord): CallRecordRow {
  const { caller, answeredBy } = record;
  return {
    id: record.id,
    tenant_id: record.tenantId,
    started_at: record.startedAt,
    answered_at: record.answeredAt,
    ended_at: record.endedAt,
    caller_user_id: caller.userId,
    caller_extension: caller.extension,
    caller_uri: caller.uri,
    caller_name: caller.name,
    dialled: record.dialled,
    answered_user_id: answeredBy?.userId ?? null,
    answered_extension: answeredBy?.extension ?? null,
    answered_contact: answeredBy?.contact ?? null,
    answered_user_agent: answeredBy?.userAgent ?? null,
    forwarding: JSON.stringify(record.forwarding),
    disposition: record.disposition,
    sip_status: record.sipStatus,
    duration_ms: record.durationMs,
    direction: record.direction,
    trunk_id: record.trunkId,
    presented_number: record.presentedNumber,
    network_number: record.networkNumber,
    identity_note: record.identityNote,
    original_called: record.originalCalled,
    diversion_reason: record.diversionReason,
    emergency: record.emergency ? 1 : 0,
    block_reason: record.blockReason,
  };
}

const isDisposition = (value: string): value is CallDisposition => (CALL_DISPOSITIONS as readonly string[]).includes(value);

function isHop(value: unknown): value is ForwardingHop {
  if (typeof value !== 'object' || value === null) return false;
  const { from, to, reason } = value as Record<string, unknown>;
  return typeof from === 'string' && typeof to === 'string' && (FORWARDING_REASONS as readonly unknown[]).includes(reason);
}

/** A stored row as a call record; a row this code did not write (a bad disposition or hop list) is a bug and throws. */
export function callRecordOf(row: CallRecordRow): CallRecord {
  const forwarding: unknown = JSON.parse(row.forwarding);
  if (!Array.isArray(forwarding) || !forwarding.every(isHop)) throw new Error(`call record ${row.id} has a malformed forwarding list`);
  if (!isDisposition(row.disposition)) throw new Error(`call record ${row.id} has an unknown disposition ${row.disposition}`);
  const answered = row.answered_user_id !== null && row.answered_extension !== null && row.answered_contact !== null;
  return {
    id: row.id,
    tenantId: row.tenant_id,
    startedAt: row.started_at,
    answeredAt: row.answered_at,
    endedAt: row.ended_at,
    caller: { userId: row.caller_user_id, extension: row.caller_extension, uri: row.caller_uri, name: row.caller_name },
    dialled: row.dialled,
    answeredBy: answered
      ? { userId: row.answered_user_id ?? '', extension: row.answered_extension ?? '', contact: row.answered_contact ?? '', userAgent: row.answered_user_agent }
      : null,
    forwarding,
    disposition: row.disposition,
    sipStatus: row.sip_status,
    durationMs: row.duration_ms,
    direction: row.direction,
    trunkId: row.trunk_id,
    presentedNumber: row.presented_number,
    networkNumber: row.network_number,
    identityNote: row.identity_note,
    originalCalled: row.original_called,
    diversionReason: row.diversion_reason,
    emergency: row.emergency === 1,
    blockReason: row.block_reason,
  };
}
