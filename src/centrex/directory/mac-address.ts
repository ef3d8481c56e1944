/**
 * MAC addresses as phones and their labels print them (`00:15:65:BD:56:D4`, `00-15-65-bd-56-d4`,
 * `0015.65bd.56d4`, `001565BD56D4`), kept in one form: 12 lowercase hex digits, the way
 * provisioning file names use them.
 */

export type MacAddressParse = { readonly ok: true; readonly mac: string } | { readonly ok: false; readonly message: string };

const separated = /^[0-9a-f]{2}([:-])[0-9a-f]{2}(?:\1[0-9a-f]{2}){4}$/;
const dotted = /^[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4}$/;
const bare = /^[0-9a-f]{12}$/;

export function parseMacAddress(text: string): MacAddressParse {
  const lower = text.trim().toLowerCase();
  if (!separated.test(lower) && !dotted.test(lower) && !bare.test(lower)) {
    return { ok: false, message: 'must be a MAC address of 12 hex digits, e.g. 00:15:65:bd:56:d4 or 001565bd56d4' };
  }
  const mac = lower.replace(/[:.-]/g, '');
  // the least significant bit of the first octet marks group (multicast and broadcast) addresses
  if (Number.parseInt(mac.slice(0, 2), 16) % 2 === 1) return { ok: false, message: 'must be a device’s own (unicast) address, not a group address' };
  if (mac === '000000000000') return { ok: false, message: 'must not be all zeros' };
  return { ok: true, mac };
}
