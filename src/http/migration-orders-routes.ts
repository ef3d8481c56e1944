import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  activateForwardingOrder,
  cancelPortOrder,
  completePortOrder,
  confirmForwardingRemoval,
  confirmPortOrder,
  createPortOrder,
  forwardingExportFormats,
  forwardingListDocument,
  forwardingRequestSchema,
  forwardingVerifySchema,
  getForwardingOrder,
  getPortOrder,
  listTenantForwardingOrders,
  listTenantPortOrders,
  portOrderCancelSchema,
  portOrderConfirmSchema,
  portOrderCreateSchema,
  portOrderRejectSchema,
  portOrderRescheduleSchema,
  portOrderUpdateSchema,
  portRequestDocument,
  rejectPortOrder,
  requestForwardingOrders,
  requestForwardingRemoval,
  reschedulePortOrder,
  resubmitPortOrder,
  retireExpiredProvisionals,
  submitPortOrder,
  updatePortOrder,
  verifyForwardingOrder,
} from '../migration/index.js';
import type { Actor } from '../centrex/index.js';
import type { ForwardingOrder, PortOrder } from '../migration/index.js';
import type { Database } from '../store/index.js';
import { actorHeaders, apiActor } from './api-actor.js';
import { HttpStatus } from './http-status.js';
import { jsonResponse } from './json-response.js';
import {
  forwardingOrderSchema,
  forwardingRequestResultSchema,
  portCompletionSchema,
  portOrderSchema,
  provisionalRetirementSchema,
} from './migration-orders-schemas.js';
import { problemResponses } from './problem-handler.js';
import { tenantParams } from './tenants-routes.js';

export interface MigrationOrdersRoutesOptions {
  readonly database: Database;
}

const orderParams = tenantParams.extend({ order: z.string().min(1).max(200).describe('The order id') });
const emptyBody = z.strictObject({}).optional();
const textResponse = (type: string, description: string) => ({ description, content: { [type]: { schema: z.string() } } });

/** The request bodies, named for the OpenAPI document. */
const bodies = {
  create: portOrderCreateSchema.meta({ id: 'PortOrderCreate' }),
  update: portOrderUpdateSchema.meta({ id: 'PortOrderUpdate' }),
  confirm: portOrderConfirmSchema.meta({ id: 'PortOrderConfirm' }),
  reject: portOrderRejectSchema.meta({ id: 'PortOrderReject' }),
  reschedule: portOrderRescheduleSchema.meta({ id: 'PortOrderReschedule' }),
  cancel: portOrderCancelSchema.meta({ id: 'PortOrderCancel' }),
  forwarding: forwardingRequestSchema.meta({ id: 'ForwardingOrdersRequest' }),
  verify: forwardingVerifySchema.meta({ id: 'ForwardingTestCall' }),
};

type Step<Result> = (database: Database, tenant: string, id: string, body: unknown, actor: Actor) => Promise<Result>;

/** The steps of a port order's state chart: `POST /tenants/:tenant/port-orders/:order/<step>`. */
const portOrderSteps: readonly { path: string; summary: string; body: z.ZodType; run: Step<PortOrder> }[] = [
  { path: 'submit', summary: 'Submit a draft to the losing provider (refused, naming each, while data is missing)', body: emptyBody, run: (d, t, id, _b, a) => submitPortOrder(d, t, id, a) },
  { path: 'reject', summary: 'Record the losing provider’s rejection (RNG, ADF, AIF, WAI, KNI, VAE, SON)', body: bodies.reject, run: (d, t, id, b, a) => rejectPortOrder(d, t, id, b, a) },
  { path: 'resubmit', summary: 'Submit a rejected order again once the rejected data is corrected', body: emptyBody, run: (d, t, id, _b, a) => resubmitPortOrder(d, t, id, a) },
  { path: 'confirm', summary: 'Record the Wechseltermin (date and porting window)', body: bodies.confirm, run: (d, t, id, b, a) => confirmPortOrder(d, t, id, b, a) },
  { path: 'reschedule', summary: 'Ask for a new port date (TVS-VA)', body: bodies.reschedule, run: (d, t, id, b, a) => reschedulePortOrder(d, t, id, b, a) },
  { path: 'cancel', summary: 'Withdraw the order (STR-AUF)', body: bodies.cancel, run: (d, t, id, b, a) => cancelPortOrder(d, t, id, b, a) },
];

/** The steps of a forwarding order: `POST /tenants/:tenant/forwarding-orders/:order/<step>`. */
const forwardingSteps: readonly { path: string; summary: string; body: z.ZodType; run: Step<ForwardingOrder> }[] = [
  { path: 'activate', summary: 'The old provider has set the forwarding up', body: emptyBody, run: (d, t, id, _b, a) => activateForwardingOrder(d, t, id, a) },
  { path: 'verify', summary: 'A test call through the forwarding reached the employee (recorded as manual evidence)', body: bodies.verify, run: (d, t, id, b, a) => verifyForwardingOrder(d, t, id, b ?? {}, a) },
  { path: 'request-removal', summary: 'Ask for the forwarding to be taken down', body: emptyBody, run: (d, t, id, _b, a) => requestForwardingRemoval(d, t, id, a) },
  { path: 'confirm-removal', summary: 'The old provider has taken the forwarding down', body: emptyBody, run: (d, t, id, _b, a) => confirmForwardingRemoval(d, t, id, a) },
];

/** Port orders, forwarding orders and the port-date automation of a tenant's migration. */
export const migrationOrdersRoutes: FastifyPluginAsyncZod<MigrationOrdersRoutesOptions> = async (app, { database }) => {
  app.post(
    '/tenants/:tenant/port-orders',
    {
      schema: {
        summary: 'Draw up a port order for one line at one old provider (all of its numbers)',
        tags: ['port orders'],
        headers: actorHeaders,
        params: tenantParams,
        body: bodies.create,
        response: { [HttpStatus.created]: jsonResponse('The draft', portOrderSchema), ...problemResponses(HttpStatus.badRequest, HttpStatus.notFound, HttpStatus.conflict) },
      },
    },
    async (request, reply) => {
      const order = await createPortOrder(database, request.params.tenant, request.body, apiActor(request.headers));
      return reply.code(HttpStatus.created).header('location', `${app.prefix}/tenants/${order.tenantId}/port-orders/${order.id}`).send(order);
    },
  );

  app.get(
    '/tenants/:tenant/port-orders',
    {
      schema: {
        summary: 'List a tenant’s port orders, oldest first',
        tags: ['port orders'],
        params: tenantParams,
        response: { [HttpStatus.ok]: jsonResponse('The port orders', z.object({ items: z.array(portOrderSchema).readonly() })), ...problemResponses(HttpStatus.notFound) },
      },
    },
    async (request) => ({ items: await listTenantPortOrders(database, request.params.tenant) }),
  );

  app.get(
    '/tenants/:tenant/port-orders/:order',
    {
      schema: {
        summary: 'Show a port order with its warnings',
        tags: ['port orders'],
        params: orderParams,
        response: { [HttpStatus.ok]: jsonResponse('The port order', portOrderSchema), ...problemResponses(HttpStatus.notFound) },
      },
    },
    async (request) => getPortOrder(database, request.params.tenant, request.params.order),
  );

  app.patch(
    '/tenants/:tenant/port-orders/:order',
    {
      schema: {
        summary: 'Correct a draft or rejected order (values kept exactly as typed)',
        tags: ['port orders'],
        headers: actorHeaders,
        params: orderParams,
        body: bodies.update,
        response: { [HttpStatus.ok]: jsonResponse('The order as corrected', portOrderSchema), ...problemResponses(HttpStatus.badRequest, HttpStatus.notFound, HttpStatus.conflict) },
      },
    },
    async (request) => updatePortOrder(database, request.params.tenant, request.params.order, request.body, apiActor(request.headers)),
  );

  for (const step of portOrderSteps) {
    app.post(
      `/tenants/:tenant/port-orders/:order/${step.path}`,
      {
        schema: {
          summary: step.summary,
          tags: ['port orders'],
          headers: actorHeaders,
          params: orderParams,
          body: step.body,
          response: { [HttpStatus.ok]: jsonResponse('The order after the step', portOrderSchema), ...problemResponses(HttpStatus.badRequest, HttpStatus.notFound, HttpStatus.conflict) },
        },
      },
      async (request) => step.run(database, request.params.tenant, request.params.order, request.body, apiActor(request.headers)),
    );
  }

  app.post(
    '/tenants/:tenant/port-orders/:order/complete',
    {
      schema: {
        summary: 'Record that the numbers have moved: identities switch, forwarding is marked for removal, provisional numbers retire after the grace period',
        tags: ['port orders'],
        headers: actorHeaders,
        params: orderParams,
        body: emptyBody,
        response: { [HttpStatus.ok]: jsonResponse('What the completion did', portCompletionSchema), ...problemResponses(HttpStatus.notFound, HttpStatus.conflict) },
      },
    },
    async (request) => completePortOrder(database, request.params.tenant, request.params.order, apiActor(request.headers)),
  );

  app.get(
    '/tenants/:tenant/port-orders/:order/port-request',
    {
      schema: {
        summary: 'The printable port request for signature (HTML, in German)',
        tags: ['port orders'],
        params: orderParams,
        response: { [HttpStatus.ok]: textResponse('text/html', 'A printable page'), ...problemResponses(HttpStatus.notFound) },
      },
    },
    async (request, reply) => reply.type('text/html; charset=utf-8').send(await portRequestDocument(database, request.params.tenant, request.params.order)),
  );

  app.post(
    '/port-automation/retire-provisionals',
    {
      schema: {
        summary: 'Retire the provisional numbers whose grace period after the port has ended (every tenant; belay serve runs it periodically)',
        tags: ['port orders'],
        response: { [HttpStatus.ok]: jsonResponse('What the run did', provisionalRetirementSchema) },
      },
    },
    async () => retireExpiredProvisionals(database, Date.now()),
  );

  app.post(
    '/tenants/:tenant/forwarding-orders',
    {
      schema: {
        summary: 'Order forwarding legacy → provisional number at the old provider (named employees, or everyone ready)',
        tags: ['forwarding orders'],
        headers: actorHeaders,
        params: tenantParams,
        body: bodies.forwarding,
        response: { [HttpStatus.created]: jsonResponse('The orders placed', forwardingRequestResultSchema), ...problemResponses(HttpStatus.badRequest, HttpStatus.notFound, HttpStatus.conflict) },
      },
    },
    async (request, reply) => reply.code(HttpStatus.created).send(await requestForwardingOrders(database, request.params.tenant, request.body, apiActor(request.headers))),
  );

  app.get(
    '/tenants/:tenant/forwarding-orders',
    {
      schema: {
        summary: 'List a tenant’s forwarding orders by legacy number',
        tags: ['forwarding orders'],
        params: tenantParams,
        response: { [HttpStatus.ok]: jsonResponse('The forwarding orders', z.object({ items: z.array(forwardingOrderSchema).readonly() })), ...problemResponses(HttpStatus.notFound) },
      },
    },
    async (request) => ({ items: await listTenantForwardingOrders(database, request.params.tenant) }),
  );

  app.get(
    '/tenants/:tenant/forwarding-orders/:order',
    {
      schema: {
        summary: 'Show a forwarding order',
        tags: ['forwarding orders'],
        params: orderParams,
        response: { [HttpStatus.ok]: jsonResponse('The forwarding order', forwardingOrderSchema), ...problemResponses(HttpStatus.notFound) },
      },
    },
    async (request) => getForwardingOrder(database, request.params.tenant, request.params.order),
  );

  for (const step of forwardingSteps) {
    app.post(
      `/tenants/:tenant/forwarding-orders/:order/${step.path}`,
      {
        schema: {
          summary: step.summary,
          tags: ['forwarding orders'],
          headers: actorHeaders,
          params: orderParams,
          body: step.body,
          response: { [HttpStatus.ok]: jsonResponse('The order after the step', forwardingOrderSchema), ...problemResponses(HttpStatus.badRequest, HttpStatus.notFound, HttpStatus.conflict) },
        },
      },
      async (request) => step.run(database, request.params.tenant, request.params.order, request.body, apiActor(request.headers)),
    );
  }

  app.get(
    '/tenants/:tenant/forwarding-list',
    {
      schema: {
        summary: 'The forwarding list for the old provider or the old PBX’s administrator (CSV, or a printable HTML page)',
        tags: ['forwarding orders'],
        params: tenantParams,
        querystring: z.strictObject({ format: z.enum(forwardingExportFormats).default('csv').describe('csv (default) or html') }),
        response: {
          [HttpStatus.ok]: { description: 'The list', content: { 'text/csv': { schema: z.string() }, 'text/html': { schema: z.string() } } },
          ...problemResponses(HttpStatus.badRequest, HttpStatus.notFound),
        },
      },
    },
    async (request, reply) => {
      const { format } = request.query;
      const document = await forwardingListDocument(database, request.params.tenant, format);
      if (format === 'html') return reply.type('text/html; charset=utf-8').send(document);
      return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="forwarding-list-${request.params.tenant}.csv"`).send(document);
    },
  );
};
