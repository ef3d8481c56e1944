import { isAtLeast } from './employee-machines.js';
import type { Evidence, EvidenceKind } from './evidence.js';
import type { EvidenceRef, GateEmployee, GateMissing, GateResult, GateSnapshot, GateSubject } from './gate-snapshot.js';
import type { GateName, PhaseTransition } from './project-phases.js';

const dayMs = 24 * 60 * 60 * 1000;

/** The port order states in which the port date (Wechseltermin) is agreed. */
export const CONFIRMED_PORT_ORDER_STATES: readonly string[] = ['confirmed', 'completed'];

/** Port orders that no longer move anything. */
const CLOSED_PORT_ORDER_STATES: readonly string[] = ['cancelled'];

/** Port orders the losing provider is working on: they move their numbers unless cancelled. */
export const PORT_ORDER_STATES_IN_PROGRESS: readonly string[] = ['submitted', 'confirmed', 'rescheduled'];

export function evidenceRef(e: Evidence): EvidenceRef {
  return { id: e.id, kind: e.kind, result: e.result, source: e.source, checkedBy: e.checkedBy, checkedAt: e.checkedAt };
}

const employeeSubject = (e: GateEmployee): GateSubject => ({ type: 'employee', id: e.id, label: e.label });
const projectSubject = (s: GateSnapshot): GateSubject => ({ type: 'project', id: s.tenant.id, label: s.tenant.name });

/**
 * Gates that are belay's own check at the time of the move rather than a reading of recorded
 * evidence, with the checking component's name: a move they let pass records what they found
 * as automatic evidence about the project.
 */
export const SELF_CHECKED_GATES: Readonly<Partial<Record<GateName, string>>> = { telephony_ready: 'telephony checks' };

/** `manual, by Erika at 2026-…` */
const provenance = (e: Evidence): string => `${e.source}, by ${e.checkedBy} at ${e.checkedAt}`;

/** Evidence indexed by what it is about, the latest first wins: an employee's checks include those naming their numbers. */
class EvidenceIndex {
  private readonly latest = new Map<string, Evidence>();

  constructor(evidence: readonly Evidence[]) {
    for (const e of evidence) {
      const key = `${e.subject.type}\u0000${e.subject.id}\u0000${e.kind}`;
      const held = this.latest.get(key);
      if (!held || later(e, held)) this.latest.set(key, e);
    }
  }

  /** The latest check of `kind` about the employee or one of their numbers. */
  forEmployee(employee: GateEmployee, kind: EvidenceKind): Evidence | undefined {
    const keys = [['employee', employee.id], ['number', employee.legacyNumber]] as const;
    let found: Evidence | undefined;
    for (const [type, id] of keys) {
      if (id === null) continue;
      const e = this.latest.get(`${type}\u0000${id}\u0000${kind}`);
      if (e && (!found || later(e, found))) found = e;
    }
    return found;
  }
}

function later(a: Evidence, b: Evidence): boolean {
  return a.checkedAt > b.checkedAt || (a.checkedAt === b.checkedAt && a.recordedAt > b.recordedAt);
}

type Verdict = Pick<GateResult, 'missing' | 'evidence'>;

interface GateCheck {
  readonly description: string;
  check(snapshot: GateSnapshot): Verdict;
}

const perEmployee = (
  employees: readonly GateEmployee[],
  lacking: (e: GateEmployee) => string | undefined,
): Verdict => ({
  missing: employees.flatMap((e) => {
    const reason = lacking(e);
    return reason === undefined ? [] : [{ subject: employeeSubject(e), reason }];
  }),
  evidence: [],
});

const withLegacyNumber = (snapshot: GateSnapshot) => snapshot.employees.filter((e) => e.legacyNumber !== null);

/**
 * For every employee with a legacy number, the latest check of each kind must have passed
 * (and, with `maxAgeMs`, be that recent).
 */
function requireEvidence(snapshot: GateSnapshot, kinds: readonly EvidenceKind[], what: string, maxAgeMs?: number): Verdict {
  const index = new EvidenceIndex(snapshot.evidence);
  const missing: GateMissing[] = [];
  const used: EvidenceRef[] = [];
  for (const employee of withLegacyNumber(snapshot)) {
    for (const kind of kinds) {
      const latest = index.forEmployee(employee, kind);
      const subject = employeeSubject(employee);
      const label = `${kind.replaceAll('_', ' ')} ${what} ${employee.legacyNumber ?? ''}`;
      if (!latest) {
        missing.push({ subject, reason: `no ${label} is recorded`, needs: kind });
      } else if (latest.result === 'fail') {
        missing.push({ subject, reason: `the last ${label} failed (${provenance(latest)})`, needs: kind, latest: evidenceRef(latest) });
      } else if (maxAgeMs !== undefined && snapshot.now - Date.parse(latest.checkedAt) > maxAgeMs) {
        const hours = Math.round(maxAgeMs / 3_600_000);
        const reason = `the last ${label} is older than ${hours} h (${provenance(latest)})`;
        missing.push({ subject, reason, needs: kind, latest: evidenceRef(latest) });
      } else {
        used.push(evidenceRef(latest));
      }
    }
  }
  return { missing, evidence: used };
}

function portOrdersConfirmed(snapshot: GateSnapshot): Verdict {
  const open = snapshot.portOrders.filter((o) => !CLOSED_PORT_ORDER_STATES.includes(o.state));
  const byNumber = new Map<string, (typeof open)[number][]>();
  for (const order of open) for (const n of order.numbers) byNumber.set(n, [...(byNumber.get(n) ?? []), order]);
  const missing: GateMissing[] = [];
  const reported = new Set<string>();
  for (const employee of withLegacyNumber(snapshot)) {
    const number = employee.legacyNumber ?? '';
    const orders = byNumber.get(number) ?? [];
    if (orders.length === 0) {
      missing.push({ subject: employeeSubject(employee), reason: `the legacy number ${number} is in no port order` });
      continue;
    }
    if (orders.some((o) => CONFIRMED_PORT_ORDER_STATES.includes(o.state) && o.confirmedDate !== null)) continue;
    for (const order of orders) {
      if (reported.has(order.id)) continue;
      reported.add(order.id);
      const state = CONFIRMED_PORT_ORDER_STATES.includes(order.state) ? `${order.state} without a port date` : order.state;
      missing.push({
        subject: { type: 'port_order', id: order.id, label: order.label },
        reason: `port order ${order.label} is ${state}: it needs a confirmed port date`,
      });
    }
  }
  return { missing, evidence: [] };
}

function numbersPortedVerified(snapshot: GateSnapshot): Verdict {
  const notPorted = perEmployee(withLegacyNumber(snapshot), (e) =>
    isAtLeast('number', e.numberState, 'ported') ? undefined : `the number ${e.legacyNumber ?? ''} is not ported (${e.numberState})`,
  );
  const calls = requireEvidence(snapshot, ['ported_inbound_test_call', 'ported_outbound_test_call'], 'of', undefined);
  const order = new Map(snapshot.employees.map((e, i) => [e.id, i]));
  const rank = (m: GateMissing) => order.get(m.subject.id) ?? -1;
  return { missing: [...notPorted.missing, ...calls.missing].sort((a, b) => rank(a) - rank(b)), evidence: calls.evidence };
}

function noPortInProgress(snapshot: GateSnapshot): Verdict {
  const inProgress = snapshot.portOrders.filter((o) => PORT_ORDER_STATES_IN_PROGRESS.includes(o.state));
  const covered = new Set(inProgress.flatMap((o) => o.numbers));
  const orders = inProgress.map(
    (o): GateMissing => ({
      subject: { type: 'port_order', id: o.id, label: o.label },
      reason: `port order ${o.label} is ${o.state}: cancel it first, or it still moves its numbers`,
    }),
  );
  const employees = perEmployee(snapshot.employees, (e) =>
    e.numberState === 'porting' && !covered.has(e.legacyNumber ?? '')
      ? `the number ${e.legacyNumber ?? ''} is porting: cancel its port order first`
      : undefined,
  );
  return { missing: [...orders, ...employees.missing], evidence: [] };
}

function noRecentFailures(snapshot: GateSnapshot): Verdict {
  const since = snapshot.now - snapshot.policy.quietDays * dayMs;
  const labels = new Map(snapshot.employees.map((e) => [e.id, e.label]));
  const missing = snapshot.evidence
    .filter((e) => e.result === 'fail' && Date.parse(e.checkedAt) >= since)
    .sort((a, b) => (a.checkedAt < b.checkedAt ? -1 : a.checkedAt > b.checkedAt ? 1 : 0))
    .map((e): GateMissing => {
      const label = (e.subject.type === 'employee' ? labels.get(e.subject.id) : undefined) ?? `${e.subject.type.replaceAll('_', ' ')} ${e.subject.id}`;
      return {
        subject: { ...e.subject, label },
        reason: `a ${e.kind.replaceAll('_', ' ')} failed within the last ${snapshot.policy.quietDays} days (${provenance(e)})`,
        needs: e.kind,
        latest: evidenceRef(e),
      };
    });
  return { missing, evidence: [] };
}

/**
 * Every configuration error the telephony checks find: an employee without a number for
 * emergency calls is named with their site (in the checks' order: by site, then extension);
 * trunk and reception errors concern the project.
 */
function telephonyReady(snapshot: GateSnapshot): Verdict {
  const { checks, siteNames } = snapshot.telephony;
  const byUser = new Map(snapshot.employees.map((e) => [e.userId, e]));
  const missing = checks.flatMap((check): GateMissing[] => {
    if (check.code !== 'no_emergency_number') return [{ subject: projectSubject(snapshot), reason: check.message }];
    const siteId = check.siteId ?? null;
    const reason =
      siteId === null
        ? 'has no site, so an emergency call cannot send a number registered at their location'
        : `has no number for emergency calls registered at site ${siteNames[siteId] ?? siteId}: give the site an emergency number, or the employee a new number in a block of that site`;
    return (check.userIds ?? []).map((userId): GateMissing => {
      const employee = byUser.get(userId);
      return employee ? { subject: employeeSubject(employee), reason } : { subject: projectSubject(snapshot), reason: check.message };
    });
  });
  return { missing, evidence: [] };
}

function tenantNameConfirmed(snapshot: GateSnapshot): Verdict {
  const subject = projectSubject(snapshot);
  const typed = snapshot.typedTenantName;
  if (typed === snapshot.tenant.name) return { missing: [], evidence: [] };
  const reason =
    typed === undefined
      ? `an administrator must confirm by typing the tenant's name "${snapshot.tenant.name}"`
      : `the typed name "${typed}" is not the tenant's name "${snapshot.tenant.name}"`;
  return { missing: [{ subject, reason }], evidence: [] };
}

const gateChecks: { readonly [G in GateName]: GateCheck } = {
  employees_recorded: {
    description: 'the inventory lists at least one employee to migrate',
    check: (s) => ({
      missing: s.employees.length > 0 ? [] : [{ subject: projectSubject(s), reason: 'no employee is recorded: import the inventory first' }],
      evidence: [],
    }),
  },
  provisional_numbers_assigned: {
    description: 'every employee has a provisional number',
    check: (s) => perEmployee(s.employees, (e) => (e.provisionalNumber === null ? 'has no provisional number' : undefined)),
  },
  devices_registered: {
    description: 'every new device is registered',
    check: (s) => perEmployee(s.employees, (e) => (isAtLeast('device', e.deviceState, 'registered') ? undefined : `the new device is not registered (${e.deviceState})`)),
  },
  training_complete: {
    description: 'every employee attended training or was excused with a reason',
    check: (s) => perEmployee(s.employees, (e) => (e.trainingState === 'attended' || e.trainingState === 'waived' ? undefined : `training is ${e.trainingState}`)),
  },
  telephony_ready: {
    description: 'the telephony is ready for go-live: a number for emergency calls at every employee’s site, a usable trunk, a reception for DDI calls',
    check: telephonyReady,
  },
  forwarding_verified: {
    description: 'every forwarding legacy → provisional number passed a test call within the last 24 h',
    check: (s) => requireEvidence(s, ['forwarding_test_call'], 'to', s.policy.forwardingTestMaxAgeMs),
  },
  port_orders_confirmed: {
    description: 'every legacy number is in a port order with a confirmed port date',
    check: portOrdersConfirmed,
  },
  numbers_ported_verified: {
    description: 'every number is ported and verified by test calls inbound and outbound',
    check: numbersPortedVerified,
  },
  no_recent_failures: {
    description: 'no check failed within the quiet period before decommissioning',
    check: noRecentFailures,
  },
  tenant_name_confirmed: {
    description: "an administrator confirmed by typing the tenant's name",
    check: tenantNameConfirmed,
  },
  nothing_ported: {
    description: 'no number is ported yet (the point of no return)',
    check: (s) => perEmployee(s.employees, (e) => (isAtLeast('number', e.numberState, 'ported') ? `the number ${e.legacyNumber ?? e.provisionalNumber ?? ''} is already ${e.numberState}: there is no way back` : undefined)),
  },
  no_port_in_progress: {
    description: 'no port order is with the losing provider',
    check: noPortInProgress,
  },
};

/** What the named gate finds in the snapshot: passed, or exactly what is lacking per subject. */
export function evaluateGate(name: GateName, snapshot: GateSnapshot): GateResult {
  const { description, check } = gateChecks[name];
  const { missing, evidence } = check(snapshot);
  const manual = evidence.filter((e) => e.source === 'manual').length;
  return { gate: name, description, passed: missing.length === 0, missing, evidence, sources: { manual, automatic: evidence.length - manual } };
}

/** Every gate of a transition, in the chart's order. */
export function evaluateTransition(transition: PhaseTransition, snapshot: GateSnapshot): readonly GateResult[] {
  return transition.gates.map((gate) => evaluateGate(gate, snapshot));
}
