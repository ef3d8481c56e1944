/**
 * The rules for an extension (the internal number of a user): 2–8 digits, not starting with 0
 * (the usual prefix for an outside line, and how national numbers start), and never a number
 * the public network reserves for emergencies and special services, which must always reach
 * the network when dialled: 110, 112, 115, 116xxx, 118xx.
 */

const extensionLength = { min: 2, max: 8 } as const;

const reserved = /^(?:110|112|115|116\d{3}|118\d{2})$/;

/** What is wrong with `text` as an extension, or undefined if it is a valid one. */
export function extensionProblem(text: string): string | undefined {
  if (!/^\d*$/.test(text)) return 'may contain only digits';
  if (text.length < extensionLength.min || text.length > extensionLength.max) {
    return `must be ${extensionLength.min} to ${extensionLength.max} digits long`;
  }
  if (text.startsWith('0')) return 'must not start with 0 (the prefix for outside lines)';
  if (reserved.test(text)) return 'is reserved for emergency and special-service numbers (110, 112, 115, 116xxx, 118xx)';
  return undefined;
}

/** Whether `text` has the shape of an extension (digits of the allowed length, not starting with 0), valid or not. */
export function looksLikeExtension(text: string): boolean {
  return /^[1-9]\d*$/.test(text) && text.length >= extensionLength.min && text.length <= extensionLength.max;
}
