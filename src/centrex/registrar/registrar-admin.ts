/**
 * What an administrator does to the registrar's live state: remove a registration (the phone
 * has to register again) and lift a block on a source address. Both act on memory at once
 * and are recorded in the audit log with their actor.
 */
import { DomainError } from '../../kernel/index.js';
import { canonicalIp } from '../../sip/index.js';
import type { Clock } from '../../sip/index.js';
import { appendAudit, inTransaction, lockAuditChain } from '../../store/index.js';
import type { AuditEntry, Database } from '../../store/index.js';
import type { Actor } from '../actor.js';
import type { AbuseGuard } from './abuse-guard.js';
import type { Binding } from './binding.js';
import type { BindingTable } from './binding-table.js';

async function audit(database: Database, entry: AuditEntry): Promise<void> {
  await inTransaction(database, async (trx) => {
    await lockAuditChain(trx);
    await appendAudit(trx, entry);
  });
}

/** What the audit log keeps of a binding: who, where, until when (no Call-ID or CSeq). */
function auditedBinding(binding: Binding): object {
  return {
    id: binding.id,
    userId: binding.userId,
    aor: binding.aor,
    contact: binding.contact,
    source: `${binding.source.protocol}:${binding.source.address}:${binding.source.port}`,
    expiresAt: new Date(binding.expiresAt).toISOString(),
  };
}

/** Removes the tenant's binding `bindingId`; `not_found` if the tenant holds no such binding. */
export async function removeRegistration(
  database: Database,
  sip: { readonly location: BindingTable; readonly clock: Pick<Clock, 'now'> },
  tenantId: string,
  bindingId: string,
  actor: Actor,
): Promise<void> {
  const { location, clock } = sip;
  const binding = location.get(bindingId);
  if (binding?.tenantId !== tenantId) throw new DomainError('not_found', `registration "${bindingId}" not found`);
  location.remove(binding.id);
  await audit(database, {
    tenantId,
    actor,
    action: 'registration.delete',
    entityType: 'registration',
    entityId: binding.id,
    at: new Date(clock.now()).toISOString(),
    before: auditedBinding(binding),
    after: null,
  });
}

/** Lifts the block on `address`; `not_found` if it is not blocked, `validation_failed` if it is not an IP address. */
export async function liftSourceBlock(
  database: Database,
  sip: { readonly guard: AbuseGuard; readonly clock: Pick<Clock, 'now'> },
  address: string,
  actor: Actor,
): Promise<void> {
  const { guard, clock } = sip;
  const ip = canonicalIp(address);
  if (ip === undefined) throw new DomainError('validation_failed', `"${address}" is not an IP address`, [{ field: 'address', message: 'is not an IP address' }]);
  const block = guard.blocks().find((b) => b.address === ip);
  if (!block || !guard.lift(ip)) throw new DomainError('not_found', `${ip} is not blocked`);
  await audit(database, {
    tenantId: null,
    actor,
    action: 'sip_block.delete',
    entityType: 'sip_block',
    entityId: ip,
    at: new Date(clock.now()).toISOString(),
    before: { address: ip, since: new Date(block.since).toISOString(), until: new Date(block.until).toISOString(), failures: block.failures },
    after: null,
  });
}
