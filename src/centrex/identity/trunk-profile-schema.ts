/**
 * Custom trunk profiles as the API and the store take them. A profile must get the NPN to the
 * carrier somehow: in the From user, in P-Preferred-Identity or P-Asserted-Identity, or through
 * the trunk's account (the carrier knows the account's numbers).
 */
import { z } from 'zod';
import { NUMBER_FORMATS } from '../numbering/index.js';
import { isBuiltinProfileName } from './trunk-profile.js';
import type { TrunkProfile } from './trunk-profile.js';

/** A profile without its name: what the store keeps as the definition of a custom profile. */
export type TrunkProfileDefinition = Omit<TrunkProfile, 'name'>;

const slot = z.enum(['upn', 'npn', 'none']);

const definitionFields = {
  fromUser: z.enum(['upn', 'npn', 'account']),
  fromDisplay: z.enum(['name', 'upn', 'none']),
  ppi: slot,
  pai: slot,
  format: z.enum(NUMBER_FORMATS),
  userPhone: z.boolean(),
  diversion: z.boolean(),
};

function carriesNpn(profile: TrunkProfileDefinition, ctx: z.RefinementCtx): void {
  if (profile.fromUser !== 'upn' || profile.ppi === 'npn' || profile.pai === 'npn') return;
  ctx.addIssue({
    code: 'custom',
    path: ['fromUser'],
    message: 'the network number must travel somewhere: put it in the From user, P-Preferred-Identity or P-Asserted-Identity, or use the account as From user',
  });
}

const profileName = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(64, 'must be at most 64 characters')
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'may contain only lowercase letters, digits, dots, underscores and hyphens, starting with a letter or digit')
  .refine((name) => !isBuiltinProfileName(name), 'is the name of a built-in profile');

export const trunkProfileDefinitionSchema: z.ZodType<TrunkProfileDefinition> = z.strictObject(definitionFields).superRefine(carriesNpn);

export const trunkProfileSchema: z.ZodType<TrunkProfile> = z.strictObject({ name: profileName, ...definitionFields }).superRefine(carriesNpn);
