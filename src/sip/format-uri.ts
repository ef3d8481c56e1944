import { formatParams } from './params.js';
import type { Uri } from './uri.js';

/** Writes a URI back as text; parsed components were kept as written, so escapes survive. */
export function formatUri(uri: Uri): string {
  switch (uri.kind) {
    case 'sip': {
      let out = `${uri.scheme}:`;
      if (uri.user !== undefined) out += uri.password !== undefined ? `${uri.user}:${uri.password}@` : `${uri.user}@`;
      out += uri.host;
      if (uri.port !== undefined) out += `:${uri.port}`;
      out += formatParams(uri.params);
      if (uri.headers.length > 0) out += `?${uri.headers.map((h) => `${h.name}=${h.value}`).join('&')}`;
      return out;
    }
    case 'tel':
      return `tel:${uri.number}${formatParams(uri.params)}`;
    case 'absolute':
      return `${uri.scheme}:${uri.opaque}`;
  }
}
