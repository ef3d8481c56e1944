import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tenantCreateSchema, tenantNameSchema, tenantSlugSchema, tenantUpdateSchema } from './tenant-schema.js';

const messages = (value: unknown): string[] => {
  const result = tenantSlugSchema.safeParse(value);
  return result.success ? [] : result.error.issues.map((i) => i.message);
};

describe('tenant slug (a DNS label)', () => {
  it.each(['ab', 'acme', 'acme-gmbh', 'a1', 'x-1-2', 'a'.repeat(63), 'koeln-2024'])('accepts %s', (slug) => {
    expect(messages(slug)).toEqual([]);
  });

  it.each([
    ['a', 'must be at least 2 characters'],
    ['a'.repeat(64), 'must be at most 63 characters (a DNS label)'],
    ['Acme', 'may contain only lowercase letters, digits and hyphens'],
    ['acme_gmbh', 'may contain only lowercase letters, digits and hyphens'],
    ['acme.de', 'may contain only lowercase letters, digits and hyphens'],
    ['müller', 'may contain only lowercase letters, digits and hyphens'],
    ['1acme', 'must start with a letter'],
    ['-acme', 'must start with a letter'],
    ['acme-', 'must not end with a hyphen'],
    ['xn--mller-kva', 'must not have hyphens in the third and fourth positions'],
    ['abcdef12-3456-4789-a012-b3c4d5e6f7a8', 'must not have the form of a UUID'],
    [undefined, 'is required'],
    [42, 'must be a string'],
  ])('refuses %j: %s', (slug, message) => {
    expect(messages(slug)).toContain(message);
  });

  it('accepts exactly the strings a DNS label pattern accepts', () => {
    const label = /^[a-z](?:[a-z0-9-]{0,61}[a-z0-9])$/;
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
    const alphabet = fc.constantFrom(...'abcz09-A_.'.split(''));
    fc.assert(
      fc.property(fc.string({ unit: alphabet, maxLength: 70 }), (slug) => {
        const expected = label.test(slug) && slug.slice(2, 4) !== '--' && !uuid.test(slug);
        expect(tenantSlugSchema.safeParse(slug).success).toBe(expected);
      }),
    );
  });
});

describe('tenant name', () => {
  it('is trimmed', () => {
    expect(tenantNameSchema.parse('  Acme GmbH ')).toBe('Acme GmbH');
  });

  it.each(['', '   ', 'a'.repeat(201), 'Acme\nGmbH'])('refuses %j', (name) => {
    expect(tenantNameSchema.safeParse(name).success).toBe(false);
  });
});

describe('tenant create and update inputs', () => {
  it('requires slug and name on create', () => {
    const result = tenantCreateSchema.safeParse({});
    expect(result.success ? [] : result.error.issues.map((i) => i.path.join('.'))).toEqual(['slug', 'name']);
  });

  it('refuses unknown fields', () => {
    expect(tenantCreateSchema.safeParse({ slug: 'acme', name: 'Acme', nmae: 'x' }).success).toBe(false);
    expect(tenantUpdateSchema.safeParse({ title: 'x' }).success).toBe(false);
  });

  it('makes every field optional on update', () => {
    expect(tenantUpdateSchema.parse({})).toEqual({});
    expect(tenantUpdateSchema.parse({ name: ' New ' })).toEqual({ name: 'New' });
  });
});
