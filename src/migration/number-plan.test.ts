import { describe, expect, it } from 'vitest';
import type { NumberBlockRow, SiteRow } from '../store/index.js';
import { parseDdiRange } from './number-block.js';
import { planNumbers } from './number-plan.js';
import type { PlanEmployee } from './number-plan.js';

const at = '2026-03-02T09:00:00.000Z';
const site = (id: string, areaCode: string): SiteRow => ({ id, tenant_id: 't', name: id, address: 'x', area_code: areaCode, emergency_number: null, created_at: at, updated_at: at });
const sites = new Map([['koeln', site('koeln', '221')], ['berlin', site('berlin', '30')]]);

function block(id: string, base: string, range: string, siteId: string | null = null): NumberBlockRow {
  const parsed = parseDdiRange(range);
  if (!parsed.ok) throw new Error(parsed.message);
  const { from, to, digits } = parsed.range;
  return { id, tenant_id: 't', kind: 'provisional', base_number: base, ddi_from: from, ddi_to: to, ddi_digits: digits, old_provider: null, line_id: null, site_id: siteId, created_at: at, updated_at: at };
}

const employee = (extension: string, legacyDdi: string | null, extra: Partial<PlanEmployee> = {}): PlanEmployee => ({
  id: `e${extension}`,
  extension,
  name: `N${extension}`,
  siteId: 'koeln',
  legacyNumber: legacyDdi === null ? null : `+492214711${legacyDdi}`,
  legacyDdi,
  provisionalNumber: null,
  numberState: 'planned',
  ...extra,
});

const planned = (plan: ReturnType<typeof planNumbers>) => plan.entries.map((e) => [e.extension, e.plannedNumber, e.reason]);

describe('planNumbers', () => {
  const koeln = block('p1', '+4922198765', '00-99', 'koeln');

  it('keeps the legacy DDI in the provisional block (-23 → -23) and gives the rest the next free number', () => {
    const plan = planNumbers([employee('10', '00'), employee('23', '23'), employee('99', null)], sites, [koeln]);
    expect(planned(plan)).toEqual([
      ['10', '+492219876500', 'suffix'],
      ['23', '+492219876523', 'suffix'],
      ['99', '+492219876501', 'next_free'],
    ]);
    expect(plan.counts).toEqual({ kept: 0, suffix: 2, nextFree: 1, unplanned: 0, changed: 3 });
    expect(plan.entries.every((e) => e.blockId === 'p1' && e.conflict === null)).toBe(true);
  });

  it('falls back to the next free number when the block cannot hold the DDI, or another employee holds it, naming who', () => {
    const small = block('p2', '+4922198766', '10-19', 'koeln');
    const plan = planNumbers([employee('5', '5', { legacyDdi: '5' }), employee('11', '11'), employee('12', '11', { legacyNumber: '+49221471211' })], sites, [small]);
    expect(planned(plan)).toEqual([
      ['5', '+492219876610', 'next_free'],
      ['11', '+492219876611', 'suffix'],
      ['12', '+492219876612', 'next_free'],
    ]);
    expect(plan.entries[0]?.conflict).toBeNull();
    expect(plan.entries[2]?.conflict).toBe('-11 in +4922198766 10-19 is taken by 11 (N11)');
  });

  it('keeps numbers planned before or set by hand while they fit, and never moves a live one', () => {
    const plan = planNumbers(
      [
        employee('23', '23', { provisionalNumber: '+492219876577' }),
        employee('24', '24', { provisionalNumber: '+4930123456', numberState: 'provisional_active' }),
        employee('25', '25', { provisionalNumber: '+4930999999' }),
      ],
      sites,
      [koeln],
    );
    expect(planned(plan)).toEqual([
      ['23', '+492219876577', 'kept'],
      ['24', '+4930123456', 'kept'],
      ['25', '+492219876525', 'suffix'],
    ]);
    expect(plan.counts.changed).toBe(1);
  });

  it('never gives a number from another area code, and says so when an employee gets none', () => {
    const berlin = block('p3', '+493098765', '00-09', 'berlin');
    const tiny = block('p4', '+4922198767', '0-1', null);
    const plan = planNumbers([employee('1', null), employee('2', null), employee('3', null), employee('4', null, { siteId: 'berlin' })], new Map([...sites, ['bonn', site('bonn', '228')]]), [berlin, tiny]);
    expect(planned(plan)).toEqual([
      ['1', '+49221987670', 'next_free'],
      ['2', '+49221987671', 'next_free'],
      ['3', null, 'unplanned'],
      ['4', '+49309876500', 'next_free'],
    ]);
    expect(plan.entries[2]?.conflict).toBe('the provisional blocks of area code 0221 have no free number');
    const none = planNumbers([employee('7', null)], sites, [berlin]);
    expect(none.entries[0]?.conflict).toBe('no provisional block in area code 0221 (site "koeln")');
  });

  it('plans 10,000 employees with suffixes in one pass', () => {
    const big = block('big', '+492219870', '0000-9999', 'koeln');
    const many = Array.from({ length: 10_000 }, (_, i) => employee(String(20000 + i), String(i).padStart(4, '0')));
    const plan = planNumbers(many, sites, [big]);
    expect(plan.counts).toMatchObject({ suffix: 10_000, unplanned: 0 });
    expect(new Set(plan.entries.map((e) => e.plannedNumber)).size).toBe(10_000);
  });
});
