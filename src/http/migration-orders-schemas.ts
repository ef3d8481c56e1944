import { z } from 'zod';
import {
  forwardingOrderStates,
  portOrderDataFields,
  portOrderStates,
  portOrderWarningCodes,
  portRejectionCodeNames,
} from '../migration/index.js';
import type { ForwardingOrder, ForwardingRequest, PortCompletion, PortOrder, ProvisionalRetirement } from '../migration/index.js';

/** The response bodies of the port and forwarding order routes, named for the OpenAPI document. */

const isoTime = z.iso.datetime().describe('ISO-8601, UTC');
const date = z.string().describe('YYYY-MM-DD');
const e164 = z.string().describe('E.164, e.g. +492214711023');

export const portOrderSchema = z
  .object({
    id: z.uuid(),
    tenantId: z.uuid(),
    oldProvider: z.string(),
    lineId: z.string().describe('The old provider’s line id (Anlagenanschluss)'),
    state: z.enum(portOrderStates),
    numbers: z.array(e164).readonly().describe('Every number of the line, in numeric order'),
    holderName: z.string().nullable().describe('Exactly as typed'),
    holderStreet: z.string().nullable(),
    holderPostalCode: z.string().nullable(),
    holderCity: z.string().nullable(),
    customerNumber: z.string().nullable(),
    signatoryName: z.string().nullable(),
    signatoryRole: z.string().nullable(),
    requestedDate: date.nullable(),
    atContractEnd: z.boolean(),
    contractEndDate: date.nullable(),
    confirmedDate: date.nullable().describe('The Wechseltermin'),
    portingWindow: z.object({ start: z.string(), end: z.string() }).nullable().describe('German local time HH:MM'),
    rejection: z
      .object({ code: z.enum(portRejectionCodeNames), text: z.string().nullable(), at: isoTime, meaning: z.string(), remedy: z.string() })
      .nullable()
      .describe('The last rejection, kept after a resubmission'),
    correctedFields: z.array(z.enum(portOrderDataFields)).readonly().describe('Fields corrected since the last rejection'),
    submissions: z.number().int(),
    provisionalGraceDays: z.number().int(),
    provisionalsRetireAt: isoTime.nullable(),
    cancelReason: z.string().nullable(),
    submittedAt: isoTime.nullable(),
    confirmedAt: isoTime.nullable(),
    completedAt: isoTime.nullable(),
    cancelledAt: isoTime.nullable(),
    createdAt: isoTime,
    updatedAt: isoTime,
    warnings: z.array(z.object({ code: z.enum(portOrderWarningCodes), message: z.string() })).readonly(),
  })
  .meta({ id: 'PortOrder', description: 'One line at one old provider, all of its numbers, on their way to the new network' }) satisfies z.ZodType<PortOrder>;

export const forwardingOrderSchema = z
  .object({
    id: z.uuid(),
    tenantId: z.uuid(),
    employeeId: z.uuid(),
    extension: z.string().nullable(),
    name: z.string().nullable(),
    legacyNumber: e164,
    provisionalNumber: e164,
    state: z.enum(forwardingOrderStates),
    evidenceId: z.uuid().nullable().describe('The evidence of the last passing test call'),
    requestedAt: isoTime,
    activatedAt: isoTime.nullable(),
    verifiedAt: isoTime.nullable(),
    removalRequestedAt: isoTime.nullable(),
    removedAt: isoTime.nullable(),
    createdAt: isoTime,
    updatedAt: isoTime,
  })
  .meta({ id: 'ForwardingOrder', description: 'A forwarding legacy → provisional number at the old provider' }) satisfies z.ZodType<ForwardingOrder>;

const employeeRef = { employeeId: z.uuid(), label: z.string().describe('Extension and name') };

export const forwardingRequestResultSchema = z
  .object({
    created: z.array(forwardingOrderSchema).readonly(),
    skipped: z.array(z.object({ ...employeeRef, reason: z.string() })).readonly().describe('Employees left out, with why'),
  })
  .meta({ id: 'ForwardingRequest', description: 'The forwarding orders placed' }) satisfies z.ZodType<ForwardingRequest>;

const behindSchema = z.object({ ...employeeRef, legacyNumber: e164, numberState: z.string() });

export const portCompletionSchema = z
  .object({
    order: portOrderSchema,
    switched: z.array(z.object({ ...employeeRef, legacyNumber: e164, from: z.string(), to: z.string() })).readonly(),
    behind: z.array(behindSchema).readonly().describe('Employees whose number state could not follow the port'),
    forwardingRemovals: z.array(forwardingOrderSchema).readonly(),
  })
  .meta({ id: 'PortCompletion', description: 'What completing a port did' }) satisfies z.ZodType<PortCompletion>;

export const provisionalRetirementSchema = z
  .object({
    retired: z.array(z.object({ ...employeeRef, provisionalNumber: e164.nullable(), portOrderId: z.uuid() })).readonly(),
    waiting: z.array(behindSchema.extend({ portOrderId: z.uuid() })).readonly().describe('Employees whose ported number is not verified yet'),
  })
  .meta({ id: 'ProvisionalRetirement', description: 'What a retirement run did' }) satisfies z.ZodType<ProvisionalRetirement>;
