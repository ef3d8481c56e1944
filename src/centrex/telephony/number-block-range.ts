/**
 * A tenant's number block as the telephony model keeps it: a base number and a DDI range,
 * whose numbers are recognised by arithmetic, never listed (a block may hold 100,000).
 */
export interface NumberBlockRange {
  readonly id: string;
  readonly tenantId: string;
  readonly kind: 'legacy' | 'provisional';
  /** E.164 without the DDI; the whole number of a single-number block. */
  readonly baseNumber: string;
  /**
   * null for a single number. `digits`: every DDI has that many digits (`00-99` → 2, so `05`);
   * null when the range was written `0-99`: DDIs without leading zeros (`5`, and `05` is not one).
   */
  readonly ddi: { readonly from: number; readonly to: number; readonly digits: number | null } | null;
  readonly siteId: string | null;
}

const isDigits = (text: string): boolean => text.length > 0 && /^\d+$/.test(text);

/** Whether `e164` is one of the block's numbers. */
export function blockHolds(block: NumberBlockRange, e164: string): boolean {
  const { ddi } = block;
  if (!ddi) return e164 === block.baseNumber;
  if (!e164.startsWith(block.baseNumber)) return false;
  const text = e164.slice(block.baseNumber.length);
  if (!isDigits(text)) return false;
  const value = Number(text);
  const width = ddi.digits ?? String(value).length;
  return text.length === width && value >= ddi.from && value <= ddi.to;
}

