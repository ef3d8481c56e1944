import { describe, expect, it } from 'vitest';
import { portRejectionCodeNames, portRejectionCodes, resubmitProblem } from './port-rejection-codes.js';

describe('port rejection codes', () => {
  it('are the seven codes of the Vorabstimmung, SON alone needing a text', () => {
    expect(portRejectionCodeNames).toEqual(['RNG', 'ADF', 'AIF', 'WAI', 'KNI', 'VAE', 'SON']);
    expect(portRejectionCodeNames.filter((code) => portRejectionCodes[code].needsText)).toEqual(['SON']);
  });

  it('hold back a resubmission after a wrong address until the address is corrected', () => {
    expect(resubmitProblem('ADF', [])).toBe(
      'the order was rejected with ADF (address wrong) and none of holderStreet, holderPostalCode, holderCity has been corrected since: ' +
        'enter the holder’s address exactly as the losing provider has it (see an invoice), character for character',
    );
    expect(resubmitProblem('ADF', ['customerNumber'])).toMatch(/none of holderStreet/);
    expect(resubmitProblem('ADF', ['holderPostalCode'])).toBeUndefined();
    expect(resubmitProblem('KNI', ['holderName'])).toBeUndefined();
  });

  it('let an order rejected for a cause outside its data go again unchanged', () => {
    for (const code of ['RNG', 'VAE', 'SON'] as const) expect(resubmitProblem(code, [])).toBeUndefined();
  });
});
