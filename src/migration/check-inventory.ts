import type { DeviceRow, MigrationEmployeeRow, NumberBlockRow, SiteRow, UserRow } from '../store/index.js';
import { checkEmployees } from './check-employees.js';
import { checkNumberBlocks } from './check-number-blocks.js';
import { checkSites } from './check-sites.js';
import type { ImportContext } from './check-sites.js';
import type { EntityChanges } from './entity-changes.js';
import { IssueList } from './inventory-report.js';
import type { InventoryReport } from './inventory-report.js';

/** The files of one import, as CSV text; a file left out changes nothing of its kind. */
export interface InventoryInput {
  readonly employees?: string | undefined;
  readonly sites?: string | undefined;
  readonly numberBlocks?: string | undefined;
}

/** The tenant's records an import is checked against. */
export interface InventorySnapshot {
  readonly users: readonly UserRow[];
  readonly devices: readonly DeviceRow[];
  readonly sites: readonly SiteRow[];
  readonly blocks: readonly NumberBlockRow[];
  readonly employees: readonly MigrationEmployeeRow[];
}

export interface InventoryChanges {
  readonly sites: EntityChanges<SiteRow>;
  readonly numberBlocks: EntityChanges<NumberBlockRow>;
  readonly users: EntityChanges<UserRow>;
  readonly devices: EntityChanges<DeviceRow>;
  readonly employees: EntityChanges<MigrationEmployeeRow>;
}

export interface InventoryCheck {
  /** Not applied yet. */
  readonly report: InventoryReport;
  /** What applying writes; meaningless when the report has errors. */
  readonly changes: InventoryChanges;
}

/**
 * Checks an import against the tenant's records, without side effects: sites first, then the
 * number blocks (which name sites), then the employees (who name sites and have numbers in
 * the blocks). Every problem of every row is reported.
 */
export function checkInventory(input: InventoryInput, snapshot: InventorySnapshot, context: ImportContext): InventoryCheck {
  const issues = new IssueList();
  const sites = checkSites(input.sites, snapshot.sites, context, issues);
  const blocks = checkNumberBlocks(input.numberBlocks, snapshot.blocks, sites.sites, context, issues);
  const employees = checkEmployees(input.employees, { ...context, ...snapshot, sites: sites.sites, blocks: blocks.blocks }, issues);
  return {
    report: {
      applied: false,
      counts: {
        sites: sites.changes.counts,
        numberBlocks: blocks.changes.counts,
        employees: employees.employees.counts,
        users: employees.users.counts,
        devices: employees.devices.counts,
      },
      errors: issues.errors,
      warnings: issues.warnings,
    },
    changes: { sites: sites.changes, numberBlocks: blocks.changes, users: employees.users, devices: employees.devices, employees: employees.employees },
  };
}
