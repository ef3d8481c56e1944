/**
 * The E.164 number a URI from a trunk names, whatever the carrier's format: a `sip:` user part
 * (`+49…`, `0049…`, `49…` when the trunk's format says so, national `0…`, with or without
 * `;user=phone`, with visual separators or telephone-subscriber parameters such as `;npdi`) or
 * a `tel:` URI (global, or local with a global `phone-context`).
 */
import { telDigits, unescapeUri } from '../../sip/index.js';
import type { Uri } from '../../sip/index.js';
import { readNumber } from '../numbering/index.js';
import type { NumberFormat } from '../numbering/index.js';

export function numberOfUri(uri: Uri, format?: NumberFormat): string | undefined {
  switch (uri.kind) {
    case 'sip': {
      if (uri.user === undefined) return undefined;
      const subscriber = unescapeUri(uri.user).split(';')[0] ?? '';
      return readNumber(subscriber, format);
    }
    case 'tel': {
      const digits = telDigits(uri);
      if (uri.global) return readNumber(digits, format);
      const context = uri.params.get('phone-context') ?? '';
      return context.startsWith('+') ? readNumber(context + digits, format) : readNumber(digits, format);
    }
    case 'absolute':
      return undefined;
  }
}
