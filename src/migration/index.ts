export { DEVICE_STATES, EMPLOYEE_MACHINES, NUMBER_STATES, TRAINING_STATES, employeeMachines, employeeNextStates, employeeTransition, isAtLeast, isEmployeeState } from './employee-machines.js';
export type { DeviceState, EmployeeMachine, EmployeeMachineChart, EmployeeMachineStates, EmployeeTransition, NumberState, TrainingState } from './employee-machines.js';
export { EVIDENCE_KINDS, EVIDENCE_RESULTS, EVIDENCE_SOURCES, EVIDENCE_SUBJECT_TYPES } from './evidence.js';
export type { Evidence, EvidenceKind, EvidenceResult, EvidenceSource, EvidenceSubject, EvidenceSubjectType } from './evidence.js';
export { GATE_NAMES, PROJECT_PHASES, finalPhase, isProjectPhase, nextPhase, phaseChart, rollbackPhase } from './project-phases.js';
export type { GateName, PhaseTransition, ProjectPhase } from './project-phases.js';
export { CONFIRMED_PORT_ORDER_STATES, PORT_ORDER_STATES_IN_PROGRESS, evaluateGate, evaluateTransition, evidenceRef } from './evaluate-gate.js';
export type { EvidenceRef, GateEmployee, GateMissing, GatePolicy, GatePortOrder, GateResult, GateSnapshot, GateSubject, GateTelephony } from './gate-snapshot.js';
export { employeeLabel, migrationEmployeeAuditView, transitionEmployee } from './transition-employee.js';
export { evidenceFromRow, listEvidence, recordEvidence, recordManualEvidence } from './evidence-service.js';
export type { EvidenceInput, EvidencePage } from './evidence-service.js';
export { evidencePageSchema, evidenceRecordSchema } from './evidence-schema.js';
export type { EvidenceRecordInput } from './evidence-schema.js';
export type { MigrationProject } from './migration-project.js';
export { migrationAdvanceSchema, migrationDecommissionSchema, migrationStartSchema, migrationUpdateSchema } from './migration-project-schema.js';
export { defaultQuietDays, getMigrationStatus, startMigration, updateMigration } from './migration-project-service.js';
export type { MigrationStatus, PhaseMove } from './migration-project-service.js';
export { advanceMigration, decommissionMigration, rollbackMigration } from './migration-project-moves.js';
export type { ForwardingRemoval, PhaseMoveOutcome, RollbackOutcome } from './migration-project-moves.js';
export { forwardingTestMaxAgeMs, loadGateSnapshot } from './load-gate-snapshot.js';
export { applyInventory, previewInventory } from './inventory-import.js';
export { inventoryInputSchema } from './inventory-schema.js';
export { INVENTORY_FILES, INVENTORY_ISSUE_CODES } from './inventory-report.js';
export type { ChangeCounts, InventoryCounts, InventoryFile, InventoryIssue, InventoryIssueCode, InventoryReport, IssueSeverity } from './inventory-report.js';
export { parseCsv } from './parse-csv.js';
export type { CsvDelimiter, CsvParse, CsvRecord } from './parse-csv.js';
export { MAX_NATIONAL_DIGITS, parseGermanNumber } from './german-number.js';
export { blockNumber, ddiOf, describeBlock, formatDdiRange, numbersOfBlock } from './number-block.js';
export type { BlockShape } from './number-block.js';
export { employeeFromRow, employeeRecordFromRow, numberBlockFromRow, siteFromRow } from './migration-records.js';
export type { MigrationEmployee, MigrationEmployeeRecord, NumberBlock, OldDevice, Site } from './migration-records.js';
export { newEmployeeRow } from './new-employee-row.js';
export { withMigrationLock } from './migration-lock.js';
export type { MigrationOperation } from './migration-lock.js';
export { forwardingOrderEvents, forwardingOrderStates, forwardingOrderTransitions } from './forwarding-order-machine.js';
export type { ForwardingOrderEvent, ForwardingOrderState } from './forwarding-order-machine.js';
export { portOrderEvents, portOrderStates, portOrderTransitions } from './port-order-machine.js';
export type { PortOrderEvent, PortOrderState } from './port-order-machine.js';
export { portRejectionCodeNames, portRejectionCodes } from './port-rejection-codes.js';
export type { PortRejectionCode, PortRejectionCodeName } from './port-rejection-codes.js';
export type { PortOrder, PortOrderRecord, PortOrderRejection, PortingWindow } from './port-order.js';
export type { PortOrderWarning, PortOrderWarningCode } from './port-order-warnings.js';
export { portOrderCancelSchema, portOrderConfirmSchema, portOrderCreateSchema, portOrderRejectSchema, portOrderRescheduleSchema, portOrderUpdateSchema } from './port-order-schema.js';
export { createPortOrder, defaultProvisionalGraceDays, getPortOrder, listTenantPortOrders, portRequestDocument, updatePortOrder } from './port-order-service.js';
export type { PortChangeOptions } from './port-order-service.js';
export { cancelPortOrder, confirmPortOrder, portAutomationActor, rejectPortOrder, reschedulePortOrder, resubmitPortOrder, submitPortOrder } from './port-order-steps.js';
export type { PortEmployeeMove } from './port-order-steps.js';
export { completePortOrder, onPortedNumberInbound, retireExpiredProvisionals, scheduleProvisionalRetirement } from './port-automation.js';
export type { PortCompletion, PortEmployeeBehind, PortedInboundOutcome, ProvisionalRetirement } from './port-automation.js';
export type { ForwardingOrder } from './forwarding-order.js';
export { forwardingExportFormats, forwardingRequestSchema, forwardingVerifySchema } from './forwarding-order-schema.js';
export type { ForwardingExportFormat } from './forwarding-order-schema.js';
export {
  activateForwardingOrder,
  confirmForwardingRemoval,
  forwardingListDocument,
  getForwardingOrder,
  listTenantForwardingOrders,
  markForwardingForRemoval,
  requestForwardingOrders,
  requestForwardingRemoval,
  verifyForwarding,
  verifyForwardingOrder,
} from './forwarding-order-service.js';
export type { ForwardingRequest, ForwardingTestCall } from './forwarding-order-service.js';
export { changeEmployeeState, employeeMigrationState, employeeTransitionSchema } from './employee-state-service.js';
export type { EmployeeMigrationState } from './employee-state-service.js';
export { auditPageSchema, auditTenantId, exportAudit, listAuditRecords } from './audit-service.js';
export { applyNumberPlan, previewNumberPlan, provisionalNumberSchema, setProvisionalNumber } from './number-plan-service.js';
export type { NumberPlanReport } from './number-plan-service.js';
export { planNumbers } from './number-plan.js';
export type { NumberPlan, NumberPlanCounts, NumberPlanEntry, PlanEmployee, PlanReason } from './number-plan.js';
export { portOrderDataFields } from './port-rejection-codes.js';
export type { PortOrderDataField } from './port-rejection-codes.js';
export { portOrderWarningCodes } from './port-order-warnings.js';
export { describeNumbers } from './number-ranges.js';
export { findTenantEmployee, getTenantEmployee, listTenantEmployees, listTenantNumberBlocks, listTenantSites } from './inventory-queries.js';
