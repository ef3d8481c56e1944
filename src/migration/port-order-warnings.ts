import type { PortOrderState } from './port-order-machine.js';
import type { PortOrderData } from './port-order.js';
import { workingDaysUntil } from './working-days.js';

export const portOrderWarningCodes = ['lead_time', 'not_contract_end', 'contract_end_unknown', 'verbatim_spacing', 'forwarding'] as const;
export type PortOrderWarningCode = (typeof portOrderWarningCodes)[number];

export interface PortOrderWarning {
  readonly code: PortOrderWarningCode;
  readonly message: string;
}

/** The order must reach the losing provider at least ~15 working days before the port (BNetzA, telephony-de §3.3). */
export const portLeadWorkingDays = 15;

const verbatimFields = ['holderName', 'holderStreet', 'holderPostalCode', 'holderCity', 'customerNumber'] as const;

function dateWarnings(order: PortOrderData, today: string): PortOrderWarning[] {
  const warnings: PortOrderWarning[] = [];
  const { requestedDate, atContractEnd, contractEndDate } = order;
  const target = requestedDate ?? (atContractEnd ? contractEndDate : null);
  if (target !== null && target > today) {
    const days = workingDaysUntil(today, target, portLeadWorkingDays);
    if (days < portLeadWorkingDays) {
      warnings.push({
        code: 'lead_time',
        message:
          `the port date ${target} is only ${days} working days away: the losing provider needs the order at least ` +
          `${portLeadWorkingDays} working days before (in practice four weeks or more), so the port may move to a later date`,
      });
    }
  }
  if (contractEndDate === null) {
    warnings.push({
      code: 'contract_end_unknown',
      message: 'the end of the old contract is not recorded: whether the date fits it cannot be checked (numbers are ported at the end of the contract term)',
    });
  } else if (requestedDate !== null && requestedDate < contractEndDate) {
    warnings.push({
      code: 'not_contract_end',
      message: `the date asked for is before the old contract ends (${contractEndDate}): numbers are ported at the end of the contract term unless the losing provider agrees to an earlier date`,
    });
  } else if (requestedDate !== null && requestedDate > contractEndDate) {
    warnings.push({
      code: 'not_contract_end',
      message: `the date asked for is after the old contract ends (${contractEndDate}): the old contract must run until the port, or the numbers can be lost; ask for the contract end instead`,
    });
  }
  return warnings;
}

/**
 * What the administrator should know about an order at `today` (a German calendar date):
 * while it can still be corrected, a port date too close or not at the contract end, and
 * data with stray spaces (kept as typed, compared character for character); until it
 * completes, forwarding still set up at the old provider for `forwardedNumbers` of its numbers.
 */
export function portOrderWarnings(
  order: PortOrderData & { readonly state: PortOrderState },
  context: { readonly today: string; readonly forwardedNumbers: number },
): PortOrderWarning[] {
  const warnings: PortOrderWarning[] = [];
  if (order.state === 'draft' || order.state === 'rejected') {
    warnings.push(...dateWarnings(order, context.today));
    for (const field of verbatimFields) {
      const value = order[field];
      if (value !== null && (value !== value.trim() || /\s\s/.test(value))) {
        warnings.push({
          code: 'verbatim_spacing',
          message: `${field} has leading, trailing or doubled spaces: it is kept exactly as typed, and the losing provider compares it character for character`,
        });
      }
    }
  }
  const open = order.state !== 'completed' && order.state !== 'cancelled';
  if (open && context.forwardedNumbers > 0) {
    const count = context.forwardedNumbers === 1 ? '1 number of this line is' : `${context.forwardedNumbers} numbers of this line are`;
    warnings.push({
      code: 'forwarding',
      message:
        `${count} forwarded at the old provider: ask the losing provider whether the forwarding must be removed before it ports the line ` +
        '(some refuse to port forwarded numbers) or may stay until the Wechseltermin; belay asks for its removal when the port completes',
    });
  }
  return warnings;
}
