import { describe, expect, it } from 'vitest';
import { MemoryNetwork, SimulatedClock, SipStack, Status, sequentialIds, withMaxForwards } from '../../sip/index.js';
import type { ServerTransaction, SipRequest } from '../../sip/index.js';
import { InMemoryDirectory } from '../directory/index.js';
import type { DirectoryUser } from '../directory/index.js';
import { normalizeStep, requestStep, routeStep, sessionTimerStep, tenantStep } from './call-setup.js';
import type { Authenticated, Received, StepResult } from './call-setup.js';
import { defaultCallPolicy } from './b2bua.js';
import { callRouter, defaultRoutePolicy } from './decide-route.js';

const ACME = { id: 't-acme', slug: 'acme', name: 'ACME', sipDomain: 'acme.example' };
const GLOBEX = { id: 't-globex', slug: 'globex', name: 'Globex', sipDomain: 'globex.example' };
const ALICE: DirectoryUser = { id: 'u201', tenantId: ACME.id, extension: '201', displayName: 'Alice', sipUsername: 'alice', credentials: null, dnd: false, forwarding: {} };

const directory = new InMemoryDirectory();
directory.putTenant(ACME, 1);
directory.putTenant(GLOBEX, 2);
directory.putUser(ALICE, 3);

/** A new INVITE as the B2BUA receives it: through a stack on the memory network, with its real server transaction. */
async function received(lines: { readonly uri?: string; readonly extra?: readonly string[]; readonly contact?: boolean } = {}): Promise<Received> {
  const clock = new SimulatedClock(0);
  const network = new MemoryNetwork({ clock, latencyMs: 1 });
  let got: { tx: ServerTransaction; request: SipRequest } | undefined;
  const stack = new SipStack({
    transports: [(handlers) => Promise.resolve(network.attach({ host: '192.0.2.10', port: 5060, ...handlers }))],
    clock,
    ids: sequentialIds('b'),
    delegate: { onRequest: (tx, request) => (got = { tx, request }) },
  });
  await stack.start();
  const phone = network.attach({ host: '192.0.2.20', port: 5060, onMessage: () => undefined });
  const text = [
    `INVITE ${lines.uri ?? 'sip:202@acme.example'} SIP/2.0`,
    'Via: SIP/2.0/UDP 192.0.2.20:5060;branch=z9hG4bK-phone-1;rport',
    'Max-Forwards: 70',
    'From: <sip:alice@acme.example>;tag=a',
    'To: <sip:202@acme.example>',
    'Call-ID: setup-1',
    'CSeq: 1 INVITE',
    ...(lines.contact === false ? [] : ['Contact: <sip:alice@192.0.2.20:5060>']),
    ...(lines.extra ?? []),
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
  await phone.send(Buffer.from(text), { host: '192.0.2.10', port: 5060 });
  clock.advance(5);
  await stack.stop();
  if (!got) throw new Error('the INVITE did not arrive');
  return { ...got, source: got.tx.source };
}

const authenticated = async (lines?: Parameters<typeof received>[0]): Promise<Authenticated> => ({ ...(await received(lines)), tenant: ACME, caller: ALICE });

function rejected<T>(result: StepResult<T>) {
  if (result.kind !== 'reject') throw new Error('the step continued');
  return result.rejection;
}

describe('call setup steps', () => {
  it('request: 483 at Max-Forwards 0, 482 for a branch the B2BUA itself sent, 400 without a Contact', async () => {
    const step = requestStep({ branches: new Set(['z9hG4bK-loop']) });
    const input = await received();
    expect(step.run(input)).toEqual({ kind: 'continue', value: input });
    expect(rejected(step.run({ ...input, request: withMaxForwards(input.request, 0) }))).toMatchObject({ status: Status.TooManyHops });
    const looped = await received({ extra: ['Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-loop'] });
    expect(rejected(step.run(looped))).toMatchObject({ status: Status.LoopDetected });
    expect(rejected(step.run(await received({ contact: false })))).toMatchObject({ status: Status.BadRequest });
  });

  it('session timer: 422 with our Min-SE below it, 400 when malformed, and the offer the callee gets', async () => {
    const step = sessionTimerStep({ sessionTimer: defaultCallPolicy.sessionTimer });
    const tooSmall = rejected(step.run(await received({ extra: ['Supported: timer', 'Session-Expires: 60'] })));
    expect(tooSmall).toMatchObject({ status: Status.SessionIntervalTooSmall, headers: [{ name: 'Min-SE', value: '90' }] });
    expect(rejected(step.run(await received({ extra: ['Session-Expires: soon'] })))).toMatchObject({ status: Status.BadRequest });
    const offered = step.run(await received({ extra: ['Supported: timer', 'Session-Expires: 3600;refresher=uas', 'Min-SE: 120'] }));
    expect(offered.kind === 'continue' && offered.value.sessionOffer).toEqual({ interval: 1800, minSE: 120, refresher: 'uas' });
    const none = step.run(await received({ extra: ['Session-Expires: 600'] }));
    expect(none.kind === 'continue' && none.value.sessionOffer).toBeUndefined();
  });

  it('tenant: a call to another tenant\'s domain is refused; a domain of no tenant (an IP address) stays in the caller\'s', async () => {
    const step = tenantStep({ directory });
    const foreign = rejected(step.run(await authenticated({ uri: 'sip:202@globex.example' })));
    expect(foreign.status).toBe(Status.Forbidden);
    expect(foreign.headers).toEqual([{ name: 'Reason', value: 'SIP;cause=403;text="calls to another tenant are not possible"' }]);
    expect(step.run(await authenticated({ uri: 'sip:202@192.0.2.10' })).kind).toBe('continue');
  });

  it('normalize and route: 484 without a user part, 404 for an unknown extension with the reason', async () => {
    expect(rejected(normalizeStep({ directory }).run(await authenticated({ uri: 'sip:acme.example' })))).toMatchObject({ status: Status.AddressIncomplete });
    const router = callRouter(directory, { bindingsFor: () => [] }, defaultRoutePolicy);
    const input = { ...(await authenticated()), dialled: { kind: 'extension', extension: '299' } } as const;
    const unknown = rejected(routeStep({ router }).run(input));
    expect(unknown).toMatchObject({ status: Status.NotFound, headers: [{ name: 'Reason', value: 'SIP;cause=404;text="extension 299 does not exist"' }] });
    expect(unknown.route).toMatchObject({ kind: 'reject', diversions: [] });
  });
});
