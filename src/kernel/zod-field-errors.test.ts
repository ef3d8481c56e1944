import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { validateInput } from './zod-field-errors.js';

const schema = z.strictObject({
  name: z.string().min(1, 'must not be empty'),
  forwarding: z.strictObject({ busy: z.string('must be text').optional() }).optional(),
});

describe('validateInput', () => {
  it('returns the parsed value', () => {
    expect(validateInput(schema, { name: 'x' }, 'thing')).toEqual({ name: 'x' });
  });

  it('names every bad field by its dotted path, unknown keys included, in one validation_failed error', () => {
    expect(() => validateInput(schema, { name: '', forwarding: { busy: 1, never: 2 }, extra: true }, 'thing')).toThrow(
      expect.objectContaining({
        code: 'validation_failed',
        message: 'invalid thing: name must not be empty; forwarding.busy must be text; forwarding.never is not a known field; extra is not a known field',
        fields: [
          { field: 'name', message: 'must not be empty' },
          { field: 'forwarding.busy', message: 'must be text' },
          { field: 'forwarding.never', message: 'is not a known field' },
          { field: 'extra', message: 'is not a known field' },
        ],
      }),
    );
  });
});
