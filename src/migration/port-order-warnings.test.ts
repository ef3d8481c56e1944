import { describe, expect, it } from 'vitest';
import type { PortOrderData } from './port-order.js';
import type { PortOrderState } from './port-order-machine.js';
import { portOrderWarnings } from './port-order-warnings.js';

const order = (changes: Partial<PortOrderData & { state: PortOrderState }> = {}): PortOrderData & { state: PortOrderState } => ({
  state: 'draft',
  holderName: 'Muster GmbH',
  holderStreet: 'Domstr. 1',
  holderPostalCode: '50668',
  holderCity: 'Köln',
  customerNumber: '1234567890',
  signatoryName: 'Erika Mustermann',
  signatoryRole: null,
  requestedDate: '2026-06-30',
  atContractEnd: false,
  contractEndDate: '2026-06-30',
  ...changes,
});
const codes = (o: PortOrderData & { state: PortOrderState }, today: string, forwardedNumbers = 0): string[] =>
  portOrderWarnings(o, { today, forwardedNumbers }).map((w) => w.code);

describe('portOrderWarnings', () => {
  it('says nothing about a date at the contract end months ahead', () => {
    expect(codes(order(), '2026-03-02')).toEqual([]);
  });

  it('warns when the port date is fewer than 15 working days away, counting holidays', () => {
    // 2026-03-23 → 2026-04-14: 16 weekdays, but Good Friday and Easter Monday leave 14
    const [warning] = portOrderWarnings(order({ requestedDate: '2026-04-14', contractEndDate: '2026-04-14' }), { today: '2026-03-23', forwardedNumbers: 0 });
    expect(warning).toEqual({
      code: 'lead_time',
      message:
        'the port date 2026-04-14 is only 14 working days away: the losing provider needs the order at least 15 working days before ' +
        '(in practice four weeks or more), so the port may move to a later date',
    });
    expect(codes(order({ requestedDate: '2026-04-15', contractEndDate: '2026-04-15' }), '2026-03-23')).toEqual([]);
    expect(codes(order({ requestedDate: null, atContractEnd: true, contractEndDate: '2026-03-31' }), '2026-03-23')).toEqual(['lead_time']);
  });

  it('warns about a date before or after the contract end, and when the contract end is unknown', () => {
    expect(portOrderWarnings(order({ requestedDate: '2026-05-29' }), { today: '2026-03-02', forwardedNumbers: 0 })[0]?.message).toMatch(
      /^the date asked for is before the old contract ends \(2026-06-30\)/,
    );
    expect(portOrderWarnings(order({ requestedDate: '2026-07-31' }), { today: '2026-03-02', forwardedNumbers: 0 })[0]?.message).toMatch(
      /after the old contract ends \(2026-06-30\): the old contract must run until the port, or the numbers can be lost/,
    );
    expect(codes(order({ contractEndDate: null }), '2026-03-02')).toEqual(['contract_end_unknown']);
  });

  it('points out stray spaces in data kept verbatim, field by field', () => {
    const spaced = order({ holderName: 'Muster  GmbH', holderCity: 'Köln ' });
    expect(portOrderWarnings(spaced, { today: '2026-03-02', forwardedNumbers: 0 }).map((w) => w.message.split(' ')[0])).toEqual(['holderName', 'holderCity']);
  });

  it('warns about forwarding at the old provider until the order completes, and about dates only while it can be corrected', () => {
    const late = { requestedDate: '2026-03-10', contractEndDate: '2026-03-10' };
    expect(codes(order({ ...late, state: 'rejected' }), '2026-03-02', 3)).toEqual(['lead_time', 'forwarding']);
    expect(codes(order({ ...late, state: 'confirmed' }), '2026-03-02', 3)).toEqual(['forwarding']);
    expect(portOrderWarnings(order({ state: 'submitted' }), { today: '2026-03-02', forwardedNumbers: 1 })[0]?.message).toMatch(/^1 number of this line is forwarded/);
    expect(codes(order({ ...late, state: 'completed' }), '2026-03-02', 3)).toEqual([]);
  });
});
