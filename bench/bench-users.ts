/**
 * The users both servers know: 10,000 who register (and call), and the callee whose single
 * device is the SIPp answering calls. Passwords are random per run. SIPp reads credentials from
 * `-inf` files, one `user;password` line per call.
 */
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BenchUser } from './servers/bench-server.js';

export const REGISTRANTS = 10_000;

export interface BenchUsers {
  readonly registrants: readonly BenchUser[];
  readonly callee: BenchUser;
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** Passwords meet belay's rules: long, of several kinds of character, and without digits they cannot contain the extension. */
const user = (extension: number): BenchUser => ({
  username: String(extension),
  password: `Bench-${[...randomBytes(16)].map((byte) => LETTERS[byte % LETTERS.length]).join('')}`,
});

export function benchUsers(): BenchUsers {
  return { registrants: Array.from({ length: REGISTRANTS }, (_, i) => user(20_000 + i)), callee: user(30_000) };
}

export interface InjectionFiles {
  readonly registrants: string;
  readonly callee: string;
}

export async function writeInjectionFiles(dir: string, users: BenchUsers): Promise<InjectionFiles> {
  const files = { registrants: join(dir, 'registrants.csv'), callee: join(dir, 'callee.csv') };
  const write = (file: string, list: readonly BenchUser[]): Promise<void> =>
    writeFile(file, ['SEQUENTIAL', ...list.map((u) => `${u.username};${u.password}`), ''].join('\n'));
  await Promise.all([write(files.registrants, users.registrants), write(files.callee, [users.callee])]);
  return files;
}
