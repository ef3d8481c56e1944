/**
 * What is known about one call as it goes, becoming its call record when it ends: who called and
 * what they dialled, the forwarding hops, whose devices ring, which device answered and when.
 */
import type { StatusCode } from '../../sip/index.js';
import { INTERNAL_CALL_FACTS, dispositionOf } from '../cdr/index.js';
import type { ActiveCall, AnsweringDevice, CallParty, CallRecord, ForwardingHop } from '../cdr/index.js';
import { formatUri } from '../../sip/index.js';
import type { Diversion, RoutePlan } from './decide-route.js';
import { callerIdentity } from './outbound-invite.js';
import type { DirectoryTenant, DirectoryUser, ForwardTarget } from '../directory/index.js';

const iso = (ms: number): string => new Date(ms).toISOString();

export const targetName = (target: ForwardTarget): string => (target.kind === 'extension' ? target.extension : target.number);

const hopOf = (diversion: Diversion): ForwardingHop => ({ from: diversion.from.extension, to: targetName(diversion.to), reason: diversion.reason });

export interface CallStart {
  readonly id: string;
  readonly at: number;
  readonly tenant: DirectoryTenant;
  readonly caller: DirectoryUser;
  /** What was dialled: an extension or number, or the Request-URI when it named neither. */
  readonly dialled: ForwardTarget | string;
}

export class CallLog {
  /** The log of a call placed by `caller` (as the directory knows them) in `tenant`. */
  static start(start: CallStart): CallLog {
    const { caller, tenant, dialled } = start;
    const party = { userId: caller.id, extension: caller.extension, uri: formatUri(callerIdentity(caller, tenant).uri), name: caller.displayName };
    return new CallLog(start.id, tenant.id, start.at, party, typeof dialled === 'string' ? dialled : targetName(dialled));
  }

  private hops: readonly ForwardingHop[] = [];
  private ringing: string | null = null;
  private answered: { readonly at: number; readonly device: AnsweringDevice } | undefined;

  constructor(
    readonly id: string,
    readonly tenantId: string,
    private readonly startedAt: number,
    private readonly caller: CallParty,
    private readonly dialled: string,
  ) {}

  /** The route the call takes now (the first, or one after forwarding). */
  route(plan: RoutePlan): void {
    this.hops = plan.diversions.map(hopOf);
    this.ringing = plan.kind === 'ring' ? plan.user.extension : null;
  }

  answer(at: number, device: AnsweringDevice): void {
    this.answered = { at, device };
  }

  snapshot(): ActiveCall {
    return {
      id: this.id,
      tenantId: this.tenantId,
      state: this.answered ? 'answered' : 'ringing',
      startedAt: iso(this.startedAt),
      answeredAt: this.answered ? iso(this.answered.at) : null,
      caller: this.caller,
      dialled: this.dialled,
      ringing: this.ringing,
      answeredBy: this.answered?.device ?? null,
      forwarding: this.hops,
      direction: INTERNAL_CALL_FACTS.direction,
      trunkId: INTERNAL_CALL_FACTS.trunkId,
      emergency: INTERNAL_CALL_FACTS.emergency,
    };
  }

  /** The record of the call, ended at `at` with `status` as the outcome of its setup. */
  finish(at: number, status: StatusCode): CallRecord {
    return {
      id: this.id,
      tenantId: this.tenantId,
      startedAt: iso(this.startedAt),
      answeredAt: this.answered ? iso(this.answered.at) : null,
      endedAt: iso(at),
      caller: this.caller,
      dialled: this.dialled,
      answeredBy: this.answered?.device ?? null,
      forwarding: this.hops,
      disposition: dispositionOf(status),
      sipStatus: status,
      durationMs: this.answered ? Math.max(0, at - this.answered.at) : 0,
      ...INTERNAL_CALL_FACTS,
    };
  }
}
