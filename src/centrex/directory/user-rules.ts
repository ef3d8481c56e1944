import type { Kysely } from 'kysely';
import { DomainError, validationFailed } from '../../kernel/index.js';
import type { FieldError } from '../../kernel/index.js';
import { findTenantRow, findUserRow, usersForwardingTo } from '../../store/index.js';
import type { DatabaseSchema, UserRow } from '../../store/index.js';
import type { CallForwarding, ForwardTarget } from './directory.js';

/**
 * The rules of a user that depend on the tenant's other users, checked inside the change's
 * transaction (audited changes are serialized, so what they read stays true until commit).
 */

/** The user a rule is checked for: the values it will have after the change. */
export interface UserIdentity {
  readonly id: string;
  readonly tenantId: string;
  readonly extension: string;
  readonly sipUsername: string;
}

/** `201 (Erika Muster)` */
export const describeUser = (row: Pick<UserRow, 'extension' | 'display_name'>): string => `${row.extension} (${row.display_name})`;

function listed(rows: readonly UserRow[]): string {
  const names = rows.map(describeUser);
  return names.length === 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1) ?? ''}`;
}

/**
 * An extension and a SIP username name a user within the tenant from two sides (calls are
 * routed by extension, phones authenticate by username), so one user's SIP username may not
 * be another user's extension, and the other way round.
 */
export async function checkIdentifiersDistinct(
  db: Kysely<DatabaseSchema>,
  user: UserIdentity,
  fieldPrefix: string,
): Promise<void> {
  const clash = await db
    .selectFrom('users')
    .selectAll()
    .where('tenant_id', '=', user.tenantId)
    .where('id', '!=', user.id)
    .where((eb) => eb.or([eb('extension', '=', user.sipUsername), eb('sip_username', '=', user.extension)]))
    .executeTakeFirst();
  if (!clash) return;
  const fields: FieldError[] =
    clash.extension === user.sipUsername
      ? [{ field: `${fieldPrefix}sipUsername`, message: `"${user.sipUsername}" is the extension of ${describeUser(clash)}` }]
      : [{ field: `${fieldPrefix}extension`, message: `"${user.extension}" is the SIP username of ${describeUser(clash)}` }];
  throw new DomainError('conflict', `${fields[0]?.field} ${fields[0]?.message}`, fields);
}

type ForwardingKind = keyof CallForwarding;

function targetsOf(forwarding: CallForwarding): readonly [ForwardingKind, ForwardTarget][] {
  const entries: [ForwardingKind, ForwardTarget | undefined][] = [
    ['always', forwarding.always],
    ['busy', forwarding.busy],
    ['noAnswer', forwarding.noAnswer?.target],
    ['unregistered', forwarding.unregistered],
  ];
  return entries.flatMap(([kind, target]) => (target ? [[kind, target] as [ForwardingKind, ForwardTarget]] : []));
}

/**
 * Each forwarding target that is an extension must be another user of the same tenant, and
 * unconditional forwarding must not lead back to the user through other users' unconditional
 * forwarding (a circle no call could leave).
 */
export async function checkForwarding(
  db: Kysely<DatabaseSchema>,
  user: UserIdentity,
  forwarding: CallForwarding,
  fieldPrefix: string,
): Promise<void> {
  const fields: FieldError[] = [];
  for (const [kind, target] of targetsOf(forwarding)) {
    if (target.kind !== 'extension') continue;
    const field = `${fieldPrefix}forwarding.${kind}${kind === 'noAnswer' ? '.target' : ''}`;
    if (target.extension === user.extension) {
      fields.push({ field, message: 'must not be the user’s own extension' });
    } else if (!(await findUserRow(db, user.tenantId, { extension: target.extension }))) {
      fields.push({ field, message: `extension ${target.extension} does not exist in this tenant` });
    } else if (kind === 'always') {
      const circle = await alwaysCircle(db, user, target.extension);
      if (circle) fields.push({ field, message: `would forward calls in a circle: ${circle.join(' → ')}` });
    }
  }
  if (fields.length > 0) {
    throw validationFailed('forwarding', fields);
  }
}

/** The chain of unconditional forwarding from `start` back to the user, if there is one. */
async function alwaysCircle(db: Kysely<DatabaseSchema>, user: UserIdentity, start: string): Promise<readonly string[] | undefined> {
  const chain = [user.extension];
  for (let next: string | null = start; next !== null && !chain.includes(next); ) {
    chain.push(next);
    const row: UserRow | undefined = await findUserRow(db, user.tenantId, { extension: next });
    const target = row?.forward_always ?? null;
    next = target?.startsWith('+') ? null : target;
    if (next === user.extension) return [...chain, next];
  }
  return undefined;
}

/**
 * Refuses to take away `extension` (by deleting its user or renumbering them) while other
 * users forward calls to it, naming them.
 */
export async function checkNotForwardedTo(
  db: Kysely<DatabaseSchema>,
  user: UserRow,
  what: string,
): Promise<void> {
  const forwarders = (await usersForwardingTo(db, user.tenant_id, user.extension)).filter((row) => row.id !== user.id);
  if (forwarders.length === 0) return;
  const verb = forwarders.length === 1 ? 'forwards' : 'forward';
  throw new DomainError(
    'precondition_failed',
    `${what} while ${listed(forwarders)} ${verb} calls to extension ${user.extension}; change their forwarding first`,
  );
}

/**
 * Refuses to take away `extension` while it is the tenant's reception (where calls to the
 * tenant's numbers without an employee go): they would have nowhere to go.
 */
export async function checkNotReception(db: Kysely<DatabaseSchema>, user: UserRow, what: string): Promise<void> {
  const tenant = await findTenantRow(db, { id: user.tenant_id });
  if (tenant?.reception_extension !== user.extension) return;
  throw new DomainError(
    'precondition_failed',
    `${what} while extension ${user.extension} is the tenant's reception, where calls to numbers without an employee go; set another reception first`,
  );
}
