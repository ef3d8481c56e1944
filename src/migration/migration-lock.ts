import { randomUUID } from 'node:crypto';
import type { Actor, ChangeOptions } from '../centrex/index.js';
import { DomainError } from '../kernel/index.js';
import { inTransaction, releaseMigrationLock, takeMigrationLock } from '../store/index.js';
import type { Database } from '../store/index.js';
import { changeInstant, isoInstant } from './change-instant.js';

/** The bulk operations on a tenant's migration that may not run at the same time. */
export type MigrationOperation = 'inventory import' | 'number plan';

/**
 * How long a lease holds when its process dies without giving it back; far longer than the
 * largest import takes (a 10,000-employee company: seconds).
 */
const leaseMs = 15 * 60_000;

/**
 * Runs `fn` while holding the tenant's migration lock, so a second import or plan of the same
 * tenant is refused with `conflict` (naming who holds it since when) instead of waiting for,
 * or interleaving with, the first. The lock is a lease row taken in its own transaction before
 * `fn` and removed after it; `fn` gets the lease's token to check it still holds the lock.
 */
export async function withMigrationLock<T>(
  database: Database,
  tenant: { readonly id: string; readonly slug: string },
  operation: MigrationOperation,
  actor: Actor,
  options: Pick<ChangeOptions, 'clock'>,
  fn: (token: string) => Promise<T>,
): Promise<T> {
  const now = changeInstant(options);
  const lease = {
    tenant_id: tenant.id,
    operation,
    holder: `${actor.kind}:${actor.id}`,
    token: randomUUID(),
    acquired_at: isoInstant(now),
    expires_at: isoInstant(now + leaseMs),
  };
  const holder = await inTransaction(database, (trx) => takeMigrationLock(trx, lease));
  if (holder.token !== lease.token) {
    throw new DomainError(
      'conflict',
      `tenant "${tenant.slug}" has a migration operation running (${holder.operation}, started ${holder.acquired_at} by ${holder.holder}); try again when it has finished`,
    );
  }
  try {
    return await fn(lease.token);
  } finally {
    await inTransaction(database, (trx) => releaseMigrationLock(trx, tenant.id, lease.token));
  }
}
