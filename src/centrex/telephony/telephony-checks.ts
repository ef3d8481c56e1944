import type { Directory } from '../directory/index.js';
import { emergencyNumberFor } from '../identity/index.js';
import type { EmployeeNumbers } from '../identity/index.js';
import type { InMemoryTelephony } from './in-memory-telephony.js';

export const TELEPHONY_CHECK_CODES = ['no_emergency_number', 'no_trunk', 'unusable_trunk', 'no_reception', 'unknown_reception'] as const;
export type TelephonyCheckCode = (typeof TELEPHONY_CHECK_CODES)[number];

/** A configuration error that would break calls once the tenant goes live. */
export interface TelephonyCheck {
  readonly code: TelephonyCheckCode;
  readonly message: string;
  /** The site it concerns (`no_emergency_number`; null for employees without a site). */
  readonly siteId?: string | null;
  /** The employees it concerns. */
  readonly userIds?: readonly string[];
  readonly trunkId?: string;
}

/** Extensions in dial-plan order: 99, 100, 201, 1000. */
const byExtension = (a: string, b: string): number => a.length - b.length || a.localeCompare(b);

function emergencyChecks(tenantId: string, model: InMemoryTelephony, directory: Directory): TelephonyCheck[] {
  const bySite = new Map<string | null, EmployeeNumbers[]>();
  for (const numbers of model.tenantTelephony(tenantId)?.employees ?? []) {
    const siteId = numbers.siteId !== null && model.site(numbers.siteId) ? numbers.siteId : null;
    const employees = bySite.get(siteId);
    if (employees) employees.push(numbers);
    else bySite.set(siteId, [numbers]);
  }
  const checks: (TelephonyCheck & { readonly siteName: string })[] = [];
  for (const [siteId, employees] of bySite) {
    const site = siteId === null ? undefined : model.site(siteId);
    const problems = employees
      .flatMap((numbers) => {
        const found = emergencyNumberFor(numbers, site, (e164) => model.siteOfNumber(e164));
        return 'problem' in found ? [{ userId: numbers.userId, extension: directory.userById(numbers.userId)?.extension ?? numbers.userId, problem: found.problem }] : [];
      })
      .sort((a, b) => byExtension(a.extension, b.extension));
    const first = problems[0];
    if (!first) continue;
    const where = site ? `at site ${site.name}` : 'without a site';
    checks.push({
      code: 'no_emergency_number',
      message: `${problems.length} of ${employees.length} employees ${where} (${problems.map((p) => p.extension).join(', ')}) have no number for emergency calls: ${first.problem}`,
      siteId,
      userIds: problems.map((p) => p.userId),
      siteName: site?.name ?? '',
    });
  }
  // by site name, employees without a site last
  return checks
    .sort((a, b) => Number(a.siteId === null) - Number(b.siteId === null) || a.siteName.localeCompare(b.siteName))
    .map(({ siteName: _, ...check }) => check);
}

function trunkChecks(tenantId: string, model: InMemoryTelephony): TelephonyCheck[] {
  const checks: TelephonyCheck[] = model.unusableTrunks(tenantId).map((t) => ({ code: 'unusable_trunk', message: t.problem, trunkId: t.id }));
  if (model.trunksFor(tenantId).length === 0) {
    checks.push({ code: 'no_trunk', message: 'the tenant has no enabled trunk, its own or shared: no call can reach or leave the public network' });
  }
  return checks;
}

function receptionChecks(tenantId: string, model: InMemoryTelephony, directory: Directory): TelephonyCheck[] {
  const reception = model.receptionOf(tenantId);
  if (reception === null) {
    const ddiBlocks = model.tenantTelephony(tenantId)?.blocks.filter((b) => b.ddi !== null).length ?? 0;
    return ddiBlocks === 0
      ? []
      : [{ code: 'no_reception', message: `the tenant has ${ddiBlocks} number block(s) with DDIs but no reception extension: calls to a DDI without an employee are refused (404)` }];
  }
  return directory.userByExtension(tenantId, reception)
    ? []
    : [{ code: 'unknown_reception', message: `the reception extension ${reception} is no user's: calls to a DDI without an employee are refused (404)` }];
}

/**
 * What would break the tenant's calls once it goes live: employees without a number for
 * emergency calls registered at their site, no usable trunk, DDI calls with nowhere to go.
 * Empty when nothing is wrong.
 */
export function telephonyChecks(tenantId: string, model: InMemoryTelephony, directory: Directory): readonly TelephonyCheck[] {
  return [...emergencyChecks(tenantId, model, directory), ...trunkChecks(tenantId, model), ...receptionChecks(tenantId, model, directory)];
}
