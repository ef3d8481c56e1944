/** A value the transaction tables guarantee is present; its absence is a bug and throws. */
export function required<T>(value: T | undefined, invariant: string): T {
  if (value === undefined) throw new Error(`transaction invariant broken: ${invariant}`);
  return value;
}
