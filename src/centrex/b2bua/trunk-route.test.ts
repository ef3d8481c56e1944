/**
 * Routing over trunks, decided as pure functions over a company in the middle of its move:
 * which trunks a call to the public network tries, which number it presents and which it sends as
 * the network number, by the employee's phase; class of service; emergency calls; colleagues
 * still on the old system; forwarding and parallel ringing to external numbers.
 */
import { describe, expect, it } from 'vitest';
import { Status } from '../../sip/index.js';
import {
  ACME, BONN, COLOGNE, TRUNK_NUMBER, acmeTelephony, acmeTrunk, acmeUser, legacyOf, numbersOf, provisionalOf,
} from '../../../test/trunk/support/trunk-world.js';
import type { WorldSpec } from '../../../test/trunk/support/trunk-world.js';
import type { DirectoryUser } from '../directory/index.js';
import type { Binding } from '../registrar/index.js';
import type { Caller } from './caller.js';
import { defaultRoutePolicy, resolveRoute } from './decide-route.js';
import type { RingDecision, RoutePlan, RouteTarget, RouteWorld } from './decide-route.js';
import type { TrunkBranch } from './trunk-branch.js';

const ALICE = acmeUser('201', 'Alice Adler');
const ERIKA = acmeUser('223', 'Erika Muster');
const MAX = acmeUser('224', 'Max Mann');
const CARRIER_A = acmeTrunk('trunk-a', '198.51.100.1', { priority: 1 });
const CARRIER_B = acmeTrunk('trunk-b', '198.51.100.2', { priority: 2 });
const OUTSIDE = '+4930123456';
const MOBILE = '+491701234567';

function binding(user: DirectoryUser): Binding {
  return {
    id: `${user.extension}-desk`,
    tenantId: ACME.id,
    userId: user.id,
    aor: `sip:${user.extension}@acme.example`,
    contact: `sip:${user.extension}@192.0.2.${user.extension.slice(-2)}:5060`,
    source: { protocol: 'udp', address: '192.0.2.1', port: 5060, localAddress: '192.0.2.10', localPort: 5060 },
    path: [],
    q: 1,
    expiresAt: Number.MAX_SAFE_INTEGER,
    callId: 'r',
    cseq: 1,
    reachable: 'unknown',
  };
}

function world(users: readonly DirectoryUser[], spec: Partial<WorldSpec> = {}, registered: readonly DirectoryUser[] = users): RouteWorld {
  return {
    directory: {
      userByExtension: (tenantId, extension) => users.find((u) => u.tenantId === tenantId && u.extension === extension),
      userById: (id) => users.find((u) => u.id === id),
    },
    bindings: { bindingsFor: (userId) => registered.filter((u) => u.id === userId).map(binding) },
    telephony: acmeTelephony({ trunks: [CARRIER_B, CARRIER_A], ...spec }),
  };
}

const byUser = (user: DirectoryUser): Caller => ({ kind: 'user', user });
const fromOutside = (number: string | null, name: string | null = null): Caller => ({ kind: 'external', trunkId: CARRIER_A.id, number, name });
const route = (w: RouteWorld, caller: Caller, target: RouteTarget): RoutePlan => resolveRoute({ tenantId: ACME.id, caller, target, diversions: [] }, w, defaultRoutePolicy);

function ringing(plan: RoutePlan): RingDecision {
  if (plan.kind !== 'ring') throw new Error(`not rung: ${JSON.stringify(plan)}`);
  return plan;
}

function trunkBranchOf(plan: RoutePlan): TrunkBranch {
  const branch = ringing(plan).branches.find((b) => b.kind === 'trunk');
  if (branch?.kind !== 'trunk') throw new Error('no trunk branch');
  return branch;
}

describe('a call to an external number', () => {
  it('tries the tenant\'s trunks by priority, presenting the legacy number and sending the provisional one during parallel operation', () => {
    const plan = route(world([ERIKA], { employees: [numbersOf(ERIKA, 'forwarding_active')] }), byUser(ERIKA), { kind: 'external', number: OUTSIDE });
    expect(ringing(plan)).toMatchObject({ user: null, ringing: OUTSIDE, ringForMs: 60_000 });
    const branch = trunkBranchOf(plan);
    expect(branch).toMatchObject({ number: OUTSIDE, emergency: false });
    expect(branch.attempts.map((a) => a.trunk.id)).toEqual(['trunk-a', 'trunk-b']);
    expect(branch.attempts[0]).toMatchObject({
      identity: { upn: legacyOf('223'), npn: provisionalOf('223'), displayName: 'Erika Muster', clir: false },
      note: null,
    });
  });

  it.each([
    ['planned (still on the old system)', 'planned', TRUNK_NUMBER, TRUNK_NUMBER],
    ['ported', 'ported', legacyOf('223'), legacyOf('223')],
    ['provisional number retired', 'provisional_retired', legacyOf('223'), legacyOf('223')],
  ] as const)('presents the numbers of the phase: %s', (_, state, upn, npn) => {
    const plan = route(world([ERIKA], { employees: [numbersOf(ERIKA, state)] }), byUser(ERIKA), { kind: 'external', number: OUTSIDE });
    expect(trunkBranchOf(plan).attempts[0]?.identity).toMatchObject({ upn, npn });
  });

  it('presents the network number instead of one the tenant may not present (§ 120 TKG), and says why', () => {
    const vienna = '+4319876543';
    const plan = route(world([ERIKA], { employees: [numbersOf(ERIKA, 'forwarding_active', { legacy: vienna })] }), byUser(ERIKA), { kind: 'external', number: OUTSIDE });
    const [attempt] = trunkBranchOf(plan).attempts;
    expect(attempt?.identity).toMatchObject({ upn: provisionalOf('223'), npn: provisionalOf('223') });
    expect(attempt?.note).toContain(vienna);
  });

  it('withholds the number for a user with CLIR (the network number still travels)', () => {
    const hidden = acmeUser('223', 'Erika Muster', { clir: true });
    const plan = route(world([hidden], { employees: [numbersOf(hidden, 'ported')] }), byUser(hidden), { kind: 'external', number: OUTSIDE });
    expect(trunkBranchOf(plan).attempts[0]?.identity).toMatchObject({ clir: true, npn: legacyOf('223') });
  });

  it('is refused with 403 by the class of service, with the reason as the block reason', () => {
    const national = acmeUser('223', 'Erika Muster', { classOfService: 'national' });
    const plan = route(world([national]), byUser(national), { kind: 'external', number: '+41441234567' });
    expect(plan).toMatchObject({ kind: 'reject', status: Status.Forbidden, blocked: true, outward: 'external' });
    expect(plan.kind === 'reject' && plan.reason).toMatch(/international/);
    expect(route(world([national]), byUser(national), { kind: 'external', number: OUTSIDE }).kind).toBe('ring');
  });

  it('goes nowhere without a trunk that has a number to send: 480 saying so', () => {
    const plan = route(world([ALICE], { trunks: [acmeTrunk('bare', '198.51.100.3', { defaultNumber: null })] }), byUser(ALICE), { kind: 'external', number: OUTSIDE });
    expect(plan).toMatchObject({ kind: 'reject', status: Status.TemporarilyUnavailable, outward: 'external' });
    expect(plan.kind === 'reject' && plan.reason).toMatch(/trunk bare has no number/);
  });

  it('stays inside belay when the number is a colleague\'s: it rings the colleague', () => {
    const plan = route(world([ALICE, ERIKA], { employees: [numbersOf(ERIKA, 'forwarding_active')] }), byUser(ALICE), { kind: 'external', number: legacyOf('223') });
    expect(ringing(plan)).toMatchObject({ user: { extension: '223' }, branches: [{ kind: 'device', binding: binding(ERIKA) }] });
  });
});

describe('an emergency call', () => {
  const bonnTrunk = acmeTrunk('trunk-bonn', '198.51.100.4', { priority: 1, siteId: BONN.id, defaultNumber: '+492281234500' });
  const cologneTrunk = acmeTrunk('trunk-cologne', '198.51.100.5', { priority: 2, siteId: COLOGNE.id });

  it('goes over the trunk of the caller\'s site first with a number registered there, never withheld, never timed out, whatever the class of service', () => {
    const erika = acmeUser('223', 'Erika Muster', { classOfService: 'internal', clir: true });
    const plan = route(world([erika], { trunks: [bonnTrunk, cologneTrunk], employees: [numbersOf(erika, 'forwarding_active')] }), byUser(erika), { kind: 'emergency', number: '112' });
    expect(ringing(plan).ringForMs).toBe(Number.POSITIVE_INFINITY);
    const branch = trunkBranchOf(plan);
    expect(branch).toMatchObject({ number: '+49112', emergency: true });
    expect(branch.attempts.map((a) => a.trunk.id)).toEqual(['trunk-cologne', 'trunk-bonn']);
    expect(branch.attempts[0]).toMatchObject({ identity: { upn: provisionalOf('223'), npn: provisionalOf('223'), clir: false }, note: null });
  });

  it('never carries the legacy number: before the move it is the site\'s emergency number', () => {
    const plan = route(world([MAX], { trunks: [cologneTrunk], employees: [numbersOf(MAX, 'planned')] }), byUser(MAX), { kind: 'emergency', number: '110' });
    expect(trunkBranchOf(plan).attempts[0]?.identity).toMatchObject({ upn: COLOGNE.emergencyNumber, npn: COLOGNE.emergencyNumber });
  });

  it('still goes out from a site without such a number, with the trunk\'s number, and the record says what is missing', () => {
    const plan = route(world([MAX], { trunks: [bonnTrunk], employees: [numbersOf(MAX, 'planned', { siteId: BONN.id })] }), byUser(MAX), { kind: 'emergency', number: '112' });
    const [attempt] = trunkBranchOf(plan).attempts;
    expect(attempt?.identity).toMatchObject({ npn: '+492281234500' });
    expect(attempt?.note).toMatch(/Bonn has no emergency number/);
  });
});

describe('a colleague still on the old system', () => {
  it('is rung at their legacy number over a trunk, the caller presenting their own number', () => {
    const plan = route(world([ALICE, MAX], { employees: [numbersOf(ALICE, 'ported'), numbersOf(MAX, 'planned')] }), byUser(ALICE), { kind: 'extension', extension: '224' });
    expect(ringing(plan)).toMatchObject({ user: { extension: '224' }, ringing: '224' });
    const branch = trunkBranchOf(plan);
    expect(branch.number).toBe(legacyOf('224'));
    expect(branch.attempts[0]?.identity).toMatchObject({ upn: legacyOf('201'), npn: legacyOf('201') });
    expect(branch.attempts[0]?.identity.divertedFrom).toBeUndefined();
  });

  it('is not sent back out when the network delivered the call to belay for them', () => {
    const plan = route(world([MAX], { employees: [numbersOf(MAX, 'planned')] }), fromOutside(OUTSIDE), { kind: 'extension', extension: '224' });
    expect(ringing(plan).branches).toEqual([{ kind: 'device', binding: binding(MAX) }]);
  });
});

describe('forwarding and parallel ringing to an external number', () => {
  const bob = (features: Parameters<typeof acmeUser>[2]) => acmeUser('202', 'Bob Berger', features);

  it('presents the original caller\'s number, with a Diversion naming the employee\'s number and the employee\'s network number', () => {
    const forwarding = bob({ forwarding: { always: { kind: 'external', number: MOBILE } } });
    const employees = [numbersOf(forwarding, 'forwarding_active'), numbersOf(ALICE, 'ported')];
    const fromNetwork = trunkBranchOf(route(world([forwarding], { employees }), fromOutside(OUTSIDE, 'Max Muster'), { kind: 'extension', extension: '202' }));
    expect(fromNetwork.number).toBe(MOBILE);
    expect(fromNetwork.attempts[0]?.identity).toEqual({
      upn: OUTSIDE,
      npn: provisionalOf('202'),
      displayName: 'Max Muster',
      clir: false,
      divertedFrom: { number: legacyOf('202'), reason: 'unconditional', counter: 1 },
    });
    const fromColleague = trunkBranchOf(route(world([forwarding, ALICE], { employees }), byUser(ALICE), { kind: 'extension', extension: '202' }));
    expect(fromColleague.attempts[0]?.identity).toMatchObject({ upn: legacyOf('201'), npn: provisionalOf('202'), displayName: 'Alice Adler' });
    const anonymous = trunkBranchOf(route(world([forwarding], { employees }), fromOutside(null), { kind: 'extension', extension: '202' }));
    expect(anonymous.attempts[0]?.identity).toMatchObject({ clir: true, npn: provisionalOf('202') });
  });

  it('is limited by the class of service of the employee who forwards, whoever calls', () => {
    const forwarding = bob({ classOfService: 'national', forwarding: { always: { kind: 'external', number: '+41441234567' } } });
    const plan = route(world([forwarding]), fromOutside(OUTSIDE), { kind: 'extension', extension: '202' });
    expect(plan).toMatchObject({ kind: 'reject', status: Status.Forbidden, blocked: true, diversions: [{ reason: 'unconditional' }] });
  });

  it('rings the external number together with the devices, as a follow-me diversion', () => {
    const parallel = bob({ ringExternal: MOBILE });
    const plan = route(world([parallel], { employees: [numbersOf(parallel, 'ported')] }), byUser(ALICE), { kind: 'extension', extension: '202' });
    const { branches } = ringing(plan);
    expect(branches.map((b) => b.kind)).toEqual(['device', 'trunk']);
    expect(trunkBranchOf(plan).attempts[0]?.identity).toMatchObject({
      npn: legacyOf('202'),
      divertedFrom: { number: legacyOf('202'), reason: 'follow-me', counter: 1 },
    });
    const unregistered = route(world([parallel], { employees: [numbersOf(parallel, 'ported')] }, []), byUser(ALICE), { kind: 'extension', extension: '202' });
    expect(ringing(unregistered).branches.map((b) => b.kind)).toEqual(['trunk']);
  });
});
