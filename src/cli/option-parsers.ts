import { readFileSync } from 'node:fs';
import { InvalidArgumentError, Option } from 'commander';

/** `--json`: print JSON instead of a table. */
export const jsonOption = (): Option => new Option('--json', 'print JSON instead of a table');

export function parsePositiveInteger(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1) throw new InvalidArgumentError(`expected a positive integer, got "${value}"`);
  return n;
}

/**
 * A secret read from a file (one trailing line break dropped), so it never appears in the
 * command line, the shell history or the process list; `/dev/stdin` reads it from a pipe.
 */
export function readSecretFile(path: string): string {
  try {
    return readFileSync(path, 'utf8').replace(/\r?\n$/, '');
  } catch (error) {
    throw new InvalidArgumentError(`cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}
