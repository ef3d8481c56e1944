/**
 * Numbers written as compactly as people read them: E.164 numbers of equal length that follow
 * each other form a range, `+4922147110–+4922147119, +49221471125`. The numbers are sorted;
 * duplicates count once.
 */
export function describeNumbers(numbers: Iterable<string>): string {
  const sorted = [...new Set(numbers)].sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0));
  const parts: string[] = [];
  let first: string | undefined;
  let last: string | undefined;
  const flush = (): void => {
    if (first === undefined || last === undefined) return;
    parts.push(first === last ? first : `${first}–${last}`);
  };
  for (const number of sorted) {
    if (last !== undefined && follows(last, number)) {
      last = number;
      continue;
    }
    flush();
    first = last = number;
  }
  flush();
  return parts.join(', ');
}

function follows(previous: string, next: string): boolean {
  if (previous.length !== next.length) return false;
  const digits = (n: string): bigint | undefined => (/^\+?\d+$/.test(n) ? BigInt(n.replace('+', '')) : undefined);
  const a = digits(previous);
  const b = digits(next);
  return a !== undefined && b !== undefined && b - a === 1n;
}
