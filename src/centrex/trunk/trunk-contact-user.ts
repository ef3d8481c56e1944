/**
 * The user part of the Contact belay registers for a trunk: `trunk-<trunk id>`. A carrier that
 * addresses its INVITEs to the registered contact puts it in the Request-URI, which tells which
 * trunk a call came in on; it is never a phone number, so the called number is then read from
 * the To header.
 */
const PREFIX = 'trunk-';

export const trunkContactUser = (trunkId: string): string => `${PREFIX}${trunkId}`;

/** The trunk id in a Request-URI user written by {@link trunkContactUser}, else undefined. */
export function trunkIdOfContactUser(user: string | undefined): string | undefined {
  return user?.startsWith(PREFIX) && user.length > PREFIX.length ? user.slice(PREFIX.length) : undefined;
}
