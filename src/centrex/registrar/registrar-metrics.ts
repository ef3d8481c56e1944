/**
 * The registrar's Prometheus metrics, in the application's registry: current registrations,
 * REGISTER responses by status, authentication failures by reason, source blocks.
 */
import { Counter, Gauge } from 'prom-client';
import type { Registry } from 'prom-client';
import type { StatusCode } from '../../sip/index.js';
import type { AbuseGuard } from './abuse-guard.js';
import type { BindingTable } from './binding-table.js';
import type { AuthenticationFailure } from './sip-authenticator.js';

export class RegistrarMetrics {
  private readonly registerResponses: Counter<'status'>;
  private readonly authFailures: Counter<'reason'>;
  private readonly blocks: Counter;

  constructor(registry: Registry, sources: { readonly location: BindingTable; readonly guard: AbuseGuard }) {
    const registers = [registry];
    new Gauge({
      name: 'belay_sip_registrations',
      help: 'Registration bindings in force (unexpired)',
      registers,
      collect() {
        let count = 0;
        for (const _ of sources.location.all()) count++;
        this.set(count);
      },
    });
    this.registerResponses = new Counter({
      name: 'belay_sip_register_responses_total',
      help: 'Final responses to REGISTER requests, by status code',
      labelNames: ['status'] as const,
      registers,
    });
    this.authFailures = new Counter({
      name: 'belay_sip_auth_failures_total',
      help: 'Failed SIP authentications (wrong or unknown credentials, malformed credentials, unknown domain)',
      labelNames: ['reason'] as const,
      registers,
    });
    this.blocks = new Counter({ name: 'belay_sip_source_blocks_total', help: 'Source addresses blocked after repeated authentication failures', registers });
    new Gauge({
      name: 'belay_sip_blocked_sources',
      help: 'Source addresses blocked now',
      registers,
      collect() {
        this.set(sources.guard.blocks().length);
      },
    });
    new Counter({
      name: 'belay_sip_blocked_messages_total',
      help: 'Messages dropped unread because their source was blocked',
      registers,
      collect() {
        this.reset();
        this.inc(sources.guard.dropped);
      },
    });
  }

  registerResponse(status: StatusCode): void {
    this.registerResponses.inc({ status: String(status) });
  }

  authFailure(reason: AuthenticationFailure): void {
    this.authFailures.inc({ reason });
  }

  blocked(): void {
    this.blocks.inc();
  }
}
