import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEVICE_STATES, NUMBER_STATES, TRAINING_STATES } from './employee-machines.js';
import { evaluateGate, evaluateTransition } from './evaluate-gate.js';
import type { Evidence } from './evidence.js';
import type { GateEmployee, GatePortOrder, GateSnapshot } from './gate-snapshot.js';
import { nextPhase } from './project-phases.js';

const now = Date.parse('2026-03-02T12:00:00.000Z');
const hour = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

const erika: GateEmployee = {
  id: 'e1',
  userId: 'u1',
  label: '201 Erika Muster',
  legacyNumber: '+492214711201',
  provisionalNumber: '+492219876201',
  numberState: 'forwarding_verified',
  deviceState: 'registered',
  trainingState: 'attended',
};
const max: GateEmployee = { ...erika, id: 'e2', userId: 'u2', label: '202 Max Mann', legacyNumber: '+492214711202', provisionalNumber: '+492219876202' };
const newHire: GateEmployee = { ...erika, id: 'e3', userId: 'u3', label: '203 Neu', legacyNumber: null, provisionalNumber: '+492219876203' };

let evidenceSeq = 0;
function evidence(subject: Evidence['subject'], kind: Evidence['kind'], result: Evidence['result'], checkedAt: number, source: Evidence['source'] = 'manual'): Evidence {
  evidenceSeq++;
  return {
    id: `ev${evidenceSeq}`,
    tenantId: 't1',
    subject,
    kind,
    result,
    source,
    checkedBy: source === 'manual' ? 'erika' : 'belay',
    checkedAt: iso(checkedAt),
    recordedAt: iso(checkedAt),
    details: {},
  };
}

function snapshot(patch: Partial<GateSnapshot> = {}): GateSnapshot {
  return {
    now,
    tenant: { id: 't1', name: 'ACME GmbH' },
    employees: [erika, max, newHire],
    evidence: [],
    portOrders: [],
    policy: { forwardingTestMaxAgeMs: 24 * hour, quietDays: 7 },
    telephony: { checks: [], siteNames: { s1: 'Köln' } },
    ...patch,
  };
}

const reasons = (r: ReturnType<typeof evaluateGate>) => r.missing.map((m) => `${m.subject.label}: ${m.reason}`);

describe('evaluateGate', () => {
  it('employees_recorded: the inventory must not be empty', () => {
    expect(evaluateGate('employees_recorded', snapshot()).passed).toBe(true);
    const empty = evaluateGate('employees_recorded', snapshot({ employees: [] }));
    expect(empty).toMatchObject({ passed: false, missing: [{ subject: { type: 'project', id: 't1' } }] });
    expect(reasons(empty)).toEqual(['ACME GmbH: no employee is recorded: import the inventory first']);
  });

  it('provisional_numbers_assigned: names each employee without one', () => {
    const result = evaluateGate('provisional_numbers_assigned', snapshot({ employees: [erika, { ...max, provisionalNumber: null }] }));
    expect(result.passed).toBe(false);
    expect(result.missing).toEqual([{ subject: { type: 'employee', id: 'e2', label: '202 Max Mann' }, reason: 'has no provisional number' }]);
    expect(evaluateGate('provisional_numbers_assigned', snapshot()).passed).toBe(true);
  });

  it('devices_registered: registered or tested, for every device state', () => {
    for (const deviceState of DEVICE_STATES) {
      const result = evaluateGate('devices_registered', snapshot({ employees: [{ ...erika, deviceState }] }));
      expect(result.passed, deviceState).toBe(deviceState === 'registered' || deviceState === 'tested');
      if (!result.passed) expect(reasons(result)).toEqual([`201 Erika Muster: the new device is not registered (${deviceState})`]);
    }
  });

  it('training_complete: attended or waived, for every training state', () => {
    for (const trainingState of TRAINING_STATES) {
      const result = evaluateGate('training_complete', snapshot({ employees: [{ ...erika, trainingState }] }));
      expect(result.passed, trainingState).toBe(trainingState === 'attended' || trainingState === 'waived');
    }
  });

  describe('telephony_ready', () => {
    const telephony = (checks: GateSnapshot['telephony']['checks']): Partial<GateSnapshot> => ({ telephony: { checks, siteNames: { s1: 'Köln' } } });

    it('passes when the telephony checks find nothing', () => {
      expect(evaluateGate('telephony_ready', snapshot())).toMatchObject({ passed: true, missing: [], evidence: [] });
    });

    it('names each employee without a number for emergency calls with their site, in the checks’ order, and trunk and reception errors for the project', () => {
      const result = evaluateGate(
        'telephony_ready',
        snapshot(
          telephony([
            { code: 'no_emergency_number', message: '2 of 2 employees at site Köln (201, 203) …', siteId: 's1', userIds: ['u1', 'u3'] },
            { code: 'no_emergency_number', message: '1 of 1 employees without a site (202) …', siteId: null, userIds: ['u2'] },
            { code: 'no_trunk', message: 'the tenant has no enabled trunk' },
            { code: 'unusable_trunk', message: 'trunk "main" cannot be used: its profile "x" is neither built in nor a custom profile', trunkId: 't9' },
            { code: 'no_reception', message: 'the tenant has 1 number block(s) with DDIs but no reception extension' },
          ]),
        ),
      );
      expect(result.passed).toBe(false);
      expect(result.missing.map((m) => m.subject)).toEqual([
        { type: 'employee', id: 'e1', label: '201 Erika Muster' },
        { type: 'employee', id: 'e3', label: '203 Neu' },
        { type: 'employee', id: 'e2', label: '202 Max Mann' },
        { type: 'project', id: 't1', label: 'ACME GmbH' },
        { type: 'project', id: 't1', label: 'ACME GmbH' },
        { type: 'project', id: 't1', label: 'ACME GmbH' },
      ]);
      expect(reasons(result)).toEqual([
        '201 Erika Muster: has no number for emergency calls registered at site Köln: give the site an emergency number, or the employee a new number in a block of that site',
        '203 Neu: has no number for emergency calls registered at site Köln: give the site an emergency number, or the employee a new number in a block of that site',
        '202 Max Mann: has no site, so an emergency call cannot send a number registered at their location',
        'ACME GmbH: the tenant has no enabled trunk',
        'ACME GmbH: trunk "main" cannot be used: its profile "x" is neither built in nor a custom profile',
        'ACME GmbH: the tenant has 1 number block(s) with DDIs but no reception extension',
      ]);
    });
  });

  describe('forwarding_verified', () => {
    it('wants a passed test call within 24 h per legacy number, and says which evidence is manual and which automatic', () => {
      const result = evaluateGate(
        'forwarding_verified',
        snapshot({
          evidence: [
            evidence({ type: 'employee', id: 'e1' }, 'forwarding_test_call', 'pass', now - 2 * hour, 'automatic'),
            evidence({ type: 'number', id: '+492214711202' }, 'forwarding_test_call', 'pass', now - 23 * hour),
          ],
        }),
      );
      expect(result).toMatchObject({ passed: true, missing: [], sources: { manual: 1, automatic: 1 } });
      expect(result.evidence.map((e) => e.source)).toEqual(['automatic', 'manual']);
    });

    it('lists a missing, a failed and a stale test call per employee, ignoring those without a legacy number', () => {
      const stale = evidence({ type: 'employee', id: 'e2' }, 'forwarding_test_call', 'pass', now - 25 * hour);
      const result = evaluateGate(
        'forwarding_verified',
        snapshot({
          employees: [erika, max, newHire, { ...erika, id: 'e4', label: '204 Ute', legacyNumber: '+492214711204' }],
          evidence: [
            evidence({ type: 'employee', id: 'e1' }, 'forwarding_test_call', 'pass', now - 3 * hour),
            evidence({ type: 'employee', id: 'e1' }, 'forwarding_test_call', 'fail', now - 1 * hour),
            stale,
            evidence({ type: 'employee', id: 'e4' }, 'device_test_call', 'pass', now - hour),
          ],
        }),
      );
      expect(result.passed).toBe(false);
      expect(reasons(result)).toEqual([
        `201 Erika Muster: the last forwarding test call to +492214711201 failed (manual, by erika at ${iso(now - hour)})`,
        `202 Max Mann: the last forwarding test call to +492214711202 is older than 24 h (manual, by erika at ${iso(now - 25 * hour)})`,
        '204 Ute: no forwarding test call to +492214711204 is recorded',
      ]);
      expect(result.missing.map((m) => m.needs)).toEqual(['forwarding_test_call', 'forwarding_test_call', 'forwarding_test_call']);
      expect(result.missing[1]?.latest).toEqual({ id: stale.id, kind: 'forwarding_test_call', result: 'pass', source: 'manual', checkedBy: 'erika', checkedAt: stale.checkedAt });
      expect(result.evidence).toEqual([]);
    });

    it('takes a later pass over an earlier failure', () => {
      const result = evaluateGate(
        'forwarding_verified',
        snapshot({
          employees: [erika],
          evidence: [
            evidence({ type: 'employee', id: 'e1' }, 'forwarding_test_call', 'pass', now - hour),
            evidence({ type: 'number', id: '+492214711201' }, 'forwarding_test_call', 'fail', now - 2 * hour),
          ],
        }),
      );
      expect(result.passed).toBe(true);
    });
  });

  describe('port_orders_confirmed', () => {
    const order = (patch: Partial<GatePortOrder>): GatePortOrder => ({
      id: 'p1',
      label: 'Telekom line 4711',
      state: 'confirmed',
      confirmedDate: '2026-04-01',
      numbers: ['+492214711201', '+492214711202'],
      ...patch,
    });

    it('passes when every legacy number is in a confirmed order with a date', () => {
      expect(evaluateGate('port_orders_confirmed', snapshot({ portOrders: [order({})] })).passed).toBe(true);
      const split = [order({ numbers: ['+492214711201'] }), order({ id: 'p2', state: 'completed', numbers: ['+492214711202'] })];
      expect(evaluateGate('port_orders_confirmed', snapshot({ portOrders: split })).passed).toBe(true);
    });

    it('names numbers in no order, and each unconfirmed order once', () => {
      const result = evaluateGate(
        'port_orders_confirmed',
        snapshot({
          employees: [erika, max, { ...erika, id: 'e4', label: '204 Ute', legacyNumber: '+492214711204' }],
          portOrders: [order({ state: 'submitted', confirmedDate: null }), order({ id: 'p0', state: 'cancelled', numbers: ['+492214711204'] })],
        }),
      );
      expect(result.missing).toEqual([
        { subject: { type: 'port_order', id: 'p1', label: 'Telekom line 4711' }, reason: 'port order Telekom line 4711 is submitted: it needs a confirmed port date' },
        { subject: { type: 'employee', id: 'e4', label: '204 Ute' }, reason: 'the legacy number +492214711204 is in no port order' },
      ]);
    });

    it('refuses a confirmed order without a date', () => {
      const result = evaluateGate('port_orders_confirmed', snapshot({ portOrders: [order({ confirmedDate: null })] }));
      expect(reasons(result)).toEqual(['Telekom line 4711: port order Telekom line 4711 is confirmed without a port date: it needs a confirmed port date']);
    });
  });

  describe('numbers_ported_verified', () => {
    it('wants every legacy number ported, with passed inbound and outbound test calls', () => {
      const ported = { ...erika, numberState: 'ported_verified' as const };
      const result = evaluateGate(
        'numbers_ported_verified',
        snapshot({
          employees: [ported, { ...max, numberState: 'porting' }],
          evidence: [
            evidence({ type: 'employee', id: 'e1' }, 'ported_inbound_test_call', 'pass', now - hour, 'automatic'),
            evidence({ type: 'number', id: '+492214711201' }, 'ported_outbound_test_call', 'pass', now - hour),
            evidence({ type: 'employee', id: 'e2' }, 'ported_outbound_test_call', 'fail', now - hour),
          ],
        }),
      );
      expect(reasons(result)).toEqual([
        '202 Max Mann: the number +492214711202 is not ported (porting)',
        '202 Max Mann: no ported inbound test call of +492214711202 is recorded',
        `202 Max Mann: the last ported outbound test call of +492214711202 failed (manual, by erika at ${iso(now - hour)})`,
      ]);
      expect(result.sources).toEqual({ manual: 1, automatic: 1 });
    });

    it('counts ported and every later state as ported', () => {
      for (const numberState of NUMBER_STATES) {
        const result = evaluateGate('numbers_ported_verified', snapshot({ employees: [{ ...erika, numberState }] }));
        expect(result.missing.some((m) => m.reason.includes('is not ported')), numberState).toBe(!['ported', 'ported_verified', 'provisional_retired'].includes(numberState));
      }
    });
  });

  it('no_recent_failures: every failed check within the quiet days, oldest first', () => {
    const old = evidence({ type: 'employee', id: 'e1' }, 'scenario', 'fail', now - 8 * 24 * hour);
    const recent = evidence({ type: 'employee', id: 'e2' }, 'forwarding_test_call', 'fail', now - 2 * 24 * hour);
    const order = evidence({ type: 'port_order', id: 'p1' }, 'scenario', 'fail', now - 3 * 24 * hour, 'automatic');
    const passed = evidence({ type: 'employee', id: 'e1' }, 'scenario', 'pass', now - hour);
    const result = evaluateGate('no_recent_failures', snapshot({ evidence: [old, recent, order, passed] }));
    expect(reasons(result)).toEqual([
      `port order p1: a scenario failed within the last 7 days (automatic, by belay at ${iso(now - 3 * 24 * hour)})`,
      `202 Max Mann: a forwarding test call failed within the last 7 days (manual, by erika at ${iso(now - 2 * 24 * hour)})`,
    ]);
    expect(evaluateGate('no_recent_failures', snapshot({ evidence: [old, recent], policy: { forwardingTestMaxAgeMs: 0, quietDays: 1 } })).passed).toBe(true);
  });

  it("tenant_name_confirmed: the tenant's name typed exactly", () => {
    expect(evaluateGate('tenant_name_confirmed', snapshot({ typedTenantName: 'ACME GmbH' })).passed).toBe(true);
    expect(reasons(evaluateGate('tenant_name_confirmed', snapshot({ typedTenantName: 'acme gmbh' })))).toEqual([
      'ACME GmbH: the typed name "acme gmbh" is not the tenant\'s name "ACME GmbH"',
    ]);
    expect(reasons(evaluateGate('tenant_name_confirmed', snapshot()))).toEqual([
      'ACME GmbH: an administrator must confirm by typing the tenant\'s name "ACME GmbH"',
    ]);
  });

  it('nothing_ported: any number ported or later closes the way back', () => {
    for (const numberState of NUMBER_STATES) {
      const result = evaluateGate('nothing_ported', snapshot({ employees: [max, { ...erika, numberState }] }));
      const closed = ['ported', 'ported_verified', 'provisional_retired'].includes(numberState);
      expect(result.passed, numberState).toBe(!closed);
      if (closed) expect(reasons(result)).toEqual([`201 Erika Muster: the number +492214711201 is already ${numberState}: there is no way back`]);
    }
  });

  it('no_port_in_progress: orders with the losing provider, and porting numbers outside them', () => {
    const order = (id: string, state: string, numbers: readonly string[]): GatePortOrder => ({ id, label: `line ${id}`, state, confirmedDate: null, numbers });
    const portOrders = ['draft', 'submitted', 'rejected', 'confirmed', 'rescheduled', 'completed', 'cancelled'].map((state) => order(state, state, [erika.legacyNumber ?? '']));
    const result = evaluateGate(
      'no_port_in_progress',
      snapshot({ employees: [{ ...erika, numberState: 'porting' }, { ...max, numberState: 'porting' }, newHire], portOrders }),
    );
    expect(reasons(result)).toEqual([
      'line submitted: port order line submitted is submitted: cancel it first, or it still moves its numbers',
      'line confirmed: port order line confirmed is confirmed: cancel it first, or it still moves its numbers',
      'line rescheduled: port order line rescheduled is rescheduled: cancel it first, or it still moves its numbers',
      '202 Max Mann: the number +492214711202 is porting: cancel its port order first',
    ]);
    expect(evaluateGate('no_port_in_progress', snapshot({ portOrders: portOrders.filter((o) => ['draft', 'rejected', 'cancelled'].includes(o.state)) })).passed).toBe(true);
  });

  it('passes exactly when nothing is missing, and lists each lacking employee once per state gate', () => {
    const employee = fc.record({
      numberState: fc.constantFrom(...NUMBER_STATES),
      deviceState: fc.constantFrom(...DEVICE_STATES),
      trainingState: fc.constantFrom(...TRAINING_STATES),
      provisional: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(employee, { maxLength: 20 }), (specs) => {
        const employees = specs.map((s, i): GateEmployee => ({
          ...erika,
          id: `e${i}`,
          userId: `u${i}`,
          label: `${200 + i}`,
          numberState: s.numberState,
          deviceState: s.deviceState,
          trainingState: s.trainingState,
          provisionalNumber: s.provisional ? `+49221987${600 + i}` : null,
        }));
        for (const transition of [nextPhase('planning'), nextPhase('implementation')]) {
          if (!transition) throw new Error('chart changed');
          for (const result of evaluateTransition(transition, snapshot({ employees }))) {
            expect(result.passed).toBe(result.missing.length === 0);
            const ids = result.missing.map((m) => m.subject.id);
            expect(new Set(ids).size).toBe(ids.length);
          }
        }
      }),
    );
  });
});
