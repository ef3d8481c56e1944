import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { auditChainBreak, auditGenesisHash, auditRowHash, canonicalJson } from './audit-hash.js';
import type { AuditRecord } from './audit-hash.js';

describe('canonicalJson', () => {
  it('sorts keys at every depth and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [true, null], c: 'x' } })).toBe('{"a":{"c":"x","d":[true,null]},"b":1}');
  });

  it('serializes equal values to equal text whatever their key order, and round-trips through JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value);
        expect(canonicalJson(JSON.parse(text))).toBe(text);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });

  it('follows JSON.stringify for dates and undefined fields', () => {
    expect(canonicalJson({ at: new Date(Date.UTC(2026, 0, 2)), gone: undefined, list: [undefined] })).toBe(
      '{"at":"2026-01-02T00:00:00.000Z","list":[null]}',
    );
  });

  it.each([NaN, Infinity, 1n, () => 1, Symbol('s')])('refuses %s', (value) => {
    expect(() => canonicalJson({ value })).toThrow(TypeError);
  });
});

function chain(length: number): AuditRecord[] {
  const records: AuditRecord[] = [];
  for (let id = 1; id <= length; id++) {
    const unsigned = {
      id,
      tenantId: 't1',
      actorKind: 'cli',
      actorId: 'root',
      action: 'tenant.update',
      entityType: 'tenant',
      entityId: 't1',
      at: `2026-01-01T00:00:0${id}.000Z`,
      before: { name: `v${id - 1}` },
      after: { name: `v${id}` },
      prevHash: records.at(-1)?.hash ?? auditGenesisHash,
    };
    records.push({ ...unsigned, hash: auditRowHash(unsigned) });
  }
  return records;
}

describe('auditRowHash', () => {
  const [record] = chain(1);
  if (!record) throw new Error('no record');

  it('is a SHA-256 hex digest', () => {
    expect(record.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each([
    ['id', 2],
    ['tenantId', null],
    ['actorKind', 'api'],
    ['actorId', 'eve'],
    ['action', 'tenant.delete'],
    ['entityType', 'user'],
    ['entityId', 't2'],
    ['at', '2026-01-01T00:00:02.000Z'],
    ['before', null],
    ['after', { name: 'v2' }],
    ['prevHash', 'f'.repeat(64)],
  ])('changes when %s changes', (field, value) => {
    expect(auditRowHash({ ...record, [field]: value })).not.toBe(record.hash);
  });

  it('does not depend on the key order of before and after', () => {
    const reordered = { ...record, before: { b: 2, a: 1 } };
    expect(auditRowHash(reordered)).toBe(auditRowHash({ ...record, before: { a: 1, b: 2 } }));
  });
});

describe('auditChainBreak', () => {
  const records = chain(3);
  const [first, second, third] = records as [AuditRecord, AuditRecord, AuditRecord];

  it('accepts an intact chain', () => {
    expect(records.map((r, i) => auditChainBreak(records[i - 1], r))).toEqual([undefined, undefined, undefined]);
  });

  it('finds a missing row', () => {
    expect(auditChainBreak(first, third)).toMatchObject({ id: 3, reason: 'sequence' });
  });

  it('finds a row whose contents changed', () => {
    expect(auditChainBreak(first, { ...second, after: { name: 'forged' } })).toMatchObject({ id: 2, reason: 'hash' });
  });

  it('finds a row re-hashed after a change, at the link to its successor', () => {
    const forged = { ...second, after: { name: 'forged' } };
    const rehashed = { ...forged, hash: auditRowHash(forged) };
    expect(auditChainBreak(first, rehashed)).toBeUndefined();
    expect(auditChainBreak(rehashed, third)).toMatchObject({ id: 3, reason: 'link' });
  });

  it('requires the first row to link to the genesis hash', () => {
    const unsigned = { ...first, prevHash: 'a'.repeat(64) };
    expect(auditChainBreak(undefined, { ...unsigned, hash: auditRowHash(unsigned) })).toMatchObject({ id: 1, reason: 'link' });
  });
});
