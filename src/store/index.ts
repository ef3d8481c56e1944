export { appendAudit, exportAuditJsonLines, listAudit, lockAuditChain, verifyAuditChain } from './audit-log.js';
export type { AuditChainVerdict, AuditEntry, AuditFilter, AuditPage } from './audit-log.js';
export { auditPosition } from './audit-position.js';
export { auditChainBreak, auditGenesisHash, auditRowHash, canonicalJson } from './audit-hash.js';
export type { AuditChainBreak, AuditRecord } from './audit-hash.js';
export { allBindingRows, deleteExpiredBindingRows, writeBindingRows } from './binding-repository.js';
export type { BindingRow } from './binding-repository.js';
export { openDatabase } from './database.js';
export { configureSqliteConnection, sqliteFile } from './sqlite.js';
export type { Database, OpenDatabaseOptions } from './database.js';
export { parseDatabaseUrl } from './database-url.js';
export type { DatabaseTarget, DialectName } from './database-url.js';
export { inTransaction } from './in-transaction.js';
export { migrateToLatest } from './migrator.js';
export type {
  AuditHeadTable, AuditLogTable, CallRecordsTable, DatabaseSchema, DevicesTable, RegistrarBindingsTable, TenantsTable, UsersTable,
} from './schema.js';
export { countTenantData, describeTenantData, tenantOwnedTables } from './tenant-data-registry.js';
export type { TenantDataCount, TenantOwnedTable } from './tenant-data-registry.js';
export {
  allTenantRows,
  deleteTenantRow,
  findTenantRow,
  insertTenant,
  listTenantRows,
  tenantRowsByIds,
  updateTenantRow,
} from './tenant-repository.js';
export type { TenantKey, TenantRow, TenantRowCursor } from './tenant-repository.js';
export {
  deleteUserRow,
  findUserRow,
  insertUser,
  listUserRows,
  updateUserRow,
  userRowsWithRealm,
  usersForwardingTo,
  usersWithPassword,
} from './user-repository.js';
export type { UserKey, UserRow, UserRowChanges, UserRowWithRealm } from './user-repository.js';
export { deleteDeviceRow, devicesOfUser, findDeviceRow, insertDevice, listDeviceRows, updateDeviceRow } from './device-repository.js';
export type { DeviceKey, DeviceRow, DeviceRowChanges, DeviceRowCursor } from './device-repository.js';
export { insertCallRecordRowsOn, insertCallRecords, listCallRecordRows } from './cdr-repository.js';
export type { CallRecordRow, CallRecordRowCursor, CallRecordRowFilter } from './cdr-repository.js';
export {
  findPortOrder,
  insertPortOrder,
  listPortOrders,
  portOrdersDueForRetirement,
  portOrdersOfLine,
  portOrdersWithNumber,
  updatePortOrderRow,
} from './port-order-repository.js';
export type { PortOrderRow, PortOrderRowChanges, PortOrderWithNumbersRow } from './port-order-repository.js';
export { findForwardingOrder, insertForwardingOrders, listForwardingOrders, updateForwardingOrderRow } from './forwarding-order-repository.js';
export type { ForwardingOrderListRow, ForwardingOrderRow, ForwardingOrderRowChanges } from './forwarding-order-repository.js';
export type {
  ForwardingOrderStateValue, ForwardingOrdersTable, PortOrderNumbersTable, PortOrderStateValue, PortOrdersTable, PortRejectionCodeValue,
} from './schema.js';
export { findSiteRow, listSiteRows, insertSites, updateSiteRow } from './site-repository.js';
export type { SiteKey, SiteRow, SiteRowChanges } from './site-repository.js';
export { insertNumberBlocks, listNumberBlockRows, updateNumberBlockRow } from './number-block-repository.js';
export type { NumberBlockRow, NumberBlockRowChanges } from './number-block-repository.js';
export {
  findMigrationEmployeeByExtension,
  getMigrationEmployee,
  insertMigrationEmployees,
  listMigrationEmployees,
  updateMigrationEmployee,
} from './migration-employee-repository.js';
export type { MigrationEmployeeChanges, MigrationEmployeeRow, MigrationEmployeeWithUserRow } from './migration-employee-repository.js';
export { holdsMigrationLock, releaseMigrationLock, takeMigrationLock } from './migration-lock-repository.js';
export type { MigrationLockRow } from './migration-lock-repository.js';
export type {
  EmployeeDeviceState, EmployeeNumberState, EmployeeTrainingState, MigrationEmployeesTable, MigrationLocksTable, NumberBlockKind, NumberBlocksTable, SitesTable,
} from './schema.js';
export { findMigrationProjectRow, insertMigrationProject, updateMigrationProjectRow } from './migration-project-repository.js';
export type { MigrationProjectRow, MigrationProjectRowChanges } from './migration-project-repository.js';
export { gateEvidenceRows, insertMigrationEvidence, listMigrationEvidenceRows } from './migration-evidence-repository.js';
export type { MigrationEvidenceRow, MigrationEvidenceRowCursor, MigrationEvidenceRowFilter } from './migration-evidence-repository.js';
export type { MigrationEvidenceTable, MigrationProjectsTable } from './schema.js';
export { insertImportedDevices, insertImportedUsers } from './inventory-repository.js';
export { appendAuditBatch } from './audit-batch.js';
export { telephonyTenantRows, telephonyTrunkRows } from './telephony-queries.js';
export type { TelephonyBlockRow, TelephonyEmployeeRow, TelephonyProfileRow, TelephonySiteRow, TelephonyTenantRow, TelephonyTenantRows, TelephonyTrunkRow, TelephonyTrunkRows } from './telephony-queries.js';
export { deleteTrunkRow, findTrunkRow, insertTrunk, listTrunkRows, trunksWithProfile, updateTrunkRow } from './trunk-repository.js';
export type { TrunkKey, TrunkOwner, TrunkRow, TrunkRowChanges } from './trunk-repository.js';
export { deleteTrunkProfileRow, findTrunkProfileRow, insertTrunkProfile, listTrunkProfileRows, updateTrunkProfileRow } from './trunk-profile-repository.js';
export type { TrunkProfileKey, TrunkProfileRow, TrunkProfileRowChanges } from './trunk-profile-repository.js';
export type { CallDirectionValue, ClassOfServiceValue, TrunkModeValue, TrunkProfilesTable, TrunksTable, TrunkTransportValue } from './schema.js';
