import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  DEVICE_STATES,
  EVIDENCE_KINDS,
  EVIDENCE_RESULTS,
  EVIDENCE_SOURCES,
  EVIDENCE_SUBJECT_TYPES,
  GATE_NAMES,
  NUMBER_STATES,
  PROJECT_PHASES,
  TRAINING_STATES,
  advanceMigration,
  changeEmployeeState,
  decommissionMigration,
  employeeTransitionSchema,
  evidencePageSchema,
  evidenceRecordSchema,
  getMigrationStatus,
  listEvidence,
  migrationAdvanceSchema,
  migrationDecommissionSchema,
  migrationStartSchema,
  migrationUpdateSchema,
  recordManualEvidence,
  rollbackMigration,
  startMigration,
  updateMigration,
} from '../migration/index.js';
import type { EmployeeMigrationState, Evidence, GateResult, MigrationProject } from '../migration/index.js';
import type { Database } from '../store/index.js';
import { actorHeaders, apiActor } from './api-actor.js';
import { HttpStatus } from './http-status.js';
import { jsonResponse } from './json-response.js';
import { problemResponses } from './problem-handler.js';
import { tenantParams } from './tenants-routes.js';

export interface MigrationProjectRoutesOptions {
  readonly database: Database;
}

const isoTime = z.iso.datetime().describe('ISO-8601, UTC');
const phase = z.enum(PROJECT_PHASES);

const projectSchema = z
  .object({
    id: z.uuid(),
    tenantId: z.uuid(),
    phase,
    quietDays: z.number().int().describe('Days without a failed check the decommission gate asks for'),
    phaseChangedAt: isoTime,
    decommissionedAt: isoTime.nullable(),
    decommissionedBy: z.string().nullable().describe('Who confirmed the point of no return, `<actor kind>:<actor id>`'),
    createdAt: isoTime,
    updatedAt: isoTime,
  })
  .meta({ id: 'MigrationProject', description: 'A tenant’s migration project and its phase' }) satisfies z.ZodType<MigrationProject>;

const evidenceRefSchema = z
  .object({
    id: z.uuid(),
    kind: z.enum(EVIDENCE_KINDS),
    result: z.enum(EVIDENCE_RESULTS),
    source: z.enum(EVIDENCE_SOURCES).describe('manual: recorded by a person; automatic: belay’s own check'),
    checkedBy: z.string(),
    checkedAt: isoTime,
  })
  .meta({ id: 'EvidenceRef', description: 'An evidence record as a gate cites it' });

const gateResultSchema = z
  .object({
    gate: z.enum(GATE_NAMES),
    description: z.string(),
    passed: z.boolean(),
    missing: z
      .array(
        z.object({
          subject: z.object({ type: z.enum(EVIDENCE_SUBJECT_TYPES), id: z.string(), label: z.string() }),
          reason: z.string(),
          needs: z.enum(EVIDENCE_KINDS).optional().describe('The kind of evidence that would settle it'),
          latest: evidenceRefSchema.optional().describe('The latest such evidence, failed or too old'),
        }),
      )
      .readonly()
      .describe('Everything lacking, per subject'),
    evidence: z.array(evidenceRefSchema).readonly().describe('The evidence the gate relied on'),
    sources: z.object({ manual: z.number().int(), automatic: z.number().int() }),
  })
  .meta({ id: 'GateResult', description: 'What a named gate finds: passed, or exactly what is missing' }) satisfies z.ZodType<GateResult>;

const phaseMoveSchema = z
  .object({ from: phase, to: phase, ready: z.boolean().describe('Every gate passed'), gates: z.array(gateResultSchema).readonly() })
  .meta({ id: 'PhaseMove', description: 'A possible move of the project and what its gates find now' });

const stateCounts = z.record(z.string(), z.number().int());

const statusSchema = z
  .object({
    project: projectSchema,
    employees: z.object({ total: z.number().int(), number: stateCounts, device: stateCounts, training: stateCounts }).describe('Employees per state of each machine'),
    advance: phaseMoveSchema.nullable().describe('The next phase and its gates; null once decommissioned'),
    rollback: phaseMoveSchema.nullable().describe('The way back and its gates, where there is one'),
  })
  .meta({ id: 'MigrationStatus', description: 'Where a tenant’s migration stands' });

const moveOutcomeSchema = z
  .object({ project: projectSchema, gates: z.array(gateResultSchema).readonly().describe('The gates that let the move pass') })
  .meta({ id: 'PhaseMoveOutcome', description: 'The project after a move' });

const rollbackOutcomeSchema = moveOutcomeSchema
  .extend({
    employeesReset: z.number().int().describe('Employees whose number went back to provisional_active'),
    forwardingRemovals: z
      .array(z.object({ forwardingOrderId: z.uuid(), legacyNumber: z.string(), provisionalNumber: z.string(), state: z.string() }))
      .readonly()
      .describe('Forwarding orders still standing at the old provider: ask for their removal there'),
  })
  .meta({ id: 'RollbackOutcome', description: 'The project after a rollback, and what is left to undo at the old provider' });

const evidenceSchema = z
  .object({
    id: z.uuid(),
    tenantId: z.uuid(),
    subject: z.object({ type: z.enum(EVIDENCE_SUBJECT_TYPES), id: z.string() }),
    kind: z.enum(EVIDENCE_KINDS),
    result: z.enum(EVIDENCE_RESULTS),
    source: z.enum(EVIDENCE_SOURCES),
    checkedBy: z.string(),
    checkedAt: isoTime,
    recordedAt: isoTime,
    details: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'Evidence', description: 'One check behind a gate' }) satisfies z.ZodType<Evidence>;

const evidenceListSchema = z
  .object({ items: z.array(evidenceSchema).readonly(), next: z.string().nullable().describe('Pass as `after` for the next page; null on the last page') })
  .meta({ id: 'EvidenceList', description: 'One page of evidence, latest check first' });

const employeeStateSchema = z
  .object({
    id: z.uuid(),
    extension: z.string(),
    name: z.string(),
    legacyNumber: z.string().nullable(),
    provisionalNumber: z.string().nullable(),
    portedNumber: z.string().nullable(),
    numberState: z.enum(NUMBER_STATES),
    deviceState: z.enum(DEVICE_STATES),
    trainingState: z.enum(TRAINING_STATES),
    trainingNote: z.string().nullable(),
    updatedAt: isoTime,
  })
  .meta({ id: 'EmployeeMigrationState', description: 'Where one employee’s migration stands' }) satisfies z.ZodType<EmployeeMigrationState>;

const employeeParams = tenantParams.extend({ employee: z.string().min(1).max(200).describe('The migration employee’s id or extension') });

const body = {
  start: migrationStartSchema.meta({ id: 'MigrationStart' }),
  update: migrationUpdateSchema.meta({ id: 'MigrationUpdate' }),
  advance: migrationAdvanceSchema.meta({ id: 'MigrationAdvance' }),
  decommission: migrationDecommissionSchema.meta({ id: 'MigrationDecommission' }),
  evidence: evidenceRecordSchema.meta({ id: 'EvidenceRecord' }),
  transition: employeeTransitionSchema.meta({ id: 'EmployeeTransition' }),
};

const tags = ['migration'];
const refusals = problemResponses(HttpStatus.badRequest, HttpStatus.notFound, HttpStatus.conflict);

/** `/tenants/:tenant/migration`: the project's phases and gates, the evidence behind them, and the employees' state machines. */
export const migrationProjectRoutes: FastifyPluginAsyncZod<MigrationProjectRoutesOptions> = async (app, { database }) => {
  app.post(
    '/tenants/:tenant/migration',
    {
      schema: {
        summary: 'Start the tenant’s migration project (in the inventory phase)',
        tags,
        headers: actorHeaders,
        params: tenantParams,
        body: body.start,
        response: { [HttpStatus.created]: jsonResponse('The project as started', projectSchema), ...refusals },
      },
    },
    async (request, reply) => reply.code(HttpStatus.created).send(await startMigration(database, request.params.tenant, request.body, apiActor(request.headers))),
  );

  app.get(
    '/tenants/:tenant/migration',
    {
      schema: {
        summary: 'Where the migration stands: phase, employees per state, and what the gates of the next move and of the rollback find now',
        tags,
        params: tenantParams,
        response: { [HttpStatus.ok]: jsonResponse('The status', statusSchema), ...problemResponses(HttpStatus.notFound) },
      },
    },
    async (request) => getMigrationStatus(database, request.params.tenant),
  );

  app.patch(
    '/tenants/:tenant/migration',
    {
      schema: {
        summary: 'Change the project’s settings',
        tags,
        headers: actorHeaders,
        params: tenantParams,
        body: body.update,
        response: { [HttpStatus.ok]: jsonResponse('The project as changed', projectSchema), ...refusals },
      },
    },
    async (request) => updateMigration(database, request.params.tenant, request.body, apiActor(request.headers)),
  );

  app.post(
    '/tenants/:tenant/migration/advance',
    {
      schema: {
        summary: 'Move the project one phase on, if every gate passes (409 listing what each failed gate misses otherwise)',
        tags,
        headers: actorHeaders,
        params: tenantParams,
        body: body.advance,
        response: { [HttpStatus.ok]: jsonResponse('The project after the move', moveOutcomeSchema), ...refusals },
      },
    },
    async (request) => advanceMigration(database, request.params.tenant, request.body, apiActor(request.headers)),
  );

  app.post(
    '/tenants/:tenant/migration/rollback',
    {
      schema: {
        summary: 'Go back from parallel operation to implementation (refused once any number is ported)',
        tags,
        headers: actorHeaders,
        params: tenantParams,
        response: { [HttpStatus.ok]: jsonResponse('The project after the rollback', rollbackOutcomeSchema), ...refusals },
      },
    },
    async (request) => rollbackMigration(database, request.params.tenant, apiActor(request.headers)),
  );

  app.post(
    '/tenants/:tenant/migration/decommission',
    {
      schema: {
        summary: 'The point of no return: release the old system, confirmed by typing the tenant’s name',
        tags,
        headers: actorHeaders,
        params: tenantParams,
        body: body.decommission,
        response: { [HttpStatus.ok]: jsonResponse('The decommissioned project', moveOutcomeSchema), ...refusals },
      },
    },
    async (request) => decommissionMigration(database, request.params.tenant, request.body, apiActor(request.headers)),
  );

  app.post(
    '/tenants/:tenant/migration/evidence',
    {
      schema: {
        summary: 'Record a check a person made (source manual)',
        tags,
        headers: actorHeaders,
        params: tenantParams,
        body: body.evidence,
        response: { [HttpStatus.created]: jsonResponse('The evidence as recorded', evidenceSchema), ...refusals },
      },
    },
    async (request, reply) => reply.code(HttpStatus.created).send(await recordManualEvidence(database, request.params.tenant, request.body, apiActor(request.headers))),
  );

  app.get(
    '/tenants/:tenant/migration/evidence',
    {
      schema: {
        summary: 'List the evidence, latest check first, a page at a time',
        tags,
        params: tenantParams,
        querystring: evidencePageSchema,
        response: { [HttpStatus.ok]: jsonResponse('A page of evidence', evidenceListSchema), ...problemResponses(HttpStatus.badRequest, HttpStatus.notFound) },
      },
    },
    async (request) => listEvidence(database, request.params.tenant, request.query),
  );

  app.post(
    '/tenants/:tenant/migration/employees/:employee/transitions',
    {
      schema: {
        summary: 'Move one of an employee’s machines (number, device, training) along its table',
        tags,
        headers: actorHeaders,
        params: employeeParams,
        body: body.transition,
        response: { [HttpStatus.ok]: jsonResponse('The employee after the move', employeeStateSchema), ...refusals },
      },
    },
    async (request) => changeEmployeeState(database, request.params.tenant, request.params.employee, request.body, apiActor(request.headers)),
  );
};
