import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { DomainError, validateInput } from '../../kernel/index.js';
import {
  appendAudit,
  deleteTrunkProfileRow,
  findTrunkProfileRow,
  inTransaction,
  insertTrunkProfile,
  listTrunkProfileRows,
  lockAuditChain,
  trunksWithProfile,
  updateTrunkProfileRow,
} from '../../store/index.js';
import type { AuditEntry, Database, DatabaseSchema, TrunkProfileRow } from '../../store/index.js';
import type { Actor } from '../actor.js';
import { changeTime } from '../directory/change-options.js';
import type { ChangeOptions } from '../directory/change-options.js';
import { BUILTIN_PROFILES, isBuiltinProfileName, trunkProfileDefinitionSchema, trunkProfileSchema } from '../identity/index.js';
import type { TrunkProfile, TrunkProfileDefinition } from '../identity/index.js';
import { looksLikeUuid } from '../tenant-schema.js';
import { findTenant } from '../tenant-service.js';

/**
 * Trunk profiles: the built-in ones, and custom ones a tenant's trunks (the tenant's own) or
 * every trunk (shared, `tenantIdOrSlug` null) may name. Custom profiles are named uniquely
 * across tenants, never like a built-in one, and cannot be renamed (trunks name them).
 */

/** A trunk profile as the API shows it: built-in ones have no id, owner or timestamps. */
export interface TrunkProfileEntry extends TrunkProfile {
  readonly builtin: boolean;
  /** UUID; null for a built-in profile. */
  readonly id: string | null;
  /** null: usable by every tenant's trunks. */
  readonly tenantId: string | null;
  readonly createdAt: string | null;
  readonly updatedAt: string | null;
}

const builtinEntry = (profile: TrunkProfile): TrunkProfileEntry => ({ ...profile, builtin: true, id: null, tenantId: null, createdAt: null, updatedAt: null });

/** The stored definition (written by this service: always valid JSON of a definition). */
function definitionOf(row: TrunkProfileRow): TrunkProfileDefinition {
  return trunkProfileDefinitionSchema.parse(JSON.parse(row.definition));
}

function entryFromRow(row: TrunkProfileRow): TrunkProfileEntry {
  return { name: row.name, ...definitionOf(row), builtin: false, id: row.id, tenantId: row.tenant_id, createdAt: row.created_at, updatedAt: row.updated_at };
}

function profileAudit(actor: Actor, verb: string, before: TrunkProfileRow | null, after: TrunkProfileRow | null, at: string): AuditEntry {
  const row = after ?? before;
  if (!row) throw new Error('an audited trunk profile change needs a before or an after');
  return {
    tenantId: row.tenant_id,
    actor,
    action: `trunk_profile.${verb}`,
    entityType: 'trunk_profile',
    entityId: row.id,
    at,
    before: before && entryFromRow(before),
    after: after && entryFromRow(after),
  };
}

/** The custom profile with this id or name; a built-in one cannot be changed, any other is `not_found`. */
async function findCustom(db: Kysely<DatabaseSchema>, idOrName: string, change: string): Promise<TrunkProfileRow> {
  if (isBuiltinProfileName(idOrName)) {
    throw new DomainError('precondition_failed', `"${idOrName}" is a built-in trunk profile and cannot be ${change}; create a custom profile instead`);
  }
  const row = await findTrunkProfileRow(db, looksLikeUuid(idOrName) ? { id: idOrName.toLowerCase() } : { name: idOrName });
  if (!row) throw new DomainError('not_found', `trunk profile "${idOrName}" not found`);
  return row;
}

/** Creates a custom profile of the tenant, or a shared one (`tenantIdOrSlug` null); `conflict` if the name is taken. */
export async function createTrunkProfile(
  database: Database,
  tenantIdOrSlug: string | null,
  input: unknown,
  actor: Actor,
  options: ChangeOptions = {},
): Promise<TrunkProfileEntry> {
  const { name, ...definition } = validateInput(trunkProfileSchema, input, 'trunk profile');
  return inTransaction(database, async (trx) => {
    await lockAuditChain(trx);
    const tenant = tenantIdOrSlug === null ? null : await findTenant(trx, tenantIdOrSlug);
    const at = changeTime(options);
    const row: TrunkProfileRow = { id: randomUUID(), tenant_id: tenant?.id ?? null, name, definition: JSON.stringify(definition), created_at: at, updated_at: at };
    await insertTrunkProfile(trx, row);
    await appendAudit(trx, profileAudit(actor, 'create', null, row, at));
    return entryFromRow(row);
  });
}

/**
 * The built-in profiles, then custom ones by name: every custom profile, or (given a tenant)
 * those its trunks may name: its own and the shared ones.
 */
export async function listTrunkProfiles(database: Database, tenantIdOrSlug?: string): Promise<{ readonly items: readonly TrunkProfileEntry[] }> {
  const tenant = tenantIdOrSlug === undefined ? undefined : await findTenant(database.db, tenantIdOrSlug);
  const custom = await listTrunkProfileRows(database.db, tenant?.id);
  return { items: [...Object.values(BUILTIN_PROFILES).map(builtinEntry), ...custom.map(entryFromRow)] };
}

/** The profile with this name (built-in or custom) or id; `not_found` otherwise. */
export async function getTrunkProfile(database: Database, idOrName: string): Promise<TrunkProfileEntry> {
  if (isBuiltinProfileName(idOrName)) return builtinEntry(BUILTIN_PROFILES[idOrName]);
  return entryFromRow(await findCustom(database.db, idOrName, 'shown'));
}

/** A change of some of a profile's fields; the result must still be a whole, valid profile. */
const profilePatchSchema = z.record(z.string(), z.unknown(), { error: 'must be an object of profile fields' });

/**
 * Changes a custom profile's definition (fields left out stay; the name stays). The trunks
 * naming it signal by the new definition once a running server has refreshed.
 */
export async function updateTrunkProfile(database: Database, idOrName: string, patch: unknown, actor: Actor, options: ChangeOptions = {}): Promise<TrunkProfileEntry> {
  const fields = validateInput(profilePatchSchema, patch, 'trunk profile update');
  return inTransaction(database, async (trx) => {
    await lockAuditChain(trx);
    const before = await findCustom(trx, idOrName, 'changed');
    const definition = JSON.stringify(validateInput(trunkProfileDefinitionSchema, { ...definitionOf(before), ...fields }, 'trunk profile update'));
    if (definition === before.definition) return entryFromRow(before);
    const at = changeTime(options);
    const after = await updateTrunkProfileRow(trx, before.id, { definition, updated_at: at });
    await appendAudit(trx, profileAudit(actor, 'update', before, after, at));
    return entryFromRow(after);
  });
}

/** Deletes a custom profile; refused while trunks name it (naming them). */
export async function deleteTrunkProfile(database: Database, idOrName: string, actor: Actor, options: ChangeOptions = {}): Promise<void> {
  await inTransaction(database, async (trx) => {
    await lockAuditChain(trx);
    const profile = await findCustom(trx, idOrName, 'deleted');
    const users = await trunksWithProfile(trx, profile.name);
    if (users.length > 0) {
      const names = users.map((t) => `"${t.name}"`).join(', ');
      throw new DomainError('precondition_failed', `trunk profile "${profile.name}" is used by the ${users.length === 1 ? 'trunk' : 'trunks'} ${names}; give them another profile first`);
    }
    await deleteTrunkProfileRow(trx, profile.id);
    await appendAudit(trx, profileAudit(actor, 'delete', profile, null, changeTime(options)));
  });
}
