import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { setSiteEmergencyNumber, siteEmergencyNumberSchema } from '../centrex/index.js';
import type { Database } from '../store/index.js';
import { actorHeaders, apiActor } from './api-actor.js';
import { HttpStatus } from './http-status.js';
import { jsonResponse } from './json-response.js';
import { siteSchema } from './migration-inventory-routes.js';
import { problemResponses } from './problem-handler.js';
import { tenantParams } from './tenants-routes.js';

export interface TelephonySettingsRoutesOptions {
  readonly database: Database;
}

const emergencyNumberBody = siteEmergencyNumberSchema.meta({ id: 'SiteEmergencyNumberUpdate' });

const siteParams = tenantParams.extend({ site: z.string().min(1).max(200).describe('The site id or name') });

/**
 * `PATCH /tenants/:tenant/migration/sites/:site`: a site's emergency number, on the site the
 * migration inventory lists. (The tenant's reception extension is set with `PATCH /tenants/:tenant`.)
 */
export const telephonySettingsRoutes: FastifyPluginAsyncZod<TelephonySettingsRoutesOptions> = async (app, { database }) => {
  app.patch(
    '/tenants/:tenant/migration/sites/:site',
    {
      schema: {
        summary: 'Set (or remove) the emergency number of a site: a number of the new trunk in the site’s area code',
        tags: ['telephony'],
        headers: actorHeaders,
        params: siteParams,
        body: emergencyNumberBody,
        response: { [HttpStatus.ok]: jsonResponse('The site as changed', siteSchema), ...problemResponses(HttpStatus.badRequest, HttpStatus.notFound) },
      },
    },
    async (request) => setSiteEmergencyNumber(database, request.params.tenant, request.params.site, request.body, apiActor(request.headers)),
  );
};
