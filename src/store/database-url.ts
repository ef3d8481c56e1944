import { DomainError } from '../kernel/index.js';

export type DialectName = 'sqlite' | 'postgres';

/** Where a database lives, as read from its URL. */
export type DatabaseTarget =
  | { readonly dialect: 'sqlite'; readonly file: string }
  | { readonly dialect: 'postgres'; readonly url: string };

const postgresScheme = /^postgres(?:ql)?:\/\//i;
const otherScheme = /^[a-z][a-z0-9+.-]*:\/\//i;
const sqlitePrefix = 'sqlite:';

/**
 * Reads a database URL: `postgres://…` or `postgresql://…`; `sqlite:path/to/file.db`,
 * `sqlite:/abs/file.db`, `sqlite:///abs/file.db`, `sqlite::memory:`; or a bare file path.
 */
export function parseDatabaseUrl(url: string): DatabaseTarget {
  const text = url.trim();
  if (postgresScheme.test(text)) return { dialect: 'postgres', url: text };
  let file: string;
  if (text.startsWith(sqlitePrefix)) {
    const rest = text.slice(sqlitePrefix.length);
    file = rest.startsWith('//') ? rest.slice(2) : rest;
  } else if (otherScheme.test(text)) {
    throw invalidUrl(`unsupported database URL "${text.split(':')[0] ?? ''}:…": use postgres://…, sqlite:FILE or a file path`);
  } else {
    file = text;
  }
  if (file === '') throw invalidUrl('the database URL names no file');
  return { dialect: 'sqlite', file };
}

function invalidUrl(message: string): DomainError {
  return new DomainError('validation_failed', message, [{ field: 'url', message }]);
}
