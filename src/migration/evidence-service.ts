import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import { getTenant } from '../centrex/index.js';
import type { Actor, ChangeOptions } from '../centrex/index.js';
import { DomainError, validateInput, validationFailed } from '../kernel/index.js';
import {
  appendAudit,
  findForwardingOrder,
  findMigrationEmployeeByExtension,
  findPortOrder,
  getMigrationEmployee,
  inTransaction,
  insertMigrationEvidence,
  listMigrationEvidenceRows,
  lockAuditChain,
} from '../store/index.js';
import type { Database, DatabaseSchema, MigrationEvidenceRow } from '../store/index.js';
import { changeInstant, isoInstant } from './change-instant.js';
import { evidencePageSchema, evidenceRecordSchema } from './evidence-schema.js';
import type { Evidence, EvidenceKind, EvidenceResult, EvidenceSource, EvidenceSubject } from './evidence.js';

/** One check to record, from a person (`manual`) or from belay's own test calls (`automatic`). */
export interface EvidenceInput {
  readonly tenantId: string;
  readonly subject: EvidenceSubject;
  readonly kind: EvidenceKind;
  readonly result: EvidenceResult;
  readonly source: EvidenceSource;
  /** Who or what checked. */
  readonly checkedBy: string;
  /** When the check happened (ISO-8601); not after `recordedAt`. */
  readonly checkedAt: string;
  readonly details?: Readonly<Record<string, unknown>>;
  /** Who records it (the audit actor). */
  readonly actor: Actor;
  /** When it is recorded (ISO-8601). */
  readonly recordedAt: string;
}

export interface EvidencePage {
  readonly items: readonly Evidence[];
  /** Pass as `after` for the next page; null on the last page. */
  readonly next: string | null;
}

const e164 = /^\+[1-9]\d{1,14}$/;
const defaultPageSize = 100;

export function evidenceFromRow(row: MigrationEvidenceRow): Evidence {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    subject: { type: row.subject_type as Evidence['subject']['type'], id: row.subject_id },
    kind: row.kind as EvidenceKind,
    result: row.result as EvidenceResult,
    source: row.source as EvidenceSource,
    checkedBy: row.checked_by,
    checkedAt: row.checked_at,
    recordedAt: row.recorded_at,
    details: JSON.parse(row.details) as Record<string, unknown>,
  };
}

const subjectError = (message: string) => validationFailed('evidence', [{ field: 'subject.id', message }]);

/** The subject must be something of this tenant: itself, one of its employees or orders, a number in E.164. */
async function checkSubject(trx: Transaction<DatabaseSchema>, tenantId: string, subject: EvidenceSubject): Promise<void> {
  switch (subject.type) {
    case 'project':
      if (subject.id !== tenantId) throw subjectError('must be the tenant’s id');
      return;
    case 'employee': {
      const employee = await getMigrationEmployee(trx, subject.id);
      if (employee?.tenant_id !== tenantId) throw subjectError(`"${subject.id}" is not a migration employee of this tenant`);
      return;
    }
    case 'number':
      if (!e164.test(subject.id)) throw subjectError('must be a number in E.164, e.g. +492214711201');
      return;
    case 'port_order':
      if (!(await findPortOrder(trx, tenantId, subject.id))) throw subjectError(`"${subject.id}" is not a port order of this tenant`);
      return;
    case 'forwarding_order':
      if (!(await findForwardingOrder(trx, tenantId, subject.id))) throw subjectError(`"${subject.id}" is not a forwarding order of this tenant`);
      return;
  }
}

/**
 * Records one check in the caller's transaction, audited as `migration_evidence.record`.
 * Evidence is never changed afterwards: a later check is a new record.
 */
export async function recordEvidence(trx: Transaction<DatabaseSchema>, input: EvidenceInput): Promise<Evidence> {
  await lockAuditChain(trx);
  await checkSubject(trx, input.tenantId, input.subject);
  const checkedAt = new Date(input.checkedAt).toISOString();
  if (checkedAt > input.recordedAt) {
    throw validationFailed('evidence', [{ field: 'checkedAt', message: 'must not be in the future' }]);
  }
  const row: MigrationEvidenceRow = {
    id: randomUUID(),
    tenant_id: input.tenantId,
    subject_type: input.subject.type,
    subject_id: input.subject.id,
    kind: input.kind,
    result: input.result,
    source: input.source,
    checked_by: input.checkedBy,
    checked_at: checkedAt,
    recorded_at: input.recordedAt,
    details: JSON.stringify(input.details ?? {}),
  };
  await insertMigrationEvidence(trx, row);
  const evidence = evidenceFromRow(row);
  await appendAudit(trx, {
    tenantId: input.tenantId,
    actor: input.actor,
    action: 'migration_evidence.record',
    entityType: 'migration_evidence',
    entityId: row.id,
    at: input.recordedAt,
    before: null,
    after: evidence,
  });
  return evidence;
}

/** An employee subject may be named by extension, a project by the tenant's slug. */
async function resolveSubject(trx: Transaction<DatabaseSchema>, tenant: { id: string; slug: string }, subject: EvidenceSubject): Promise<EvidenceSubject> {
  if (subject.type === 'project' && subject.id === tenant.slug) return { type: 'project', id: tenant.id };
  if (subject.type === 'employee' && /^\d+$/.test(subject.id)) {
    const employee = await findMigrationEmployeeByExtension(trx, tenant.id, subject.id);
    if (!employee) throw subjectError(`no migration employee has the extension ${subject.id}`);
    return { type: 'employee', id: employee.id };
  }
  return subject;
}

/** A check a person made, recorded through the API or the command line (source `manual`). */
export async function recordManualEvidence(
  database: Database,
  tenantIdOrSlug: string,
  input: unknown,
  actor: Actor,
  options: Pick<ChangeOptions, 'clock'> = {},
): Promise<Evidence> {
  const { subject, kind, result, checkedAt, checkedBy, details } = validateInput(evidenceRecordSchema, input, 'evidence');
  const tenant = await getTenant(database, tenantIdOrSlug);
  const recordedAt = isoInstant(changeInstant(options));
  return inTransaction(database, async (trx) =>
    recordEvidence(trx, {
      tenantId: tenant.id,
      subject: await resolveSubject(trx, tenant, subject),
      kind,
      result,
      source: 'manual',
      checkedBy: checkedBy ?? actor.id,
      checkedAt: checkedAt ?? recordedAt,
      ...(details !== undefined && { details }),
      actor,
      recordedAt,
    }),
  );
}

function decodeEvidenceCursor(after: string): { checkedAt: string; id: string } {
  const match = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)~([0-9a-f-]{36})$/.exec(after);
  if (!match) throw new DomainError('validation_failed', 'invalid page: after is not a cursor returned by this list', [{ field: 'after', message: 'is not a cursor returned by this list' }]);
  return { checkedAt: match[1] ?? '', id: match[2] ?? '' };
}

/** The tenant's evidence, latest check first, a page at a time (default 100, at most 1000), optionally filtered. */
export async function listEvidence(database: Database, tenantIdOrSlug: string, query: unknown = {}): Promise<EvidencePage> {
  const { limit = defaultPageSize, after, ...filter } = validateInput(evidencePageSchema, query, 'page');
  const tenant = await getTenant(database, tenantIdOrSlug);
  const rows = await listMigrationEvidenceRows(database.db, tenant.id, filter, {
    limit: limit + 1,
    ...(after !== undefined && { after: decodeEvidenceCursor(after) }),
  });
  const items = rows.slice(0, limit).map(evidenceFromRow);
  const last = items.at(-1);
  return { items, next: rows.length > limit && last ? `${last.checkedAt}~${last.id}` : null };
}
