import { describe, expect, it } from 'vitest';
import type { PortOrderData } from './port-order.js';
import { portOrderSubmitProblems } from './port-order-readiness.js';

const complete: PortOrderData & { numbers: readonly string[] } = {
  holderName: 'Muster  GmbH & Co. KG',
  holderStreet: 'Domstr. 1',
  holderPostalCode: '50668',
  holderCity: 'Köln',
  customerNumber: '1234567890',
  signatoryName: 'Erika Mustermann',
  signatoryRole: null,
  requestedDate: null,
  atContractEnd: true,
  contractEndDate: null,
  numbers: ['+4922147110'],
};
const empty: PortOrderData & { numbers: readonly string[] } = {
  holderName: null,
  holderStreet: null,
  holderPostalCode: null,
  holderCity: null,
  customerNumber: null,
  signatoryName: null,
  signatoryRole: null,
  requestedDate: null,
  atContractEnd: false,
  contractEndDate: null,
  numbers: [],
};

describe('portOrderSubmitProblems', () => {
  it('finds nothing missing in a complete order asking for the contract end', () => {
    expect(portOrderSubmitProblems(complete, '2026-03-02')).toEqual([]);
  });

  it('names every piece of data the port form needs that is missing', () => {
    expect(portOrderSubmitProblems(empty, '2026-03-02')).toEqual([
      { field: 'holderName', message: 'is required before submitting: the line holder exactly as the old provider has it registered' },
      { field: 'holderStreet', message: 'is required before submitting: the holder’s street and house number exactly as registered' },
      { field: 'holderPostalCode', message: 'is required before submitting: the holder’s postal code as registered' },
      { field: 'holderCity', message: 'is required before submitting: the holder’s town as registered' },
      { field: 'customerNumber', message: 'is required before submitting: the customer number at the old provider' },
      { field: 'signatoryName', message: 'is required before submitting: the person authorised to sign for the holder' },
      { field: 'requestedDate', message: 'is required before submitting: a date, or atContractEnd for the end of the old contract' },
      { field: 'numbers', message: 'the order has no numbers' },
    ]);
  });

  it('refuses a requested date that is not after today', () => {
    const today = { ...complete, atContractEnd: false, requestedDate: '2026-03-02' };
    expect(portOrderSubmitProblems(today, '2026-03-02')).toEqual([{ field: 'requestedDate', message: 'must be after today (2026-03-02)' }]);
    expect(portOrderSubmitProblems({ ...today, requestedDate: '2026-03-03' }, '2026-03-02')).toEqual([]);
  });
});
