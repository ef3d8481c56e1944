import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import {
  appendAudit,
  auditChainBreak,
  auditGenesisHash,
  auditRowHash,
  exportAuditJsonLines,
  inTransaction,
  listAudit,
  verifyAuditChain,
} from '../../src/store/index.js';
import type { AuditEntry, AuditRecord, Database } from '../../src/store/index.js';
import { testDialects, useMigratedDatabase } from './support/test-database.js';

function entry(n: number, tenantId: string | null = 't1'): AuditEntry {
  return {
    tenantId,
    actor: { kind: 'cli', id: 'root' },
    action: n === 1 ? 'tenant.create' : 'tenant.update',
    entityType: 'tenant',
    entityId: tenantId ?? 'provider',
    at: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
    before: n === 1 ? null : { name: `v${n - 1}`, tags: ['a', 'b'] },
    after: { name: `v${n}`, tags: ['a', 'b'] },
  };
}

async function append(database: Database, count: number, tenantId: string | null = 't1'): Promise<AuditRecord[]> {
  const records: AuditRecord[] = [];
  for (let n = 1; n <= count; n++) records.push(await inTransaction(database, (trx) => appendAudit(trx, entry(n, tenantId))));
  return records;
}

async function collect(lines: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const line of lines) out.push(line);
  return out;
}

/** What someone with direct access to the database could do: remove the append-only guard. */
async function dropAppendOnlyGuard(database: Database): Promise<void> {
  const triggers = database.dialect === 'postgres' ? ['audit_log_append_only on audit_log'] : ['audit_log_no_update', 'audit_log_no_delete'];
  for (const trigger of triggers) await sql`drop trigger ${sql.raw(trigger)}`.execute(database.db);
}

describe.each(testDialects())('audit log on %s', (dialect) => {
  const database = useMigratedDatabase(dialect);

  it('appends records numbered 1, 2, 3 … each linked to the one before', async () => {
    const records = await append(database(), 3);
    expect(records.map((r) => r.id)).toEqual([1, 2, 3]);
    expect(records[0]?.prevHash).toBe(auditGenesisHash);
    expect(records[1]?.prevHash).toBe(records[0]?.hash);
    expect(records[2]?.prevHash).toBe(records[1]?.hash);
    expect((await listAudit(database().db)).items).toEqual(records);
  });

  it('stores before and after as JSON and gives them back parsed', async () => {
    await append(database(), 2);
    const [, second] = (await listAudit(database().db)).items;
    expect(second).toMatchObject({
      tenantId: 't1',
      actorKind: 'cli',
      actorId: 'root',
      action: 'tenant.update',
      entityType: 'tenant',
      entityId: 't1',
      at: '2026-01-01T00:00:02.000Z',
      before: { name: 'v1', tags: ['a', 'b'] },
      after: { name: 'v2', tags: ['a', 'b'] },
    });
  });

  it('filters by tenant, entity and action, and pages by id', async () => {
    await append(database(), 3, 't1');
    await append(database(), 2, 't2');
    await append(database(), 1, null);
    const db = database().db;
    expect((await listAudit(db, { tenantId: 't2' })).items.map((r) => r.id)).toEqual([4, 5]);
    expect((await listAudit(db, { entityType: 'tenant', entityId: 'provider' })).items.map((r) => r.id)).toEqual([6]);
    expect((await listAudit(db, { action: 'tenant.create' })).items.map((r) => r.id)).toEqual([1, 4, 6]);
    const first = await listAudit(db, { limit: 4 });
    expect(first.items.map((r) => r.id)).toEqual([1, 2, 3, 4]);
    expect(first.next).toBe(4);
    const second = await listAudit(db, { limit: 4, afterId: first.next ?? 0 });
    expect(second).toMatchObject({ next: null });
    expect(second.items.map((r) => r.id)).toEqual([5, 6]);
    await expect(listAudit(db, { limit: 0 })).rejects.toThrow(RangeError);
  });

  it('verifies an intact chain and reports its head', async () => {
    const records = await append(database(), 5);
    expect(await verifyAuditChain(database().db)).toEqual({ ok: true, rows: 5, headHash: records[4]?.hash });
  });

  it('refuses to change or remove a stored record', async () => {
    await append(database(), 2);
    const db = database().db;
    await expect(db.updateTable('audit_log').set({ actor_id: 'eve' }).where('id', '=', 1).execute()).rejects.toThrow(/append-only/);
    await expect(db.deleteFrom('audit_log').where('id', '=', 2).execute()).rejects.toThrow(/append-only/);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, rows: 2 });
  });

  describe('detects tampering behind the guard', () => {
    it('a changed field', async () => {
      await append(database(), 4);
      await dropAppendOnlyGuard(database());
      await database().db.updateTable('audit_log').set({ after: '{"name":"forged","tags":["a","b"]}' }).where('id', '=', 2).execute();
      expect(await verifyAuditChain(database().db)).toMatchObject({ ok: false, rows: 1, broken: { id: 2, reason: 'hash' } });
    });

    it('a changed row given a matching hash', async () => {
      const records = await append(database(), 4);
      await dropAppendOnlyGuard(database());
      const forged = { ...(records[1] as AuditRecord), actorId: 'eve' };
      await database().db.updateTable('audit_log').set({ actor_id: 'eve', hash: auditRowHash(forged) }).where('id', '=', 2).execute();
      expect(await verifyAuditChain(database().db)).toMatchObject({ ok: false, rows: 2, broken: { id: 3, reason: 'link' } });
    });

    it('a removed row', async () => {
      await append(database(), 4);
      await dropAppendOnlyGuard(database());
      await database().db.deleteFrom('audit_log').where('id', '=', 2).execute();
      expect(await verifyAuditChain(database().db)).toMatchObject({ ok: false, broken: { id: 3, reason: 'sequence' } });
    });

    it('removed rows at the end', async () => {
      await append(database(), 4);
      await dropAppendOnlyGuard(database());
      await database().db.deleteFrom('audit_log').where('id', '>=', 3).execute();
      expect(await verifyAuditChain(database().db)).toMatchObject({ ok: false, rows: 2, broken: { id: 4, reason: 'head' } });
    });

    it('before or after replaced by text that is not JSON', async () => {
      await append(database(), 2);
      await dropAppendOnlyGuard(database());
      await database().db.updateTable('audit_log').set({ before: '{broken' }).where('id', '=', 2).execute();
      expect(await verifyAuditChain(database().db)).toMatchObject({ ok: false, broken: { id: 2, reason: 'hash' } });
    });
  });

  it('exports JSON lines that can be re-verified without the database', async () => {
    await append(database(), 3);
    const lines = await collect(exportAuditJsonLines(database().db));
    expect(lines).toHaveLength(3);
    expect(lines.every((line) => line.endsWith('\n'))).toBe(true);
    const records = lines.map((line) => JSON.parse(line) as AuditRecord);
    expect(records.map((r, i) => auditChainBreak(records[i - 1], r))).toEqual([undefined, undefined, undefined]);
    const forged = { ...(records[1] as AuditRecord), after: { name: 'forged', tags: ['a', 'b'] } };
    expect(auditChainBreak(records[0], forged)).toMatchObject({ reason: 'hash' });
  });

  it('exports more than one page in order', async () => {
    await inTransaction(database(), async (trx) => {
      for (let n = 1; n <= 1205; n++) await appendAudit(trx, entry(n));
    });
    const ids = (await collect(exportAuditJsonLines(database().db))).map((line) => (JSON.parse(line) as AuditRecord).id);
    expect(ids).toEqual(Array.from({ length: 1205 }, (_, i) => i + 1));
    expect(await verifyAuditChain(database().db)).toMatchObject({ ok: true, rows: 1205 });
  });

  it('discards the record of a transaction that fails, leaving the chain where it was', async () => {
    const [first] = await append(database(), 1);
    await expect(
      inTransaction(database(), async (trx) => {
        await appendAudit(trx, entry(2));
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    const [next] = await append(database(), 1);
    expect(next).toMatchObject({ id: 2, prevHash: first?.hash });
    expect(await verifyAuditChain(database().db)).toMatchObject({ ok: true, rows: 2 });
  });

  it('keeps the chain linear under 50 concurrent appending transactions', async () => {
    await Promise.all(Array.from({ length: 50 }, (_, i) => inTransaction(database(), (trx) => appendAudit(trx, entry(i + 1, `t${i}`)))));
    const { items } = await listAudit(database().db, { limit: 100 });
    expect(items.map((r) => r.id)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(new Set(items.map((r) => r.tenantId)).size).toBe(50);
    expect(await verifyAuditChain(database().db)).toMatchObject({ ok: true, rows: 50 });
  });
});
