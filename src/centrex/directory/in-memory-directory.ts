import { AuditedReadModel } from '../audited-read-model.js';
import type { Directory, DirectoryTenant, DirectoryUpdates, DirectoryUser } from './directory.js';

interface TenantUsers {
  readonly bySipUsername: Map<string, DirectoryUser>;
  readonly byExtension: Map<string, DirectoryUser>;
}

/**
 * The directory held in memory: maps from domain, id, SIP username and extension to
 * immutable entries, so every lookup is a hash-map read. It changes only through
 * {@link DirectoryUpdates}: the services apply each change after it commits, and
 * `refreshDirectory` applies changes other processes made. Each entity remembers the version
 * (audit record id) of the state it holds, and older writes are ignored; tenants and users are
 * keyed by their ids (UUIDs, so they never clash).
 */
export class InMemoryDirectory extends AuditedReadModel implements Directory, DirectoryUpdates {
  private readonly tenants = new Map<string, DirectoryTenant>();
  private readonly tenantsByDomain = new Map<string, DirectoryTenant>();
  private readonly users = new Map<string, DirectoryUser>();
  private readonly usersOfTenant = new Map<string, TenantUsers>();
  get tenantCount(): number {
    return this.tenants.size;
  }

  get userCount(): number {
    return this.users.size;
  }

  tenantByDomain(domain: string): DirectoryTenant | undefined {
    return this.tenantsByDomain.get(domain.toLowerCase());
  }

  tenantById(id: string): DirectoryTenant | undefined {
    return this.tenants.get(id);
  }

  userBySipUsername(tenantId: string, username: string): DirectoryUser | undefined {
    return this.usersOfTenant.get(tenantId)?.bySipUsername.get(username);
  }

  userByExtension(tenantId: string, extension: string): DirectoryUser | undefined {
    return this.usersOfTenant.get(tenantId)?.byExtension.get(extension);
  }

  userById(id: string): DirectoryUser | undefined {
    return this.users.get(id);
  }

  putTenant(tenant: DirectoryTenant, version: number): void {
    if (!this.accepts(tenant.id, version)) return;
    const previous = this.tenants.get(tenant.id);
    if (previous) removeIfHeld(this.tenantsByDomain, previous.sipDomain.toLowerCase(), previous.id);
    this.tenants.set(tenant.id, tenant);
    this.tenantsByDomain.set(tenant.sipDomain.toLowerCase(), tenant);
  }

  removeTenant(id: string, version: number): void {
    if (!this.accepts(id, version)) return;
    const previous = this.tenants.get(id);
    if (!previous) return;
    removeIfHeld(this.tenantsByDomain, previous.sipDomain.toLowerCase(), id);
    this.tenants.delete(id);
  }

  putUser(user: DirectoryUser, version: number): void {
    if (!this.accepts(user.id, version)) return;
    this.unindexUser(user.id);
    this.users.set(user.id, user);
    let index = this.usersOfTenant.get(user.tenantId);
    if (!index) {
      index = { bySipUsername: new Map(), byExtension: new Map() };
      this.usersOfTenant.set(user.tenantId, index);
    }
    index.bySipUsername.set(user.sipUsername, user);
    index.byExtension.set(user.extension, user);
  }

  removeUser(id: string, version: number): void {
    if (!this.accepts(id, version)) return;
    this.unindexUser(id);
    this.users.delete(id);
  }

  private unindexUser(id: string): void {
    const previous = this.users.get(id);
    const index = previous && this.usersOfTenant.get(previous.tenantId);
    if (!previous || !index) return;
    removeIfHeld(index.bySipUsername, previous.sipUsername, id);
    removeIfHeld(index.byExtension, previous.extension, id);
    if (index.byExtension.size === 0 && index.bySipUsername.size === 0) this.usersOfTenant.delete(previous.tenantId);
  }
}

/** Removes the entry under `key` only if it still belongs to `id` (another entity may have taken the key since). */
function removeIfHeld<T extends { readonly id: string }>(map: Map<string, T>, key: string, id: string): void {
  if (map.get(key)?.id === id) map.delete(key);
}
