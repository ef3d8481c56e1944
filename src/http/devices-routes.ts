import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  createDevice,
  deleteDevice,
  deviceCreateSchema,
  devicePageSchema,
  deviceUpdateSchema,
  getDevice,
  listDevices,
  updateDevice,
} from '../centrex/index.js';
import type { Device } from '../centrex/index.js';
import type { Database } from '../store/index.js';
import { actorHeaders, apiActor } from './api-actor.js';
import { HttpStatus } from './http-status.js';
import { jsonResponse } from './json-response.js';
import { problemResponses } from './problem-handler.js';
import { tenantParams } from './tenants-routes.js';

export interface DevicesRoutesOptions {
  readonly database: Database;
}

const deviceSchema = z
  .object({
    id: z.uuid(),
    tenantId: z.uuid(),
    label: z.string(),
    vendor: z.string().nullable(),
    model: z.string().nullable(),
    mac: z.string().describe('12 lowercase hex digits'),
    userId: z.uuid().nullable().describe('The user it is assigned to'),
    createdAt: z.iso.datetime().describe('ISO-8601, UTC'),
    updatedAt: z.iso.datetime().describe('ISO-8601, UTC'),
  })
  .meta({ id: 'Device', description: 'A phone in a tenant’s inventory' }) satisfies z.ZodType<Device>;

const deviceListSchema = z
  .object({
    items: z.array(deviceSchema).readonly(),
    next: z.string().nullable().describe('Pass as `after` to get the next page; null on the last page'),
  })
  .meta({ id: 'DeviceList', description: 'One page of devices, in label order' });

/** The request bodies, named for the OpenAPI document (copies: the centrex schemas stay as they are). */
const deviceCreateBody = deviceCreateSchema.meta({ id: 'DeviceCreate' });
const deviceUpdateBody = deviceUpdateSchema.meta({ id: 'DeviceUpdate' });

const deviceParams = tenantParams.extend({ device: z.string().min(1).max(200).describe('The device id or MAC address') });

/** `/tenants/:tenant/devices`: the tenant's phone inventory. */
export const devicesRoutes: FastifyPluginAsyncZod<DevicesRoutesOptions> = async (app, { database }) => {
  app.post(
    '/tenants/:tenant/devices',
    {
      schema: {
        summary: 'Add a device to the inventory',
        tags: ['devices'],
        headers: actorHeaders,
        params: tenantParams,
        body: deviceCreateBody,
        response: {
          [HttpStatus.created]: jsonResponse('The device as added', deviceSchema),
          ...problemResponses(HttpStatus.badRequest, HttpStatus.notFound, HttpStatus.conflict),
        },
      },
    },
    async (request, reply) => {
      const device = await createDevice(database, request.params.tenant, request.body, apiActor(request.headers));
      return reply
        .code(HttpStatus.created)
        .header('location', `${app.prefix}/tenants/${device.tenantId}/devices/${device.id}`)
        .send(device);
    },
  );

  app.get(
    '/tenants/:tenant/devices',
    {
      schema: {
        summary: 'List a tenant’s devices in label order, a page at a time',
        tags: ['devices'],
        params: tenantParams,
        querystring: devicePageSchema,
        response: {
          [HttpStatus.ok]: jsonResponse('A page of devices', deviceListSchema),
          ...problemResponses(HttpStatus.badRequest, HttpStatus.notFound),
        },
      },
    },
    async (request) => listDevices(database, request.params.tenant, request.query),
  );

  app.get(
    '/tenants/:tenant/devices/:device',
    {
      schema: {
        summary: 'Show a device',
        tags: ['devices'],
        params: deviceParams,
        response: { [HttpStatus.ok]: jsonResponse('The device', deviceSchema), ...problemResponses(HttpStatus.notFound) },
      },
    },
    async (request) => getDevice(database, request.params.tenant, request.params.device),
  );

  app.patch(
    '/tenants/:tenant/devices/:device',
    {
      schema: {
        summary: 'Change a device or its assignment',
        tags: ['devices'],
        headers: actorHeaders,
        params: deviceParams,
        body: deviceUpdateBody,
        response: {
          [HttpStatus.ok]: jsonResponse('The device as changed', deviceSchema),
          ...problemResponses(HttpStatus.badRequest, HttpStatus.notFound, HttpStatus.conflict),
        },
      },
    },
    async (request) => updateDevice(database, request.params.tenant, request.params.device, request.body, apiActor(request.headers)),
  );

  app.delete(
    '/tenants/:tenant/devices/:device',
    {
      schema: {
        summary: 'Remove a device from the inventory',
        tags: ['devices'],
        headers: actorHeaders,
        params: deviceParams,
        response: { [HttpStatus.noContent]: z.undefined().describe('Deleted'), ...problemResponses(HttpStatus.notFound) },
      },
    },
    async (request, reply) => {
      await deleteDevice(database, request.params.tenant, request.params.device, apiActor(request.headers));
      return reply.code(HttpStatus.noContent).send();
    },
  );
};
