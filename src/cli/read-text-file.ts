import { readFileSync } from 'node:fs';
import { CommandFailed } from './exit-code.js';

/**
 * A text file as spreadsheets save it: UTF-8 (with or without a byte-order mark), or, when it
 * is not valid UTF-8, Windows-1252 — what German Excel writes for "CSV (Trennzeichen-getrennt)".
 */
export function readTextFile(path: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new CommandFailed(`cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}
