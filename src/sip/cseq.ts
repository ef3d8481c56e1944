import type { CSeq } from './header-values.js';
import { TOKEN, fail, isWs, ok, parseDigits, scanClass, skipWs } from './scan.js';
import type { Parsed } from './scan.js';

/** §8.1.1.5: the sequence number is a 32-bit unsigned integer below 2**31. */
export const MAX_CSEQ = 2 ** 31 - 1;

/** `CSeq = 1*DIGIT LWS Method` (§20.16) */
export function parseCSeq(s: string): Parsed<CSeq> {
  let i = 0;
  while (i < s.length && !isWs(s.charCodeAt(i))) i++;
  const seq = parseDigits(s.slice(0, i), MAX_CSEQ);
  if (seq === undefined) return fail('invalid sequence number');
  const start = skipWs(s, i);
  if (start === i) return fail('missing method');
  const end = scanClass(s, start, TOKEN);
  if (end === start || end !== s.length) return fail('invalid method');
  return ok({ seq, method: s.slice(start, end) });
}

export function formatCSeq(cseq: CSeq): string {
  return `${cseq.seq} ${cseq.method}`;
}
