import type { ContentType } from './header-values.js';
import { formatParams, scanHeaderParams } from './params.js';
import { TOKEN, fail, ok, scanClass, skipWs } from './scan.js';
import type { Parsed } from './scan.js';

/** `media-type = m-type SLASH m-subtype *(SEMI m-parameter)` (§20.15) */
export function parseContentType(s: string): Parsed<ContentType> {
  const typeEnd = scanClass(s, 0, TOKEN);
  if (typeEnd === 0) return fail('missing media type');
  let i = skipWs(s, typeEnd);
  if (s.charCodeAt(i) !== 47) return fail('missing media subtype');
  i = skipWs(s, i + 1);
  const subEnd = scanClass(s, i, TOKEN);
  if (subEnd === i) return fail('missing media subtype');
  const scanned = scanHeaderParams(s, subEnd);
  if (typeof scanned === 'string') return fail(scanned);
  if (scanned.end !== s.length) return fail('more than one value');
  return ok({ type: s.slice(0, typeEnd).toLowerCase(), subtype: s.slice(i, subEnd).toLowerCase(), params: scanned.params });
}

export function formatContentType(value: ContentType): string {
  return `${value.type}/${value.subtype}${formatParams(value.params)}`;
}

/** `type/subtype` without parameters, e.g. `application/sdp`. */
export function mediaType(value: ContentType): string {
  return `${value.type}/${value.subtype}`;
}
