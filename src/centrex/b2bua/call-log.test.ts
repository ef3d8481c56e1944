import { describe, expect, it } from 'vitest';
import { Status, randomIds, sequentialIds } from '../../sip/index.js';
import { acmeTrunk, acmeUser } from '../../../test/trunk/support/trunk-world.js';
import { CallLog, callId } from './call-log.js';
import type { TrunkBranch } from './trunk-branch.js';

const TENANT = { id: 't1', slug: 'acme', name: 'ACME', sipDomain: 'acme.example' };
const user = (extension: string, displayName: string) => ({ ...acmeUser(extension, displayName), id: `u${extension}`, tenantId: 't1', credentials: null });
const ALICE = user('201', 'Alice');
const BOB = user('202', 'Bob');
const CAROL = user('203', 'Carol');
const START = Date.UTC(2026, 0, 1, 9, 0, 0);
const TRUNK = acmeTrunk('trunk-a', '198.51.100.1');

const branch = (overrides: Partial<TrunkBranch> = {}): TrunkBranch => ({
  kind: 'trunk',
  number: '+4930123456',
  emergency: false,
  attempts: [{ trunk: TRUNK, identity: { upn: '+49221471123', npn: '+492219876523', clir: false }, note: null }],
  skipped: [],
  ...overrides,
});

describe('a call log', () => {
  it('shows a ringing call, then the record of the answered call with its hops, device and duration', () => {
    const log = CallLog.start({ id: 'c1', at: START, tenant: TENANT, caller: { kind: 'user', user: ALICE }, dialled: '202' });
    log.route({ kind: 'ring', user: CAROL, ringing: '203', branches: [], ringForMs: 1, diversions: [{ from: BOB, to: { kind: 'extension', extension: '203' }, reason: 'no-answer' }] });
    expect(log.snapshot()).toMatchObject({ state: 'ringing', dialled: '202', ringing: '203', answeredAt: null, caller: { uri: 'sip:201@acme.example', name: 'Alice' }, direction: 'internal' });
    const device = { userId: 'u203', extension: '203', contact: 'sip:203@192.0.2.3', userAgent: 'Desk/1' };
    log.answer(START + 20_000, device);
    expect(log.snapshot()).toMatchObject({ state: 'answered', answeredAt: '2026-01-01T09:00:20.000Z', answeredBy: device });
    expect(log.finish(START + 80_500, Status.OK)).toEqual({
      id: 'c1',
      tenantId: 't1',
      startedAt: '2026-01-01T09:00:00.000Z',
      answeredAt: '2026-01-01T09:00:20.000Z',
      endedAt: '2026-01-01T09:01:20.500Z',
      caller: { userId: 'u201', extension: '201', uri: 'sip:201@acme.example', name: 'Alice' },
      dialled: '202',
      answeredBy: device,
      forwarding: [{ from: '202', to: '203', reason: 'no-answer' }],
      disposition: 'answered',
      sipStatus: 200,
      durationMs: 60_500,
      direction: 'internal',
      trunkId: null,
      presentedNumber: null,
      networkNumber: null,
      identityNote: null,
      originalCalled: null,
      diversionReason: null,
      emergency: false,
      blockReason: null,
    });
  });

  it('records an unanswered call with no duration', () => {
    const log = CallLog.start({ id: 'c2', at: START, tenant: TENANT, caller: { kind: 'user', user: ALICE }, dialled: 'sip:acme.example' });
    expect(log.finish(START + 5_000, Status.AddressIncomplete)).toMatchObject({ dialled: 'sip:acme.example', disposition: 'rejected', durationMs: 0, answeredBy: null });
  });

  it('records a call out over a trunk with the numbers it carried, and what answered', () => {
    const log = CallLog.start({ id: 'c3', at: START, tenant: TENANT, caller: { kind: 'user', user: ALICE }, dialled: '030123456' });
    const plan = branch();
    log.route({ kind: 'ring', user: null, ringing: '+4930123456', branches: [plan], ringForMs: 1, diversions: [] });
    const [attempt] = plan.attempts;
    if (!attempt) throw new Error('no attempt');
    log.trunk({ ...attempt, note: 'presents +492219876523 instead of +4319876543: not held' });
    log.answer(START + 3_000, null, { ...attempt, note: 'presents +492219876523 instead of +4319876543: not held' });
    expect(log.snapshot()).toMatchObject({ direction: 'outbound', trunkId: 'trunk-a', emergency: false, ringing: '+4930123456' });
    expect(log.finish(START + 10_000, Status.OK)).toMatchObject({
      dialled: '030123456',
      answeredBy: null,
      direction: 'outbound',
      trunkId: 'trunk-a',
      presentedNumber: '+49221471123',
      networkNumber: '+492219876523',
      identityNote: expect.stringContaining('instead of'),
      emergency: false,
    });
  });

  it('records an emergency call, and a call the class of service blocked with the reason', () => {
    const emergency = CallLog.start({ id: 'c4', at: START, tenant: TENANT, caller: { kind: 'user', user: ALICE }, dialled: '112' });
    emergency.route({ kind: 'ring', user: null, ringing: '112', branches: [branch({ number: '+49112', emergency: true })], ringForMs: Number.POSITIVE_INFINITY, diversions: [] });
    expect(emergency.finish(START, Status.RequestTerminated)).toMatchObject({ emergency: true, direction: 'outbound' });
    const blocked = CallLog.start({ id: 'c5', at: START, tenant: TENANT, caller: { kind: 'user', user: ALICE }, dialled: '0044…' });
    blocked.route({ kind: 'reject', status: Status.Forbidden, reason: 'not international', blocked: true, outward: 'external', diversions: [] });
    expect(blocked.finish(START, Status.Forbidden)).toMatchObject({ blockReason: 'not international', direction: 'outbound', disposition: 'rejected' });
  });

  it('records a call from a trunk with the external caller, the trunk and the number originally called', () => {
    const log = CallLog.start({
      id: 'c6',
      at: START,
      tenant: TENANT,
      caller: { kind: 'external', trunkId: 'trunk-a', number: '+4930123456', name: 'Max Muster' },
      dialled: '+492219876523',
      inbound: { trunkId: 'trunk-a', called: '+492219876523', originalCalled: '+49221471123', diversionReason: 'unconditional' },
    });
    log.route({ kind: 'ring', user: BOB, ringing: '202', branches: [], ringForMs: 1, diversions: [] });
    expect(log.finish(START, Status.BusyHere)).toMatchObject({
      caller: { userId: null, extension: null, uri: 'sip:+4930123456@acme.example', name: 'Max Muster' },
      direction: 'inbound',
      trunkId: 'trunk-a',
      presentedNumber: '+4930123456',
      originalCalled: '+49221471123',
      diversionReason: 'unconditional',
    });
  });
});

describe('callId', () => {
  it('starts with the start time as nine base-36 digits, then the token', () => {
    expect(callId(START, sequentialIds('c'))).toBe(`${START.toString(36).padStart(9, '0')}c1`);
    expect(callId(0, sequentialIds('c'))).toBe('000000000c1');
    expect(callId(START, randomIds)).toMatch(/^[0-9a-z]{9}[A-Za-z0-9_-]{16}$/);
  });

  it('sorts calls started later after earlier ones, as text, across a change in the number of digits', () => {
    const times = [0, 35, 36, 1_000, START - 1, START, START + 1, START + 86_400_000, 36 ** 8 - 1, 36 ** 8, 36 ** 9 - 1];
    const ids = times.map((at) => callId(at, randomIds));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids.map((id) => id.length))).toEqual(new Set([25]));
  });
});
