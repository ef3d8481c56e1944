/**
 * Write-behind persistence of the binding table: changes are collected and written in one
 * transaction every `flushIntervalMs` (only while there is something to write), and on
 * {@link BindingJournal.flush} at shutdown; a REGISTER never waits for the database. At start
 * {@link loadBindings} reads them back, dropping the expired ones.
 */
import { allBindingRows, deleteExpiredBindingRows, writeBindingRows } from '../../store/index.js';
import type { BindingRow, Database } from '../../store/index.js';
import type { Clock, TimerHandle, TransportProtocol } from '../../sip/index.js';
import type { Binding } from './binding.js';
import type { BindingChange } from './binding-table.js';

export interface BindingJournalOptions {
  readonly database: Database;
  readonly clock: Clock;
  /** Default 200 ms. */
  readonly flushIntervalMs?: number;
  /** A batch could not be written; it is kept and tried again at the next interval. */
  readonly onError?: (error: unknown) => void;
}

const DEFAULT_FLUSH_INTERVAL_MS = 200;
const PROTOCOLS: ReadonlySet<string> = new Set<TransportProtocol>(['udp', 'tcp', 'tls', 'ws', 'wss']);
const iso = (ms: number): string => new Date(ms).toISOString();

export function bindingRow(binding: Binding): BindingRow {
  const { source } = binding;
  return {
    id: binding.id,
    tenant_id: binding.tenantId,
    user_id: binding.userId,
    aor: binding.aor,
    contact: binding.contact,
    source_protocol: source.protocol,
    source_address: source.address,
    source_port: source.port,
    local_address: source.localAddress,
    local_port: source.localPort,
    path: JSON.stringify(binding.path),
    q_millis: Math.round(binding.q * 1000),
    expires_at: iso(binding.expiresAt),
    call_id: binding.callId,
    cseq: binding.cseq,
    user_agent: binding.userAgent ?? null,
    instance_id: binding.instanceId ?? null,
    reg_id: binding.regId ?? null,
  };
}

function parsePath(text: string): readonly string[] | undefined {
  try {
    const path: unknown = JSON.parse(text);
    return Array.isArray(path) && path.every((p) => typeof p === 'string') ? path : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The binding a stored row holds; undefined for a row that makes no sense. Reachability is not
 * stored (it starts `unknown`), nor the TCP connection (connection ids are per process, and a
 * stale one could name another phone's connection): requests go to the source address until
 * the phone registers again.
 */
export function bindingOfRow(row: BindingRow): Binding | undefined {
  const path = parsePath(row.path);
  const expiresAt = Date.parse(row.expires_at);
  if (!PROTOCOLS.has(row.source_protocol) || !path || Number.isNaN(expiresAt)) {
    return undefined;
  }
  return {
    id: row.id,
    tenantId: row.tenant_id,
    userId: row.user_id,
    aor: row.aor,
    contact: row.contact,
    source: {
      protocol: row.source_protocol as TransportProtocol,
      address: row.source_address,
      port: Number(row.source_port),
      localAddress: row.local_address,
      localPort: Number(row.local_port),
    },
    path,
    q: Number(row.q_millis) / 1000,
    expiresAt,
    callId: row.call_id,
    cseq: Number(row.cseq),
    ...(row.user_agent === null ? {} : { userAgent: row.user_agent }),
    ...(row.instance_id === null ? {} : { instanceId: row.instance_id }),
    ...(row.reg_id === null ? {} : { regId: Number(row.reg_id) }),
    reachable: 'unknown',
  };
}

/** The stored bindings that have not expired by `now`; the expired ones are deleted. */
export async function loadBindings(database: Database, now: number): Promise<readonly Binding[]> {
  await deleteExpiredBindingRows(database.db, iso(now));
  return (await allBindingRows(database.db)).flatMap((row) => bindingOfRow(row) ?? []);
}

export class BindingJournal {
  /** binding id → its latest state, or null when it was removed */
  private pending = new Map<string, Binding | null>();
  private timer: TimerHandle | undefined;
  private writing: Promise<void> | undefined;

  constructor(private readonly options: BindingJournalOptions) {}

  /** Changes waiting to be written. */
  get backlog(): number {
    return this.pending.size;
  }

  /** Takes a change of the binding table (its `onChange`). */
  record(change: BindingChange): void {
    this.pending.set(change.binding.id, change.kind === 'saved' ? change.binding : null);
    this.schedule();
  }

  /** Writes everything recorded so far; resolves once it is in the database. Rejects if the write failed (the changes are kept). */
  async flush(): Promise<void> {
    while (this.writing) await this.writing.catch(() => undefined);
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    this.writing = this.write(batch).finally(() => (this.writing = undefined));
    return this.writing;
  }

  /** Stops the timer; call {@link flush} afterwards to write what is left. */
  stop(): void {
    this.timer?.cancel();
    this.timer = undefined;
  }

  private async write(batch: ReadonlyMap<string, Binding | null>): Promise<void> {
    const saved: BindingRow[] = [];
    const removed: string[] = [];
    for (const [id, binding] of batch) {
      if (binding) saved.push(bindingRow(binding));
      else removed.push(id);
    }
    try {
      await writeBindingRows(this.options.database, { saved, removed });
    } catch (error) {
      // keep the batch, unless a newer change of the same binding came in meanwhile
      for (const [id, binding] of batch) if (!this.pending.has(id)) this.pending.set(id, binding);
      this.schedule();
      throw error;
    }
  }

  private schedule(): void {
    this.timer ??= this.options.clock.setTimer(this.options.flushIntervalMs ?? DEFAULT_FLUSH_INTERVAL_MS, () => {
      this.timer = undefined;
      this.flush().catch((error: unknown) => this.options.onError?.(error));
    });
  }
}
