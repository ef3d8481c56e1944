import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emergencyNumberFor } from './emergency-number-for.js';
import type { SiteInfo } from './emergency-number-for.js';
import { PHASE_OF_STATE } from './identity-for.js';
import type { EmployeeNumbers, NumberState } from './identity-for.js';

const LEGACY = '+49221471123';
const PROVISIONAL = '+492219876523';
const SITE_NUMBER = '+49221987650';

const koeln: SiteInfo = { id: 's-koeln', tenantId: 't-1', name: 'Köln', areaCode: '221', emergencyNumber: SITE_NUMBER };
const bonn: SiteInfo = { id: 's-bonn', tenantId: 't-1', name: 'Bonn', areaCode: '228', emergencyNumber: null };

const erika = (state: NumberState, ported: string | null = null): EmployeeNumbers => ({
  userId: 'u-erika', tenantId: 't-1', siteId: koeln.id, legacy: LEGACY, provisional: PROVISIONAL, ported, state,
});

/** The provisional block and the ported number are Cologne's; the legacy number belongs to no block of the new trunk until ported. */
const blocks = (e164: string): string | null => (e164 === PROVISIONAL || e164 === LEGACY ? koeln.id : null);

describe('emergencyNumberFor', () => {
  it('before the move: the site emergency number, never the legacy one', () => {
    expect(emergencyNumberFor(erika('planned'), koeln, blocks)).toEqual({ npn: SITE_NUMBER });
  });

  it('during parallel operation: the provisional number of the site', () => {
    for (const state of ['provisional_active', 'forwarding_requested', 'forwarding_active', 'forwarding_verified', 'porting'] as const) {
      expect(emergencyNumberFor(erika(state), koeln, blocks)).toEqual({ npn: PROVISIONAL });
    }
  });

  it('after the port: the ported number, now registered at the site on the new trunk', () => {
    expect(emergencyNumberFor(erika('ported', LEGACY), koeln, blocks)).toEqual({ npn: LEGACY });
    expect(emergencyNumberFor(erika('provisional_retired', LEGACY), koeln, blocks)).toEqual({ npn: LEGACY });
  });

  it('after the port but with the ported number unrecorded: the provisional number until it is retired', () => {
    expect(emergencyNumberFor(erika('ported'), koeln, blocks)).toEqual({ npn: PROVISIONAL });
    expect(emergencyNumberFor(erika('provisional_retired'), koeln, blocks)).toEqual({ npn: SITE_NUMBER });
  });

  it('an employee working at another site than their numbers: that site’s number, or a problem', () => {
    expect(emergencyNumberFor(erika('forwarding_active'), { ...bonn, emergencyNumber: '+49228555000' }, blocks)).toEqual({ npn: '+49228555000' });
    expect(emergencyNumberFor(erika('forwarding_active'), bonn, blocks)).toEqual({
      problem: 'site Bonn has no emergency number, and the employee has no number of the new trunk registered there',
    });
  });

  it('no site, or a site whose emergency number is the legacy number still at the old provider: a problem', () => {
    expect(emergencyNumberFor(erika('porting'), undefined, blocks)).toHaveProperty('problem');
    const misconfigured = { ...koeln, emergencyNumber: LEGACY };
    expect(emergencyNumberFor(erika('planned'), misconfigured, blocks)).toEqual({
      problem: `the emergency number of site Köln is the employee's legacy number ${LEGACY}, which is still at the old provider`,
    });
  });

  it('a user without a migration record: the site emergency number', () => {
    expect(emergencyNumberFor(undefined, koeln, blocks)).toEqual({ npn: SITE_NUMBER });
    expect(emergencyNumberFor(undefined, bonn, blocks)).toHaveProperty('problem');
  });

  it('never sends the legacy number while it is at the old provider, and only numbers registered at the site (property)', () => {
    const pool = ['+49221471123', '+492219876523', '+49221987650', '+49228555000'];
    const number = fc.constantFrom(...pool);
    const maybe = fc.option(number, { nil: null });
    const state = fc.constantFrom(...(Object.keys(PHASE_OF_STATE) as NumberState[]));
    const numbers = fc.record({
      userId: fc.constant('u'), tenantId: fc.constant('t'), siteId: fc.constant<string | null>('s-1'),
      legacy: maybe, provisional: maybe, ported: maybe, state,
    });
    const site = fc.record({
      id: fc.constantFrom('s-1', 's-2'), tenantId: fc.constant('t'), name: fc.constant('Site'), areaCode: fc.constant('221'), emergencyNumber: maybe,
    });
    const siteOfNumber = fc.dictionary(number, fc.constantFrom('s-1', 's-2'));
    fc.assert(
      fc.property(fc.option(numbers, { nil: undefined }), fc.option(site, { nil: undefined }), siteOfNumber, (employee, where, assigned) => {
        const numberSite = (e164: string): string | null => assigned[e164] ?? null;
        const result = emergencyNumberFor(employee, where, numberSite);
        if (!('npn' in result)) return;
        expect(where).toBeDefined();
        if (employee?.legacy === result.npn) {
          // the same digits are acceptable only once they are the ported number on the new trunk
          expect(PHASE_OF_STATE[employee.state]).toBe('ported');
          expect(employee.ported).toBe(result.npn);
        }
        if (employee !== undefined && PHASE_OF_STATE[employee.state] !== 'ported') expect(result.npn).not.toBe(employee.legacy);
        expect(result.npn === where?.emergencyNumber || numberSite(result.npn) === where?.id).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
