import type { FieldError } from '../kernel/index.js';
import type { PortOrderData } from './port-order.js';

const requiredBeforeSubmit: readonly [keyof PortOrderData, string][] = [
  ['holderName', 'the line holder exactly as the old provider has it registered'],
  ['holderStreet', 'the holder’s street and house number exactly as registered'],
  ['holderPostalCode', 'the holder’s postal code as registered'],
  ['holderCity', 'the holder’s town as registered'],
  ['customerNumber', 'the customer number at the old provider'],
  ['signatoryName', 'the person authorised to sign for the holder'],
];

/**
 * What keeps an order from going to the losing provider: every piece of data the port form
 * needs (telephony-de §3.3), each named with what it must be, and a requested date after
 * `today` unless the port is asked for at the contract end. Empty when it is ready.
 */
export function portOrderSubmitProblems(order: PortOrderData & { readonly numbers: readonly string[] }, today: string): FieldError[] {
  const problems: FieldError[] = requiredBeforeSubmit
    .filter(([field]) => order[field] === null)
    .map(([field, what]) => ({ field, message: `is required before submitting: ${what}` }));
  if (order.requestedDate === null && !order.atContractEnd) {
    problems.push({ field: 'requestedDate', message: 'is required before submitting: a date, or atContractEnd for the end of the old contract' });
  } else if (order.requestedDate !== null && order.requestedDate <= today) {
    problems.push({ field: 'requestedDate', message: `must be after today (${today})` });
  }
  if (order.numbers.length === 0) problems.push({ field: 'numbers', message: 'the order has no numbers' });
  return problems;
}
