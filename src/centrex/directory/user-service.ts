import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { z } from 'zod';
import { validateInput, validationFailed } from '../../kernel/index.js';
import {
  appendAudit,
  deleteUserRow,
  devicesOfUser,
  inTransaction,
  insertUser,
  listUserRows,
  lockAuditChain,
  updateDeviceRow,
  updateUserRow,
} from '../../store/index.js';
import type { AuditEntry, Database, DatabaseSchema, UserRow } from '../../store/index.js';
import type { Actor } from '../actor.js';
import { DEFAULT_CLASS_OF_SERVICE } from '../numbering/index.js';
import { decodeCursor, encodeCursor } from '../page-cursor.js';
import { findTenant } from '../tenant-service.js';
import type { Tenant } from '../tenant-service.js';
import { changeTime } from './change-options.js';
import type { ChangeOptions } from './change-options.js';
import { deviceFromRow } from './device.js';
import { deviceAudit } from './device-service.js';
import type { CallForwarding } from './directory.js';
import { findUser } from './find-user.js';
import { generateSipPassword, passwordProblemFor, sipPasswordHashes } from './sip-password.js';
import { checkForwarding, checkIdentifiersDistinct, checkNotForwardedTo, checkNotReception, describeUser } from './user-rules.js';
import type { UserIdentity } from './user-rules.js';
import { directoryUserFromRow, forwardingColumns, forwardingFromRow, hasPassword, userFromRow } from './user.js';
import type { User } from './user.js';
import { userCreateSchema, userPageSchema, userPasswordSchema, userUpdateSchema, usersBulkSchema } from './user-schema.js';
import type { forwardingSchema } from './user-schema.js';

export interface UserPage {
  readonly items: readonly User[];
  /** Pass as `after` for the next page; null on the last page. */
  readonly next: string | null;
}

/** A user as created or changed; `generatedPassword` only when belay chose the password, and only in this one answer. */
export type UserWithGeneratedPassword = User & { readonly generatedPassword?: string };

const defaultPageSize = 50;

type UserCreateInput = z.output<typeof userCreateSchema>;
type ForwardingPatch = z.output<typeof forwardingSchema>;

/** A committed user change, for the caller to hand to the live directory. */
interface Committed {
  readonly row: UserRow;
  readonly realm: string;
  readonly version: number;
  readonly generatedPassword: string | undefined;
}

function result({ row, generatedPassword }: Committed): UserWithGeneratedPassword {
  const user = userFromRow(row);
  return generatedPassword === undefined ? user : { ...user, generatedPassword };
}

function publish(committed: readonly Committed[], options: ChangeOptions): void {
  for (const { row, realm, version } of committed) options.directory?.putUser(directoryUserFromRow(row, realm), version);
}

/** Audit entries hold the user as the API shows it, and only whether the password changed. */
function userAudit(actor: Actor, action: string, before: UserRow | null, after: UserRow | null, at: string, passwordChanged: boolean): AuditEntry {
  const row = after ?? before;
  if (!row) throw new Error('an audited user change needs a before or an after');
  return {
    tenantId: row.tenant_id,
    actor,
    action,
    entityType: 'user',
    entityId: row.id,
    at,
    before: before && userFromRow(before),
    after: after && { ...userFromRow(after), ...(passwordChanged && { passwordChanged: true }) },
  };
}

/** The new password (given, or generated when asked), checked against the user's identifiers. */
function newPassword(
  requested: { readonly password?: string | undefined; readonly generate: boolean },
  user: UserIdentity,
  fieldPrefix: string,
): { readonly password: string; readonly generated: boolean } | undefined {
  if (requested.generate) return { password: generateSipPassword(user), generated: true };
  if (requested.password === undefined) return undefined;
  const problem = passwordProblemFor(requested.password, user);
  if (problem !== undefined) {
    const field = `${fieldPrefix}password`;
    throw validationFailed('user', [{ field, message: problem }]);
  }
  return { password: requested.password, generated: false };
}

async function insertOne(
  trx: Transaction<DatabaseSchema>,
  tenant: Tenant,
  input: UserCreateInput,
  actor: Actor,
  at: string,
  fieldPrefix: string,
): Promise<Committed> {
  const identity: UserIdentity = { id: randomUUID(), tenantId: tenant.id, extension: input.extension, sipUsername: input.sipUsername ?? input.extension };
  const forwarding = mergeForwarding({}, input.forwarding ?? {});
  await checkForwarding(trx, identity, forwarding, fieldPrefix);
  const password = newPassword({ password: input.password, generate: input.generatePassword === true }, identity, fieldPrefix);
  const hashes = password && sipPasswordHashes(identity.sipUsername, tenant.sipDomain, password.password);
  const row: UserRow = {
    id: identity.id,
    tenant_id: tenant.id,
    extension: identity.extension,
    display_name: input.name,
    email: input.email ?? null,
    sip_username: identity.sipUsername,
    ha1_md5: hashes?.ha1_md5 ?? null,
    ha1_sha256: hashes?.ha1_sha256 ?? null,
    dnd: input.dnd === true ? 1 : 0,
    ...forwardingColumns(forwarding),
    class_of_service: input.classOfService ?? DEFAULT_CLASS_OF_SERVICE,
    clir: input.clir === true ? 1 : 0,
    ring_external: input.ringExternal ?? null,
    created_at: at,
    updated_at: at,
  };
  await insertUser(trx, row, fieldPrefix);
  // after the insert, so a plain duplicate is reported by the unique constraints first
  await checkIdentifiersDistinct(trx, identity, fieldPrefix);
  const record = await appendAudit(trx, userAudit(actor, 'user.create', null, row, at, password !== undefined));
  return { row, realm: tenant.sipDomain, version: record.id, generatedPassword: password?.generated ? password.password : undefined };
}

/** Creates a user of the tenant; `conflict` naming the field if the extension, SIP username or e-mail is taken. */
export async function createUser(
  database: Database,
  tenantIdOrSlug: string,
  input: unknown,
  actor: Actor,
  options: ChangeOptions = {},
): Promise<UserWithGeneratedPassword> {
  const valid = validateInput(userCreateSchema, input, 'user');
  const committed = await inTransaction(database, async (trx) => {
    await lockAuditChain(trx);
    const tenant = await findTenant(trx, tenantIdOrSlug);
    return insertOne(trx, tenant, valid, actor, changeTime(options), '');
  });
  publish([committed], options);
  return result(committed);
}

/**
 * Creates many users at once (`{ users: [...] }`, up to 10,000), all or none: a problem with
 * any of them is reported under `users.<index>.<field>` and nothing is stored. Users may
 * forward to users listed before them.
 */
export async function createUsers(
  database: Database,
  tenantIdOrSlug: string,
  input: unknown,
  actor: Actor,
  options: ChangeOptions = {},
): Promise<readonly UserWithGeneratedPassword[]> {
  const { users } = validateInput(usersBulkSchema, input, 'users');
  const committed = await inTransaction(database, async (trx) => {
    await lockAuditChain(trx);
    const tenant = await findTenant(trx, tenantIdOrSlug);
    const at = changeTime(options);
    const done: Committed[] = [];
    for (const [index, user] of users.entries()) done.push(await insertOne(trx, tenant, user, actor, at, `users.${index}.`));
    return done;
  });
  publish(committed, options);
  return committed.map(result);
}

/** The tenant's users in extension order (99, 100, 201, 1000), a page at a time (default 50, at most 1000). */
export async function listUsers(
  database: Database,
  tenantIdOrSlug: string,
  page: { limit?: number; after?: string; extension?: string } = {},
): Promise<UserPage> {
  const { limit = defaultPageSize, after, extension } = validateInput(userPageSchema, page, 'page');
  const tenant = await findTenant(database.db, tenantIdOrSlug);
  const cursor = after === undefined ? undefined : decodeCursor(after, 1)[0];
  const rows = await listUserRows(database.db, tenant.id, {
    limit: limit + 1,
    ...(cursor !== undefined && { after: cursor }),
    ...(extension !== undefined && { extension }),
  });
  const items = rows.slice(0, limit).map(userFromRow);
  const last = items.at(-1);
  return { items, next: rows.length > limit && last ? encodeCursor([last.extension]) : null };
}

/** The tenant's user with this id or extension; `not_found` otherwise. */
export async function getUser(database: Database, tenantIdOrSlug: string, idOrExtension: string): Promise<User> {
  const tenant = await findTenant(database.db, tenantIdOrSlug);
  return userFromRow(await findUser(database.db, tenant, idOrExtension));
}

/** Call forwarding after a patch: each kind given replaces that kind, null removes it, kinds left out stay. */
function mergeForwarding(current: CallForwarding, patch: ForwardingPatch): CallForwarding {
  const merged = { ...current };
  for (const kind of ['always', 'busy', 'noAnswer', 'unregistered'] as const) {
    const value = patch[kind];
    if (value === null) delete merged[kind];
    else if (value !== undefined) Object.assign(merged, { [kind]: value });
  }
  return merged;
}

type UserChange = z.output<typeof userUpdateSchema>;

async function changeOne(
  database: Database,
  tenantIdOrSlug: string,
  idOrExtension: string,
  change: UserChange,
  action: string,
  actor: Actor,
  options: ChangeOptions,
): Promise<UserWithGeneratedPassword> {
  const committed = await inTransaction(database, async (trx): Promise<Committed | UserRow> => {
    await lockAuditChain(trx);
    const tenant = await findTenant(trx, tenantIdOrSlug);
    const before = await findUser(trx, tenant, idOrExtension);
    const identity: UserIdentity = {
      id: before.id,
      tenantId: tenant.id,
      extension: change.extension ?? before.extension,
      sipUsername: change.sipUsername ?? before.sip_username,
    };
    const forwarding = mergeForwarding(forwardingFromRow(before), change.forwarding ?? {});
    const password = newPassword({ password: change.password, generate: change.generatePassword === true }, identity, '');
    if (identity.sipUsername !== before.sip_username && hasPassword(before) && !password) {
      const message =
        'cannot change without a new password: the SIP password is stored hashed with the username, so give password or generatePassword too';
      throw validationFailed('user update', [{ field: 'sipUsername', message }]);
    }
    if (identity.extension !== before.extension) {
      await checkNotForwardedTo(trx, before, `extension ${before.extension} cannot be changed`);
      await checkNotReception(trx, before, `extension ${before.extension} cannot be changed`);
    }
    if (change.forwarding !== undefined || identity.extension !== before.extension) await checkForwarding(trx, identity, forwarding, '');

    const hashes = password && sipPasswordHashes(identity.sipUsername, tenant.sipDomain, password.password);
    const next = {
      extension: identity.extension,
      display_name: change.name ?? before.display_name,
      email: change.email === undefined ? before.email : change.email,
      sip_username: identity.sipUsername,
      ha1_md5: hashes ? hashes.ha1_md5 : before.ha1_md5,
      ha1_sha256: hashes ? hashes.ha1_sha256 : before.ha1_sha256,
      dnd: change.dnd === undefined ? before.dnd : change.dnd ? 1 : 0,
      ...forwardingColumns(forwarding),
      class_of_service: change.classOfService ?? before.class_of_service,
      clir: change.clir === undefined ? before.clir : change.clir ? 1 : 0,
      ring_external: change.ringExternal === undefined ? before.ring_external : change.ringExternal,
    };
    if ((Object.keys(next) as (keyof typeof next)[]).every((column) => next[column] === before[column])) return before;
    const at = changeTime(options);
    const after = await updateUserRow(trx, before, { ...next, updated_at: at });
    await checkIdentifiersDistinct(trx, identity, '');
    const record = await appendAudit(trx, userAudit(actor, action, before, after, at, password !== undefined));
    return { row: after, realm: tenant.sipDomain, version: record.id, generatedPassword: password?.generated ? password.password : undefined };
  });
  if (!('version' in committed)) return userFromRow(committed);
  publish([committed], options);
  return result(committed);
}

/**
 * Changes a user: extension, name, e-mail (null removes it), SIP username (only together with
 * a new password), password or `generatePassword`, do-not-disturb, call forwarding (each kind
 * given replaces that kind, null removes it), class of service, CLIR, the external number rung
 * in parallel (null removes it). A patch that changes nothing writes nothing.
 */
export async function updateUser(
  database: Database,
  tenantIdOrSlug: string,
  idOrExtension: string,
  patch: unknown,
  actor: Actor,
  options: ChangeOptions = {},
): Promise<UserWithGeneratedPassword> {
  const change = validateInput(userUpdateSchema, patch, 'user update');
  return changeOne(database, tenantIdOrSlug, idOrExtension, change, 'user.update', actor, options);
}

/** Sets a user's SIP password: `{ password }`, or `{ generate: true }` to have one chosen and returned once. */
export async function setUserPassword(
  database: Database,
  tenantIdOrSlug: string,
  idOrExtension: string,
  input: unknown,
  actor: Actor,
  options: ChangeOptions = {},
): Promise<UserWithGeneratedPassword> {
  const { password, generate } = validateInput(userPasswordSchema, input, 'password');
  const change: UserChange = generate === true ? { generatePassword: true } : { password };
  return changeOne(database, tenantIdOrSlug, idOrExtension, change, 'user.set-password', actor, options);
}

/**
 * Deletes a user; their devices stay in the inventory, unassigned. Refused while other users
 * forward calls to them (naming those users).
 */
export async function deleteUser(
  database: Database,
  tenantIdOrSlug: string,
  idOrExtension: string,
  actor: Actor,
  options: ChangeOptions = {},
): Promise<void> {
  const { id, version } = await inTransaction(database, async (trx) => {
    await lockAuditChain(trx);
    const tenant = await findTenant(trx, tenantIdOrSlug);
    const user = await findUser(trx, tenant, idOrExtension);
    await checkNotForwardedTo(trx, user, `user ${describeUser(user)} cannot be deleted`);
    await checkNotReception(trx, user, `user ${describeUser(user)} cannot be deleted`);
    const at = changeTime(options);
    for (const device of await devicesOfUser(trx, user.id)) {
      const unassigned = await updateDeviceRow(trx, device.id, { user_id: null, updated_at: at });
      await appendAudit(trx, deviceAudit(actor, 'update', deviceFromRow(device), deviceFromRow(unassigned), at));
    }
    await deleteUserRow(trx, user.id);
    const record = await appendAudit(trx, userAudit(actor, 'user.delete', user, null, at, false));
    return { id: user.id, version: record.id };
  });
  options.directory?.removeUser(id, version);
}
