import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extensionProblem, looksLikeExtension } from './extension.js';

describe('extensions', () => {
  it.each(['10', '20', '99', '201', '1000', '12345678', '111', '1161', '1180'])('accepts %s', (extension) => {
    expect(extensionProblem(extension)).toBeUndefined();
  });

  it.each([
    ['1', 'must be 2 to 8 digits long'],
    ['123456789', 'must be 2 to 8 digits long'],
    ['20a', 'may contain only digits'],
    ['+201', 'may contain only digits'],
    ['0201', 'must not start with 0 (the prefix for outside lines)'],
    ['110', 'is reserved for emergency and special-service numbers (110, 112, 115, 116xxx, 118xx)'],
    ['112', 'is reserved for emergency and special-service numbers (110, 112, 115, 116xxx, 118xx)'],
    ['115', 'is reserved for emergency and special-service numbers (110, 112, 115, 116xxx, 118xx)'],
    ['116117', 'is reserved for emergency and special-service numbers (110, 112, 115, 116xxx, 118xx)'],
    ['11833', 'is reserved for emergency and special-service numbers (110, 112, 115, 116xxx, 118xx)'],
  ])('refuses %s: %s', (extension, message) => {
    expect(extensionProblem(extension)).toBe(message);
  });

  it('takes the shape of an extension for exactly the digit strings of its length not starting with 0', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'0123456789a'), maxLength: 10 }), (text) => {
        expect(looksLikeExtension(text)).toBe(/^[1-9][0-9]{1,7}$/.test(text));
      }),
    );
  });
});
