import { describe, expect, it } from 'vitest';
import { BUILTIN_PROFILES } from './trunk-profile.js';
import { trunkProfileDefinitionSchema, trunkProfileSchema } from './trunk-profile-schema.js';

const custom = { name: 'city-carrier', fromUser: 'upn', fromDisplay: 'name', ppi: 'none', pai: 'npn', format: 'national', userPhone: false, diversion: true };

const issues = (value: unknown): string[] => {
  const parsed = trunkProfileSchema.safeParse(value);
  return parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
};

describe('trunkProfileSchema', () => {
  it('takes a custom profile', () => {
    expect(trunkProfileSchema.parse(custom)).toEqual(custom);
  });

  it('every built-in profile is a valid definition', () => {
    for (const { name: _name, ...definition } of Object.values(BUILTIN_PROFILES)) {
      expect(trunkProfileDefinitionSchema.safeParse(definition).success).toBe(true);
    }
  });

  it('refuses a profile that sends the network number nowhere', () => {
    expect(issues({ ...custom, pai: 'upn' })).toEqual([
      'fromUser: the network number must travel somewhere: put it in the From user, P-Preferred-Identity or P-Asserted-Identity, or use the account as From user',
    ]);
    expect(issues({ ...custom, pai: 'none', fromUser: 'npn' })).toEqual([]);
    expect(issues({ ...custom, pai: 'none', fromUser: 'account' })).toEqual([]);
  });

  it('refuses a built-in name, a bad name, unknown formats and unknown keys', () => {
    expect(issues({ ...custom, name: 'telekom' })).toEqual(['name: is the name of a built-in profile']);
    expect(issues({ ...custom, name: 'City Carrier' })).toHaveLength(1);
    expect(issues({ ...custom, format: '+49' })).toHaveLength(1);
    expect(issues({ ...custom, ppi: 'both' })).toHaveLength(1);
    expect(issues({ ...custom, cnam: true })).toHaveLength(1);
    expect(issues({ ...custom, userPhone: undefined })).toHaveLength(1);
  });

  it('the definition the store keeps has no name', () => {
    const { name: _name, ...definition } = custom;
    expect(trunkProfileDefinitionSchema.parse(definition)).toEqual(definition);
    expect(trunkProfileDefinitionSchema.safeParse(custom).success).toBe(false);
  });
});
