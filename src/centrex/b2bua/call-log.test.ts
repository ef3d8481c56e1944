import { describe, expect, it } from 'vitest';
import { Status } from '../../sip/index.js';
import type { DirectoryUser } from '../directory/index.js';
import { CallLog } from './call-log.js';

const TENANT = { id: 't1', slug: 'acme', name: 'ACME', sipDomain: 'acme.example' };
const user = (extension: string, displayName: string): DirectoryUser => ({
  id: `u${extension}`, tenantId: 't1', extension, displayName, sipUsername: extension, credentials: null, dnd: false, forwarding: {},
});
const ALICE = user('201', 'Alice');
const BOB = user('202', 'Bob');
const CAROL = user('203', 'Carol');
const START = Date.UTC(2026, 0, 1, 9, 0, 0);

describe('a call log', () => {
  it('shows a ringing call, then the record of the answered call with its hops, device and duration', () => {
    const log = CallLog.start({ id: 'c1', at: START, tenant: TENANT, caller: ALICE, dialled: { kind: 'extension', extension: '202' } });
    log.route({ kind: 'ring', user: CAROL, bindings: [], ringForMs: 1, diversions: [{ from: BOB, to: { kind: 'extension', extension: '203' }, reason: 'no-answer' }] });
    expect(log.snapshot()).toMatchObject({ state: 'ringing', dialled: '202', ringing: '203', answeredAt: null, caller: { uri: 'sip:201@acme.example', name: 'Alice' } });
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
    const log = CallLog.start({ id: 'c2', at: START, tenant: TENANT, caller: ALICE, dialled: 'sip:acme.example' });
    expect(log.finish(START + 5_000, Status.AddressIncomplete)).toMatchObject({ dialled: 'sip:acme.example', disposition: 'rejected', durationMs: 0, answeredBy: null });
  });
});
