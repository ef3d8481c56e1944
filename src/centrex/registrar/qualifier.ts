/**
 * Qualify: an OPTIONS keep-alive to every binding, every `intervalMs`, sent to where its
 * REGISTER came from (which also keeps a NAT pinhole open). Any response makes the binding
 * `reachable`; a timeout or a transport error makes it `unreachable`, and the binding table
 * stops offering it for calls once it has stayed so for its give-up time.
 */
import { Method, createRequest, noParams, parseNameAddr, parseUri } from '../../sip/index.js';
import type { Clock, IdSource, NameAddr, SipRequest, SipStack, TimerHandle } from '../../sip/index.js';
import { bindingTarget } from './binding.js';
import type { Binding } from './binding.js';
import type { BindingTable } from './binding-table.js';

/** The part of a stack qualify sends through. */
export type QualifyStack = Pick<SipStack, 'sendRequest' | 'contactUri' | 'listening'>;

export interface QualifierOptions {
  readonly clock: Clock;
  readonly location: BindingTable;
  readonly stack: QualifyStack;
  /** Call-IDs and tags. */
  readonly ids: IdSource;
  /** Time between two probes of one binding; the first comes one interval after it was first seen. */
  readonly intervalMs: number;
  /** Probes in flight at once; due bindings beyond it wait for the next tick. Default 1000. */
  readonly maxInFlight?: number;
}

const DEFAULT_MAX_IN_FLIGHT = 1000;
const MAX_TICK_MS = 1000;

export class Qualifier {
  /** binding id → when it is next probed */
  private readonly due = new Map<string, number>();
  private readonly inFlight = new Set<string>();
  private timer: TimerHandle | undefined;

  constructor(private readonly options: QualifierOptions) {
    if (!(options.intervalMs > 0)) throw new RangeError(`the qualify interval must be positive, got ${options.intervalMs}`);
  }

  start(): void {
    if (this.timer) return;
    const every = Math.min(this.options.intervalMs, MAX_TICK_MS);
    const tick = (): void => {
      this.tick();
      this.timer = this.options.clock.setTimer(every, tick);
    };
    this.timer = this.options.clock.setTimer(every, tick);
  }

  stop(): void {
    this.timer?.cancel();
    this.timer = undefined;
  }

  /** Probes the bindings that are due, and forgets those that are gone. */
  tick(): void {
    const { location, intervalMs } = this.options;
    const now = this.options.clock.now();
    const max = this.options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT;
    for (const id of this.due.keys()) if (!location.get(id)) this.due.delete(id);
    for (const binding of location.all()) {
      const due = this.due.get(binding.id);
      if (due === undefined) this.due.set(binding.id, now + intervalMs);
      else if (due <= now && !this.inFlight.has(binding.id) && this.inFlight.size < max) {
        this.due.set(binding.id, now + intervalMs);
        this.probe(binding);
      }
    }
  }

  /** Sends one OPTIONS to the binding's source; the outcome lands in the binding table. */
  probe(binding: Binding): void {
    const { location } = this.options;
    const request = this.optionsFor(binding);
    if (!request) {
      location.setReachability(binding.id, 'unreachable');
      return;
    }
    this.inFlight.add(binding.id);
    const outcome = this.options.stack.sendRequest(request, bindingTarget(binding), {
      onResponse: () => location.setReachability(binding.id, 'reachable'),
      onTimeout: () => location.setReachability(binding.id, 'unreachable'),
      onTransportError: () => location.setReachability(binding.id, 'unreachable'),
      onTerminated: () => this.inFlight.delete(binding.id),
    });
    if (!outcome.ok) this.inFlight.delete(binding.id);
  }

  /** The OPTIONS for a binding; undefined when it cannot be sent (its transport is not open here, a stored URI does not parse). */
  private optionsFor(binding: Binding): SipRequest | undefined {
    const { ids, stack } = this.options;
    const { protocol } = binding.source;
    const contact = parseUri(binding.contact);
    const aor = parseUri(binding.aor);
    const route: NameAddr[] = [];
    for (const hop of binding.path) {
      const parsed = parseNameAddr(hop, true);
      if (parsed.ok) route.push(parsed.value);
    }
    if (!contact.ok || !aor.ok || !stack.listening.some((t) => t.protocol === protocol)) return undefined;
    return createRequest({
      method: Method.OPTIONS,
      uri: contact.value,
      via: [],
      from: { uri: stack.contactUri(protocol), params: new Map([['tag', ids()]]) },
      to: { uri: aor.value, params: noParams },
      callId: ids(),
      cseq: 1,
      route,
    });
  }
}
