/**
 * Lazily parsed headers. Every header other than the hot ones stays raw in `msg.headers`; a
 * {@link HeaderSpec} knows how to parse one, and {@link header} parses it on first use and
 * caches the result per message (messages are immutable, so the cache never goes stale).
 * Lookup matches full and compact names case-insensitively.
 */
import { headerKey, isHeader } from './header-names.js';
import type { SipMessage } from './message.js';
import type { Parsed } from './scan.js';

export interface HeaderSpec<T> {
  /** The full header name, as a builder writes it. */
  readonly name: string;
  /** {@link headerKey} of the name. */
  readonly key: string;
  /** Parses the values of every line with this name, in order. */
  readonly parse: (values: readonly string[]) => Parsed<T>;
}

export function defineHeader<T>(name: string, parse: (values: readonly string[]) => Parsed<T>): HeaderSpec<T> {
  return { name, key: headerKey(name), parse };
}

/** Values of every line of the named header (full or compact name), in order. */
export function headerValues(msg: SipMessage, name: string): string[] {
  const key = headerKey(name);
  const out: string[] = [];
  for (const field of msg.headers) if (field.name === name || isHeader(field.name, key)) out.push(field.value);
  return out;
}

export function hasHeader(msg: SipMessage, name: string): boolean {
  const key = headerKey(name);
  return msg.headers.some((field) => field.name === name || isHeader(field.name, key));
}

/** Specs and their outcomes, alternating: a message reads a handful of lazy headers at most. */
type Cache = (HeaderSpec<unknown> | Parsed<unknown> | undefined)[];

/**
 * The per-message memo lives in a non-enumerable property: a WeakMap would tax every garbage
 * collection, and an edit (`{ ...msg, ... }`) does not copy non-enumerable properties, so an
 * edited message starts with an empty memo.
 */
const CACHE = Symbol('lazy headers');

function cacheOf(msg: SipMessage): Cache {
  const holder = msg as SipMessage & { [CACHE]?: Cache };
  let cache = holder[CACHE];
  if (!cache) {
    cache = [];
    // a frozen message simply goes without a memo
    if (Object.isExtensible(holder)) Object.defineProperty(holder, CACHE, { value: cache });
  }
  return cache;
}

/** The parse outcome of a header, or `undefined` when the message has no such header. */
export function headerResult<T>(msg: SipMessage, spec: HeaderSpec<T>): Parsed<T> | undefined {
  const cache = cacheOf(msg);
  for (let i = 0; i < cache.length; i += 2) {
    if (cache[i] === spec) return cache[i + 1] as Parsed<T> | undefined;
  }
  const values = headerValues(msg, spec.name);
  const parsed = values.length === 0 ? undefined : spec.parse(values);
  cache.push(spec as HeaderSpec<unknown>, parsed);
  return parsed;
}

/** The parsed header, or `undefined` when absent or malformed (use {@link headerResult} to tell which). */
export function header<T>(msg: SipMessage, spec: HeaderSpec<T>): T | undefined {
  const parsed = headerResult(msg, spec);
  return parsed?.ok ? parsed.value : undefined;
}
