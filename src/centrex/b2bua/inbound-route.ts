/**
 * Where a call from the public network goes, decided as a pure function over what its INVITE
 * says (`inboundIdentity`), the trunk it came in on, the telephony read model and the directory.
 *
 * The number it is routed by: the originally dialled number when the old provider forwarded the
 * call and that number belongs to an employee (their legacy number, recovered from Diversion or
 * History-Info), else the called number. That number's owner decides: an employee (legacy,
 * provisional or ported number) is rung with all their features; a DDI of the tenant's blocks no
 * employee has, or the trunk's main number, goes to the tenant's reception; a number nobody
 * holds is refused. A tenant's own trunk only reaches that tenant; on a trunk shared by the
 * provider the owner of the number says which tenant the call is for.
 */
import type { Directory, DirectoryTenant } from '../directory/index.js';
import type { InboundIdentity } from '../identity/index.js';
import type { NumberOwner, TelephonyDirectory, TrunkConfig } from '../telephony/index.js';

export type InboundTelephony = Pick<TelephonyDirectory, 'ownerOf' | 'receptionOf'>;
export type InboundDirectory = Pick<Directory, 'tenantById' | 'userById'>;

/** The number a call is for and whose it is. */
export interface InboundAddress {
  readonly tenant: DirectoryTenant;
  /** The number routed by (E.164). */
  readonly number: string;
  readonly owner: NumberOwner | undefined;
}

export type InboundTenant = { readonly ok: true; readonly address: InboundAddress } | { readonly ok: false; readonly reason: string };

/** What the call goes to: an extension of the tenant, or why there is none (`warning`: an administrator should know). */
export type InboundDestination =
  | { readonly ok: true; readonly extension: string; readonly via: 'employee' | 'reception' }
  | { readonly ok: false; readonly reason: string; readonly warning?: string };

/** The owner of `e164` if it is a number of a tenant this trunk may reach. */
function ownerFor(e164: string, trunk: TrunkConfig, telephony: InboundTelephony): NumberOwner | undefined {
  const owner = telephony.ownerOf(e164);
  return owner && (trunk.tenantId === null || owner.tenantId === trunk.tenantId) ? owner : undefined;
}

/** The number the call is routed by, and the tenant it is for. */
export function inboundTenant(identity: InboundIdentity, trunk: TrunkConfig, telephony: InboundTelephony, directory: InboundDirectory): InboundTenant {
  const { called, original } = identity;
  const originalOwner = original ? ownerFor(original.number, trunk, telephony) : undefined;
  const byOriginal = original && originalOwner?.userId ? { number: original.number, owner: originalOwner } : undefined;
  const address = byOriginal ?? (called === undefined ? undefined : { number: called, owner: ownerFor(called, trunk, telephony) });
  if (!address) return { ok: false, reason: 'the INVITE names no number this trunk serves' };
  const tenantId = address.owner?.tenantId ?? trunk.tenantId;
  const tenant = tenantId === null ? undefined : directory.tenantById(tenantId);
  if (!tenant) return { ok: false, reason: `${address.number} is not a number of any tenant` };
  return { ok: true, address: { tenant, ...address } };
}

/** The extension the call for `address` rings. */
export function inboundDestination(address: InboundAddress, telephony: InboundTelephony, directory: InboundDirectory): InboundDestination {
  const { number, owner, tenant } = address;
  if (!owner) return { ok: false, reason: `${number} is not in use` };
  const user = owner.userId === null ? undefined : directory.userById(owner.userId);
  if (user) return { ok: true, extension: user.extension, via: 'employee' };
  const reception = telephony.receptionOf(tenant.id);
  if (reception !== null) return { ok: true, extension: reception, via: 'reception' };
  return {
    ok: false,
    reason: `${number} has no employee, and no reception is set`,
    warning: `a call for ${number} of tenant ${tenant.slug} was refused: the number has no employee and the tenant has no reception extension`,
  };
}
