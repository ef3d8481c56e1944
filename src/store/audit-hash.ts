import { createHash } from 'node:crypto';

/**
 * The audit chain's record and its rules, free of any database so an exported log can be
 * checked anywhere: each record's `hash` is SHA-256 over the canonical JSON of its fields
 * and the previous record's hash; the first record links to {@link auditGenesisHash}.
 */

export const auditGenesisHash = '0'.repeat(64);

/** Version tag inside every hashed serialization, so the format can change without ambiguity. */
const hashFormat = 'belay.audit.v1';

export interface AuditRecord {
  readonly id: number;
  readonly tenantId: string | null;
  readonly actorKind: string;
  readonly actorId: string;
  readonly action: string;
  readonly entityType: string;
  readonly entityId: string;
  readonly at: string;
  /** The entity before the change (parsed JSON), null on creation. */
  readonly before: unknown;
  /** The entity after the change (parsed JSON), null on deletion. */
  readonly after: unknown;
  readonly prevHash: string;
  readonly hash: string;
}

/**
 * JSON with object keys sorted (by UTF-16 code units) and no whitespace, so equal values
 * always serialize to equal text. Follows `JSON.stringify` for `toJSON` and `undefined`;
 * refuses values JSON cannot hold (non-finite numbers, functions, symbols, bigints).
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`${value} cannot be stored as JSON`);
      return JSON.stringify(value);
    case 'object': {
      const toJson: unknown = (value as { toJSON?: unknown }).toJSON;
      if (typeof toJson === 'function') return canonicalJson((toJson as () => unknown).call(value));
      if (Array.isArray(value)) return `[${value.map((item: unknown) => canonicalJson(item ?? null)).join(',')}]`;
      const fields = Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`);
      return `{${fields.join(',')}}`;
    }
    default:
      throw new TypeError(`a ${typeof value} cannot be stored as JSON`);
  }
}

/** The hash a record must carry, computed from all its other fields. */
export function auditRowHash(record: Omit<AuditRecord, 'hash'>): string {
  const fields = [
    hashFormat,
    record.id,
    record.tenantId,
    record.actorKind,
    record.actorId,
    record.action,
    record.entityType,
    record.entityId,
    record.at,
    record.before,
    record.after,
    record.prevHash,
  ];
  return createHash('sha256').update(canonicalJson(fields)).digest('hex');
}

export interface AuditChainBreak {
  /** The first record that does not fit the chain. */
  readonly id: number;
  /** sequence: a row is missing or inserted; link: prev_hash is not the previous hash;
   *  hash: the row's contents were changed; head: the log does not end where its head says. */
  readonly reason: 'sequence' | 'link' | 'hash' | 'head';
  readonly message: string;
}

/** Checks that `record` follows `previous` (undefined for the first record). */
export function auditChainBreak(
  previous: Pick<AuditRecord, 'id' | 'hash'> | undefined,
  record: AuditRecord,
): AuditChainBreak | undefined {
  const expectedId = (previous?.id ?? 0) + 1;
  if (record.id !== expectedId) {
    return { id: record.id, reason: 'sequence', message: `expected audit row ${expectedId}, found row ${record.id}` };
  }
  if (record.prevHash !== (previous?.hash ?? auditGenesisHash)) {
    const what = previous ? `the hash of row ${previous.id}` : 'the genesis hash';
    return { id: record.id, reason: 'link', message: `audit row ${record.id}: prev_hash is not ${what}` };
  }
  if (auditRowHash(record) !== record.hash) {
    return { id: record.id, reason: 'hash', message: `audit row ${record.id}: contents do not match its hash` };
  }
  return undefined;
}
