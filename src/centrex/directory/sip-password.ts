import { randomInt } from 'node:crypto';
import { ha1 } from '../../sip/index.js';

/**
 * SIP passwords. A phone's password is typed into its web page or keypad and is attacked by
 * online guessing (toll fraud), so it must be long and not the obvious: 10–64 printable ASCII
 * characters without spaces, at least two kinds of character (lowercase, uppercase, digits,
 * symbols), and not containing the user's SIP username or extension (from 3 characters). belay stores only the
 * Digest HA1 hashes over `username:realm:password` for MD5 and SHA-256.
 */

const passwordLength = { min: 10, max: 64 } as const;

const characterClasses = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/] as const;

/** What is wrong with the password on its own, or undefined. */
export function passwordProblem(password: string): string | undefined {
  if (password.length < passwordLength.min) return `must be at least ${passwordLength.min} characters long`;
  if (password.length > passwordLength.max) return `must be at most ${passwordLength.max} characters long`;
  if (!/^[\x21-\x7e]*$/.test(password)) return 'may contain only printable ASCII characters, without spaces';
  if (characterClasses.filter((c) => c.test(password)).length < 2) {
    return 'must mix at least two kinds of character (lowercase, uppercase, digits, symbols)';
  }
  return undefined;
}

/** Identifiers shorter than this are too common as parts of passwords to be refused there. */
const minIdentifierLength = 3;

/** What is wrong with the password for this user (it must not contain their identifiers), or undefined. */
export function passwordProblemFor(password: string, user: { readonly sipUsername: string; readonly extension: string }): string | undefined {
  const lower = password.toLowerCase();
  const contains = (identifier: string) => identifier.length >= minIdentifierLength && lower.includes(identifier.toLowerCase());
  if (contains(user.sipUsername)) return 'must not contain the SIP username';
  if (contains(user.extension)) return 'must not contain the extension';
  return passwordProblem(password);
}

/** Letters and digits that cannot be mistaken for one another when read off a screen (no 0/O, 1/l/I). */
const generatedAlphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
const generatedLength = 20;

/** A random password (20 characters, about 116 bits) that meets the rules for this user. */
export function generateSipPassword(user: { readonly sipUsername: string; readonly extension: string }): string {
  for (;;) {
    let password = '';
    for (let i = 0; i < generatedLength; i++) password += generatedAlphabet[randomInt(generatedAlphabet.length)];
    if (passwordProblemFor(password, user) === undefined) return password;
  }
}

/** The stored form of a password: its HA1 per hash, bound to the username and realm. */
export function sipPasswordHashes(username: string, realm: string, password: string): { readonly ha1_md5: string; readonly ha1_sha256: string } {
  return { ha1_md5: ha1(username, realm, password, 'MD5'), ha1_sha256: ha1(username, realm, password, 'SHA-256') };
}
