import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { DomainError, validateInput, validationFailed } from '../../kernel/index.js';
import type { FieldError } from '../../kernel/index.js';
import {
  appendAudit,
  deleteTrunkRow,
  findSiteRow,
  findTrunkProfileRow,
  findTrunkRow,
  inTransaction,
  insertTrunk,
  listTrunkRows,
  lockAuditChain,
  updateTrunkRow,
} from '../../store/index.js';
import type { AuditEntry, Database, DatabaseSchema, TrunkKey, TrunkRow } from '../../store/index.js';
import type { Actor } from '../actor.js';
import { changeTime } from '../directory/change-options.js';
import type { ChangeOptions } from '../directory/change-options.js';
import { BUILTIN_PROFILE_NAMES, isBuiltinProfileName } from '../identity/index.js';
import { looksLikeUuid } from '../tenant-schema.js';
import { findTenant } from '../tenant-service.js';
import type { Tenant } from '../tenant-service.js';
import { formatHostPort, parseHostPort } from './telephony-fields.js';
import { trunkFromRow } from './trunk.js';
import type { Trunk } from './trunk.js';
import { accountProblems, trunkCreateSchema, trunkUpdateSchema } from './trunk-schema.js';
import type { TrunkUpdateInput } from './trunk-schema.js';

/**
 * Trunks: a tenant's own (`tenantIdOrSlug` names the tenant) or shared by the provider
 * (`tenantIdOrSlug` null), each change audited in its transaction. A running server picks the
 * changes up through the audit log (`refreshTelephony`).
 */

const defaultSipPort = { udp: 5060, tcp: 5060, tls: 5061 } as const;

type Owner = Tenant | null;

async function ownerOf(db: Kysely<DatabaseSchema>, tenantIdOrSlug: string | null): Promise<Owner> {
  return tenantIdOrSlug === null ? null : findTenant(db, tenantIdOrSlug);
}


const trunkKey = (idOrName: string): TrunkKey => (looksLikeUuid(idOrName) ? { id: idOrName.toLowerCase() } : { name: idOrName });

async function findTrunk(db: Kysely<DatabaseSchema>, owner: Owner, idOrName: string): Promise<TrunkRow> {
  const row = await findTrunkRow(db, owner?.id ?? null, trunkKey(idOrName));
  if (!row) throw new DomainError('not_found', owner === null ? `shared trunk "${idOrName}" not found` : `trunk "${idOrName}" of tenant "${owner.slug}" not found`);
  return row;
}

/** Audit entries hold the trunk as the API shows it (whether a password is set, never the password), and whether the password changed. */
function trunkAudit(actor: Actor, verb: string, before: TrunkRow | null, after: TrunkRow | null, at: string, passwordChanged: boolean): AuditEntry {
  const row = after ?? before;
  if (!row) throw new Error('an audited trunk change needs a before or an after');
  return {
    tenantId: row.tenant_id,
    actor,
    action: `trunk.${verb}`,
    entityType: 'trunk',
    entityId: row.id,
    at,
    before: before && trunkFromRow(before),
    after: after && { ...trunkFromRow(after), ...(passwordChanged && { passwordChanged: true }) },
  };
}

/** The problem with naming this profile on a trunk of `owner`, if any: built-in, shared, or the tenant's own custom profile. */
async function profileProblem(db: Kysely<DatabaseSchema>, owner: Owner, profile: string): Promise<FieldError | undefined> {
  if (isBuiltinProfileName(profile)) return undefined;
  const custom = await findTrunkProfileRow(db, { name: profile });
  if (custom && (custom.tenant_id === null || custom.tenant_id === owner?.id)) return undefined;
  const builtins = BUILTIN_PROFILE_NAMES.join(', ');
  const message = custom
    ? `"${profile}" is another tenant’s trunk profile`
    : `"${profile}" is neither a built-in trunk profile (${builtins}) nor a custom one`;
  return { field: 'profile', message };
}

/** The trunk's site, given by id or name (or null: none), and the problem with it if any: a shared trunk has none. */
async function resolveSite(db: Kysely<DatabaseSchema>, owner: Owner, site: string | null): Promise<{ readonly siteId: string | null; readonly problem?: FieldError }> {
  if (site === null) return { siteId: null };
  if (owner === null) return { siteId: null, problem: { field: 'site', message: 'a shared trunk serves every tenant and cannot belong to a site' } };
  const row = await findSiteRow(db, owner.id, looksLikeUuid(site) ? { id: site.toLowerCase() } : { name: site });
  return row ? { siteId: row.id } : { siteId: null, problem: { field: 'site', message: `site "${site}" does not exist in this tenant` } };
}

/** The outbound proxy as stored: `host:port`, the transport's default port when the text names none. */
function proxyText(text: string, transport: keyof typeof defaultSipPort): string {
  const proxy = parseHostPort(text);
  if (!proxy) throw new Error(`outbound proxy "${text}" passed validation but does not read as host:port`);
  return formatHostPort(proxy.host, proxy.port ?? defaultSipPort[transport]);
}

/** Throws `validation_failed` naming every problem of the trunk as it would be stored. */
function refuseProblems(problems: readonly (FieldError | undefined)[]): void {
  const fields = problems.filter((p): p is FieldError => p !== undefined);
  if (fields.length > 0) throw validationFailed('trunk', fields);
}

/** Creates a trunk of the tenant, or a shared one (`tenantIdOrSlug` null); `conflict` if the name is taken. */
export async function createTrunk(
  database: Database,
  tenantIdOrSlug: string | null,
  input: unknown,
  actor: Actor,
  options: ChangeOptions = {},
): Promise<Trunk> {
  const valid = validateInput(trunkCreateSchema, input, 'trunk');
  return inTransaction(database, async (trx) => {
    await lockAuditChain(trx);
    const owner = await ownerOf(trx, tenantIdOrSlug);
    const site = await resolveSite(trx, owner, valid.site ?? null);
    const at = changeTime(options);
    const row: TrunkRow = {
      id: randomUUID(),
      tenant_id: owner?.id ?? null,
      name: valid.name,
      mode: valid.mode,
      host: valid.host,
      port: valid.port ?? defaultSipPort[valid.transport],
      transport: valid.transport,
      domain: valid.domain ?? valid.host,
      outbound_proxy: valid.outboundProxy === undefined ? null : proxyText(valid.outboundProxy, valid.transport),
      username: valid.username ?? null,
      auth_username: valid.authUsername ?? null,
      password: valid.password ?? null,
      register_expires: valid.registerExpires,
      profile: valid.profile,
      inbound_addresses: JSON.stringify(valid.inboundAddresses),
      default_number: valid.defaultNumber ?? null,
      priority: valid.priority,
      max_calls: valid.maxCalls ?? null,
      max_cps: valid.maxCps ?? null,
      site_id: site.siteId,
      enabled: valid.enabled ? 1 : 0,
      created_at: at,
      updated_at: at,
    };
    refuseProblems([
      ...accountProblems({ mode: row.mode, username: row.username, passwordSet: row.password !== null }),
      await profileProblem(trx, owner, row.profile),
      site.problem,
    ]);
    await insertTrunk(trx, row);
    await appendAudit(trx, trunkAudit(actor, 'create', null, row, at, row.password !== null));
    return trunkFromRow(row);
  });
}

/** The tenant's own trunks (or the shared ones), in the order they are tried: by priority, then name. */
export async function listTrunks(database: Database, tenantIdOrSlug: string | null): Promise<{ readonly items: readonly Trunk[] }> {
  const owner = await ownerOf(database.db, tenantIdOrSlug);
  return { items: (await listTrunkRows(database.db, owner?.id ?? null)).map(trunkFromRow) };
}

/** The tenant's trunk (or the shared trunk) with this id or name; `not_found` otherwise. */
export async function getTrunk(database: Database, tenantIdOrSlug: string | null, idOrName: string): Promise<Trunk> {
  const owner = await ownerOf(database.db, tenantIdOrSlug);
  return trunkFromRow(await findTrunk(database.db, owner, idOrName));
}

/** A value after a change: left out keeps it, null removes it. */
const patched = <T>(change: T | null | undefined, before: T | null): T | null => (change === undefined ? before : change);

/** The stored columns after the change (the site still as given, resolved by the caller). */
function mergeTrunk(before: TrunkRow, change: TrunkUpdateInput): Omit<TrunkRow, 'id' | 'tenant_id' | 'site_id' | 'created_at' | 'updated_at'> {
  const transport = change.transport ?? before.transport;
  const host = change.host ?? before.host;
  // a port or domain left at its default follows the transport or host it defaulted from
  const portDefaulted = before.port === defaultSipPort[before.transport];
  const domainDefaulted = before.domain === before.host;
  return {
    name: change.name ?? before.name,
    mode: change.mode ?? before.mode,
    host,
    port: change.port ?? (portDefaulted ? defaultSipPort[transport] : before.port),
    transport,
    domain: change.domain === null ? host : (change.domain ?? (domainDefaulted ? host : before.domain)),
    outbound_proxy: change.outboundProxy === undefined ? before.outbound_proxy : change.outboundProxy && proxyText(change.outboundProxy, transport),
    username: patched(change.username, before.username),
    auth_username: patched(change.authUsername, before.auth_username),
    password: patched(change.password, before.password),
    register_expires: change.registerExpires ?? before.register_expires,
    profile: change.profile ?? before.profile,
    inbound_addresses: change.inboundAddresses === undefined ? before.inbound_addresses : JSON.stringify(change.inboundAddresses),
    default_number: patched(change.defaultNumber, before.default_number),
    priority: change.priority ?? before.priority,
    max_calls: patched(change.maxCalls, before.max_calls),
    max_cps: patched(change.maxCps, before.max_cps),
    enabled: change.enabled === undefined ? before.enabled : change.enabled ? 1 : 0,
  };
}

/**
 * Changes a trunk: fields left out stay, null removes an optional setting. A port or domain
 * left at its default follows a new transport or host. A patch that changes nothing writes nothing.
 */
export async function updateTrunk(
  database: Database,
  tenantIdOrSlug: string | null,
  idOrName: string,
  patch: unknown,
  actor: Actor,
  options: ChangeOptions = {},
): Promise<Trunk> {
  const change = validateInput(trunkUpdateSchema, patch, 'trunk update');
  return inTransaction(database, async (trx) => {
    await lockAuditChain(trx);
    const owner = await ownerOf(trx, tenantIdOrSlug);
    const before = await findTrunk(trx, owner, idOrName);
    const site = change.site === undefined ? { siteId: before.site_id } : await resolveSite(trx, owner, change.site);
    const next = { ...mergeTrunk(before, change), site_id: site.siteId };
    refuseProblems([
      ...accountProblems({ mode: next.mode, username: next.username, passwordSet: next.password !== null }),
      next.profile === before.profile ? undefined : await profileProblem(trx, owner, next.profile),
      site.problem,
    ]);
    if ((Object.keys(next) as (keyof typeof next)[]).every((column) => next[column] === before[column])) return trunkFromRow(before);
    const at = changeTime(options);
    const after = await updateTrunkRow(trx, before, { ...next, updated_at: at });
    await appendAudit(trx, trunkAudit(actor, 'update', before, after, at, next.password !== before.password));
    return trunkFromRow(after);
  });
}

/** Deletes a trunk; calls in progress on it go on to their end. */
export async function deleteTrunk(database: Database, tenantIdOrSlug: string | null, idOrName: string, actor: Actor, options: ChangeOptions = {}): Promise<void> {
  await inTransaction(database, async (trx) => {
    await lockAuditChain(trx);
    const trunk = await findTrunk(trx, await ownerOf(trx, tenantIdOrSlug), idOrName);
    await deleteTrunkRow(trx, trunk.id);
    await appendAudit(trx, trunkAudit(actor, 'delete', trunk, null, changeTime(options), false));
  });
}
