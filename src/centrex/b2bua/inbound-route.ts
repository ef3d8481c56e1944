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
 *
 * Which trunk a call came in on: the one whose address it came from. Several trunks may share a
 * carrier's address (two tenants at one carrier); then the Request-URI tells them apart when the
 * carrier sends to the Contact a trunk registered (`trunk-<id>`), and otherwise the tenant that
 * holds the called number has its own trunk at that carrier, or the provider's shared trunk there
 * serves it.
 */
import type { Uri } from '../../sip/index.js';
import type { Directory, DirectoryTenant } from '../directory/index.js';
import type { InboundIdentity } from '../identity/index.js';
import type { NumberOwner, TelephonyDirectory, TrunkConfig } from '../telephony/index.js';
import { trunkIdOfContactUser } from '../trunk/index.js';

export type InboundTelephony = Pick<TelephonyDirectory, 'ownerOf' | 'receptionOf' | 'trunkBySource' | 'trunkById' | 'trunksFor'>;
export type InboundDirectory = Pick<Directory, 'tenantById' | 'userById'>;

/** The number a call is for and whose it is. */
export interface InboundAddress {
  readonly tenant: DirectoryTenant;
  /** The number routed by (E.164). */
  readonly number: string;
  readonly owner: NumberOwner | undefined;
  /** The trunk the call came in on, as it turned out once the number was known. */
  readonly trunk: TrunkConfig;
}

export type InboundTenant = { readonly ok: true; readonly address: InboundAddress } | { readonly ok: false; readonly reason: string };

/** What the call goes to: an extension of the tenant, or why there is none (`warning`: an administrator should know). */
export type InboundDestination =
  | { readonly ok: true; readonly extension: string; readonly via: 'employee' | 'reception' }
  | { readonly ok: false; readonly reason: string; readonly warning?: string };

/** Two trunks at the same carrier (the same address). */
const sameCarrier = (a: TrunkConfig, b: TrunkConfig): boolean => a.host === b.host;

/** The trunk a call from `address` to `requestUri` came in on; undefined when the address is no trunk's. */
export function inboundTrunk(address: string, requestUri: Uri, telephony: InboundTelephony): TrunkConfig | undefined {
  const bySource = telephony.trunkBySource(address);
  if (!bySource) return undefined;
  const namedId = requestUri.kind === 'sip' ? trunkIdOfContactUser(requestUri.user) : undefined;
  const named = namedId === undefined ? undefined : telephony.trunkById(namedId);
  return named?.enabled && sameCarrier(named, bySource) ? named : bySource;
}

/** The owner of `e164` if it is a number of a tenant this call may reach, and the trunk it came in on for that tenant. */
function ownerFor(e164: string, trunk: TrunkConfig, telephony: InboundTelephony): { readonly owner: NumberOwner; readonly trunk: TrunkConfig } | undefined {
  const owner = telephony.ownerOf(e164);
  if (!owner) return undefined;
  if (trunk.tenantId === null || owner.tenantId === trunk.tenantId) return { owner, trunk };
  // the tenant's own trunk there first, then the provider's shared one (`trunksFor` lists them in that order)
  const serving = telephony.trunksFor(owner.tenantId).find((t) => sameCarrier(t, trunk));
  return serving && { owner, trunk: serving };
}

/** The number the call is routed by, and the tenant it is for. */
export function inboundTenant(identity: InboundIdentity, trunk: TrunkConfig, telephony: InboundTelephony, directory: InboundDirectory): InboundTenant {
  const { called, original } = identity;
  const byOriginal = original ? ownerFor(original.number, trunk, telephony) : undefined;
  const byCalled = called === undefined ? undefined : ownerFor(called, trunk, telephony);
  const address =
    original && byOriginal?.owner.userId
      ? { number: original.number, ...byOriginal }
      : called === undefined
        ? undefined
        : { number: called, owner: byCalled?.owner, trunk: byCalled?.trunk ?? trunk };
  if (!address) return { ok: false, reason: 'the INVITE names no number this trunk serves' };
  const tenantId = address.owner?.tenantId ?? address.trunk.tenantId;
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
