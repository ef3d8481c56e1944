import { describe, expect, it } from 'vitest';
import { Status } from '../../sip/index.js';
import { InMemoryTelephony } from '../telephony/index.js';
import type { Caller } from './caller.js';
import { decideRoute, defaultRoutePolicy, resolveRoute, routeAfterFailure } from './decide-route.js';
import type { RingPlan, RouteCall, RouteDecision, RouteWorld } from './decide-route.js';
import type { CallForwarding, DirectoryUser, ForwardTarget } from '../directory/index.js';
import type { Binding } from '../registrar/index.js';

const TENANT = 't1';

function user(extension: string, features: { dnd?: boolean; forwarding?: CallForwarding } = {}): DirectoryUser {
  return {
    id: `u${extension}`,
    tenantId: TENANT,
    extension,
    displayName: `User ${extension}`,
    sipUsername: extension,
    credentials: null,
    dnd: features.dnd ?? false,
    forwarding: features.forwarding ?? {},
    classOfService: 'international',
    clir: false,
    ringExternal: null,
  };
}

const CALLER: Caller = { kind: 'user', user: user('100') };

function binding(userId: string, n: number): Binding {
  return {
    id: `${userId}-b${n}`,
    tenantId: TENANT,
    userId,
    aor: `sip:${userId}@acme.test`,
    contact: `sip:${userId}@192.0.2.${n}:5060`,
    source: { protocol: 'udp', address: `192.0.2.${n}`, port: 5060, localAddress: '192.0.2.250', localPort: 5060 },
    path: [],
    q: 1,
    expiresAt: 10_000_000,
    callId: `reg-${n}`,
    cseq: 1,
    reachable: 'unknown',
  };
}

/** A tenant's users and their registered devices, as the directory and location service hold them; no trunks. */
function world(users: readonly DirectoryUser[], registered: readonly string[]): RouteWorld {
  const byExtension = new Map(users.map((u) => [u.extension, u]));
  const devices = new Map(users.filter((u) => registered.includes(u.extension)).map((u) => [u.id, [binding(u.id, 1), binding(u.id, 2)]]));
  return {
    directory: {
      userByExtension: (tenantId: string, extension: string) => (tenantId === TENANT ? byExtension.get(extension) : undefined),
      userById: (id: string) => users.find((u) => u.id === id),
    },
    bindings: { bindingsFor: (userId: string) => devices.get(userId) ?? [] },
    telephony: new InMemoryTelephony(),
  };
}

const ext = (extension: string): ForwardTarget => ({ kind: 'extension', extension });
const external = (number: string): ForwardTarget => ({ kind: 'external', number });
const call = (target: ForwardTarget): RouteCall => ({ tenantId: TENANT, caller: CALLER, target, diversions: [] });
const deviceIds = (decision: RouteDecision): string[] =>
  decision.kind === 'ring' ? decision.branches.flatMap((b) => (b.kind === 'device' ? [b.binding.id] : [])) : [];

describe('decideRoute over every combination of call features', () => {
  const targets: readonly (ForwardTarget | undefined)[] = [undefined, ext('300'), external('+4922112345')];
  const noAnswers: readonly (CallForwarding['noAnswer'])[] = [undefined, { target: ext('300'), seconds: 15 }, { target: ext('300'), seconds: 90 }];
  const cases: { forwarding: CallForwarding; dnd: boolean; registered: boolean }[] = [];
  for (const always of targets)
    for (const busy of targets)
      for (const noAnswer of noAnswers)
        for (const unregistered of targets)
          for (const dnd of [false, true])
            for (const registered of [false, true]) {
              const forwarding: CallForwarding = {
                ...(always ? { always } : {}),
                ...(busy ? { busy } : {}),
                ...(noAnswer ? { noAnswer } : {}),
                ...(unregistered ? { unregistered } : {}),
              };
              cases.push({ forwarding, dnd, registered });
            }

  /** The rules as a user would state them, in order of precedence. */
  function expected({ forwarding, dnd, registered }: (typeof cases)[number]): RouteDecision['kind'] | number {
    if (forwarding.always) return 'forward';
    if (dnd) return forwarding.busy ? 'forward' : Status.BusyHere;
    if (!registered) return forwarding.unregistered ? 'forward' : Status.TemporarilyUnavailable;
    return 'ring';
  }

  it(`decides each of the ${cases.length} combinations as the rules say`, () => {
    expect(cases).toHaveLength(3 * 3 * 3 * 3 * 2 * 2);
    for (const c of cases) {
      const callee = user('200', { dnd: c.dnd, forwarding: c.forwarding });
      const decision = decideRoute(call(ext('200')), world([callee], c.registered ? ['200'] : []), defaultRoutePolicy);
      const want = expected(c);
      expect(decision.kind === 'reject' ? decision.status : decision.kind, JSON.stringify(c)).toBe(want);
      if (decision.kind === 'forward') {
        const { forwarding } = c;
        const [target, reason] = forwarding.always
          ? [forwarding.always, 'unconditional']
          : c.dnd
            ? [forwarding.busy, 'do-not-disturb']
            : [forwarding.unregistered, 'unavailable'];
        expect(decision).toMatchObject({ target, reason, user: callee });
      }
      if (decision.kind === 'ring') {
        expect(deviceIds(decision)).toEqual(['u200-b1', 'u200-b2']);
        expect(decision.onBusy).toEqual(c.forwarding.busy);
        expect(decision.onUnavailable).toEqual(c.forwarding.unregistered);
        expect(decision.onNoAnswer).toEqual(c.forwarding.noAnswer?.target);
        // no-answer forwarding after N seconds, never later than the ring timeout
        const seconds = c.forwarding.noAnswer ? Math.min(c.forwarding.noAnswer.seconds, 60) : 60;
        expect(decision.ringForMs).toBe(seconds * 1000);
      }
    }
  });

  it('answers 404 for an extension that does not exist, and 480 naming the trunk for an external number', () => {
    const tenant = world([user('200')], ['200']);
    expect(decideRoute(call(ext('999')), tenant, defaultRoutePolicy)).toMatchObject({ kind: 'reject', status: Status.NotFound });
    const outside = decideRoute(call(external('+4922112345')), tenant, defaultRoutePolicy);
    expect(outside).toMatchObject({ kind: 'reject', status: Status.TemporarilyUnavailable });
    expect(outside.kind === 'reject' && outside.reason).toMatch(/trunk/);
  });
});

describe('resolveRoute follows forwarding', () => {
  it('through a chain to the user who rings, keeping every hop in order', () => {
    const tenant = world(
      [user('200', { forwarding: { always: ext('201') } }), user('201', { dnd: true, forwarding: { busy: ext('202') } }), user('202', { forwarding: { unregistered: ext('203') } }), user('203')],
      ['203'],
    );
    const plan = resolveRoute(call(ext('200')), tenant, defaultRoutePolicy);
    expect(plan.kind).toBe('ring');
    expect(plan.kind === 'ring' && plan.user?.extension).toBe('203');
    expect(plan.diversions.map((d) => [d.from.extension, d.to, d.reason])).toEqual([
      ['200', ext('201'), 'unconditional'],
      ['201', ext('202'), 'do-not-disturb'],
      ['202', ext('203'), 'unavailable'],
    ]);
  });

  it('refuses a forwarding cycle with 482', () => {
    const plan = resolveRoute(call(ext('200')), world([user('200', { forwarding: { always: ext('201') } }), user('201', { forwarding: { always: ext('200') } })], ['200', '201']), defaultRoutePolicy);
    expect(plan).toMatchObject({ kind: 'reject', status: Status.LoopDetected });
    expect(plan.diversions).toHaveLength(1);
  });

  it('stops after the most hops the policy allows with 483', () => {
    const chain = ['200', '201', '202', '203', '204', '205', '206', '207'];
    const users = chain.map((e, i) => user(e, { forwarding: chain[i + 1] ? { always: ext(chain[i + 1] as string) } : {} }));
    const tenant = world(users, chain);
    expect(resolveRoute(call(ext('200')), tenant, { ...defaultRoutePolicy, maxForwardingHops: 7 })).toMatchObject({ kind: 'ring', user: { extension: '207' } });
    const plan = resolveRoute(call(ext('200')), tenant, defaultRoutePolicy);
    expect(plan).toMatchObject({ kind: 'reject', status: Status.TooManyHops });
    expect(plan.diversions).toHaveLength(5);
  });

  it('rejects a forward to an external number without a trunk or to a missing extension with 480 and says why', () => {
    const tenant = world([user('200', { forwarding: { always: external('+491701234567') } }), user('201', { forwarding: { always: ext('555') } })], []);
    const toPhone = resolveRoute(call(ext('200')), tenant, defaultRoutePolicy);
    expect(toPhone).toMatchObject({ kind: 'reject', status: Status.TemporarilyUnavailable, outward: 'external' });
    expect(toPhone.kind === 'reject' && toPhone.reason).toMatch(/\+491701234567.*trunk/);
    const toNowhere = resolveRoute(call(ext('201')), tenant, defaultRoutePolicy);
    expect(toNowhere).toMatchObject({ kind: 'reject', status: Status.TemporarilyUnavailable });
    expect(toNowhere.kind === 'reject' && toNowhere.reason).toMatch(/555/);
  });
});

describe('routeAfterFailure', () => {
  const forwarding: CallForwarding = { busy: ext('301'), noAnswer: { target: ext('302'), seconds: 20 }, unregistered: ext('303') };
  const tenant = world([user('200', { forwarding }), user('301'), user('302'), user('303'), user('304')], ['200', '301', '302', '303', '304']);
  const ringing = resolveRoute(call(ext('200')), tenant, defaultRoutePolicy) as RingPlan;

  it.each([
    ['busy', '301', 'user-busy'],
    ['no-answer', '302', 'no-answer'],
    ['unavailable', '303', 'unavailable'],
  ] as const)('after %s rings the user\'s forwarding target with a hop naming the reason', (failure, extension, reason) => {
    const next = routeAfterFailure(CALLER, ringing, failure, tenant, defaultRoutePolicy);
    expect(next).toMatchObject({ kind: 'ring', user: { extension } });
    expect(next?.diversions.map((d) => [d.from.extension, d.reason])).toEqual([['200', reason]]);
  });

  it('gives nothing when the user set no forwarding for the failure, and 482 when it would come back', () => {
    const plain = resolveRoute(call(ext('304')), tenant, defaultRoutePolicy) as RingPlan;
    expect(plain.kind).toBe('ring');
    expect(routeAfterFailure(CALLER, plain, 'busy', tenant, defaultRoutePolicy)).toBeUndefined();
    const back = world([user('200', { forwarding: { busy: ext('201') } }), user('201', { forwarding: { busy: ext('200') } })], ['200', '201']);
    const first = resolveRoute(call(ext('200')), back, defaultRoutePolicy) as RingPlan;
    const second = routeAfterFailure(CALLER, first, 'busy', back, defaultRoutePolicy) as RingPlan;
    expect(second).toMatchObject({ kind: 'ring', user: { extension: '201' } });
    expect(routeAfterFailure(CALLER, second, 'busy', back, defaultRoutePolicy)).toMatchObject({ kind: 'reject', status: Status.LoopDetected });
  });
});
