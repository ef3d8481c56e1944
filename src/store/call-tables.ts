/** What the SIP service writes while it runs: registration bindings and finished calls. */

/**
 * A phone's registration binding (see `src/centrex/registrar`). The registrar holds bindings
 * in memory and writes them here behind its back, in batches; they are read once at start.
 * No foreign keys: bindings are soft state that expires, and one deleted user must not make
 * a whole batch fail. Not tenant data: they never keep a tenant from being deleted. The TCP
 * connection a binding came on is not kept: its id means nothing to the next process.
 */
export interface RegistrarBindingsTable {
  id: string;
  tenant_id: string;
  user_id: string;
  aor: string;
  contact: string;
  /** `udp`, `tcp`, `tls`, `ws` or `wss` */
  source_protocol: string;
  source_address: string;
  source_port: number;
  local_address: string;
  local_port: number;
  /** JSON array of Path values (RFC 3327), first hop first. */
  path: string;
  /** q × 1000 (0–1000) */
  q_millis: number;
  expires_at: string;
  call_id: string;
  cseq: number;
  user_agent: string | null;
  instance_id: string | null;
  reg_id: number | null;
}

/** One row per finished call (see `cdr-repository.ts`). */
export interface CallRecordsTable {
  id: string;
  tenant_id: string;
  started_at: string;
  answered_at: string | null;
  ended_at: string;
  caller_user_id: string | null;
  caller_extension: string | null;
  caller_uri: string;
  caller_name: string | null;
  dialled: string;
  answered_user_id: string | null;
  answered_extension: string | null;
  answered_contact: string | null;
  answered_user_agent: string | null;
  /** JSON array of `{ from, to, reason }`, first hop first. */
  forwarding: string;
  disposition: string;
  sip_status: number;
  duration_ms: number;
  /** `internal`, `outbound` (to a trunk) or `inbound` (from a trunk). */
  direction: CallDirectionValue;
  /** The trunk the call went out or came in on. */
  trunk_id: string | null;
  /** E.164: the number presented to the callee (UPN) on an outbound call. */
  presented_number: string | null;
  /** E.164: the network number (NPN) sent on an outbound call. */
  network_number: string | null;
  /** Why the identity differs from the usual one, e.g. why a presented number was replaced. */
  identity_note: string | null;
  /** E.164: the number originally dialled when the network forwarded the call to belay. */
  original_called: string | null;
  /** The reason the network gave for that forwarding (`unconditional`, `user-busy`, …). */
  diversion_reason: string | null;
  /** 0 or 1: a call to 110 or 112. */
  emergency: number;
  /** Why the call was refused before it went anywhere (class of service). */
  block_reason: string | null;
}

/** Which side of belay a call record's call came from and went to. */
export type CallDirectionValue = 'internal' | 'outbound' | 'inbound';
