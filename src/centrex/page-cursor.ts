import { DomainError } from '../kernel/index.js';

/**
 * The opaque `after` cursor of a paged list: the sort key of the page's last item, as
 * base64url JSON, so clients pass it back without reading it.
 */
export function encodeCursor(key: readonly string[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** The sort key in a cursor made by {@link encodeCursor}; `validation_failed` naming `after` for anything else. */
export function decodeCursor(cursor: string, length: number): readonly string[] {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    value = undefined;
  }
  if (Array.isArray(value) && value.length === length && value.every((part) => typeof part === 'string')) {
    return value as string[];
  }
  const message = 'is not a cursor returned by this list';
  throw new DomainError('validation_failed', `invalid page: after ${message}`, [{ field: 'after', message }]);
}
