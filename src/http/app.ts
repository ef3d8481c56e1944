import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Registry } from 'prom-client';
import type { ActiveCallSource, DirectoryUpdates, SipService, TrunkStatusSource } from '../centrex/index.js';
import type { Database } from '../store/index.js';
import { auditRoutes } from './audit-routes.js';
import { cdrRoutes } from './cdr-routes.js';
import { devicesRoutes } from './devices-routes.js';
import { healthRoutes } from './health-routes.js';
import { installMetrics } from './metrics-plugin.js';
import { migrationProjectRoutes } from './migration-project-routes.js';
import { migrationInventoryRoutes } from './migration-inventory-routes.js';
import { migrationOrdersRoutes } from './migration-orders-routes.js';
import { installOpenApi } from './openapi.js';
import { installProblemHandler } from './problem-handler.js';
import { registrationsRoutes } from './registrations-routes.js';
import { securityRoutes } from './security-routes.js';
import { telephonyRoutes } from './telephony-routes.js';
import { telephonySettingsRoutes } from './telephony-settings-routes.js';
import type { LiveTelephony } from './telephony-routes.js';
import { tenantsRoutes } from './tenants-routes.js';
import { trunkProfilesRoutes } from './trunk-profiles-routes.js';
import { trunksRoutes } from './trunks-routes.js';
import { usersRoutes } from './users-routes.js';

const API_PREFIX = '/api/v1';

/** Largest request body accepted (1 MiB). */
const BODY_LIMIT = 1024 * 1024;

export interface AppDependencies {
  readonly database: Database;
  /** The live directory of the SIP side (`loadDirectory`): every directory change through the API is applied to it. */
  readonly directory: DirectoryUpdates;
  /** BELAY_SIP_DOMAIN: a new tenant's SIP domain is `<slug>.<sipDomain>` unless given. */
  readonly sipDomain: string;
  /** The running SIP service (registrations, blocks); absent where the process serves only the API. */
  readonly sip?: SipService;
  /** The calls in progress (the B2BUA); absent where the process serves only the API. */
  readonly calls?: ActiveCallSource;
  /** The telephony read model (`loadTelephony`) and the directory: identity and configuration checks; absent where the process serves only the API. */
  readonly telephony?: LiveTelephony;
  /** The trunks' run-time states (registrations, calls); absent where the process runs no SIP service (trunks then show as idle). */
  readonly trunkStatus?: TrunkStatusSource;
  readonly logger: FastifyBaseLogger;
  /** Where the HTTP metrics go; see `createMetricsRegistry`. */
  readonly metrics: Registry;
  /** The application version, shown in the OpenAPI document. */
  readonly version: string;
}

/**
 * Once closing begins, every response still being answered says `Connection: close`, so its
 * keep-alive connection ends with it instead of idling on and holding the shutdown open
 * (requests arriving later get Fastify's 503 with the same header).
 */
function closeConnectionsWhenDraining(app: FastifyInstance): void {
  let draining = false;
  app.addHook('preClose', async () => {
    draining = true;
  });
  app.addHook('onSend', async (_request, reply) => {
    if (draining) reply.header('connection', 'close');
  });
}

/** Builds the HTTP application from its dependencies (nothing global); the caller listens and closes it. */
export async function buildApp(deps: AppDependencies): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.logger,
    bodyLimit: BODY_LIMIT,
    genReqId: () => randomUUID(),
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  closeConnectionsWhenDraining(app);
  installProblemHandler(app);
  await installOpenApi(app, { version: deps.version });
  installMetrics(app, deps.metrics);

  await app.register(healthRoutes, { database: deps.database });
  await app.register(tenantsRoutes, { prefix: API_PREFIX, database: deps.database, directory: deps.directory, sipDomain: deps.sipDomain });
  await app.register(usersRoutes, { prefix: API_PREFIX, database: deps.database, directory: deps.directory });
  await app.register(devicesRoutes, { prefix: API_PREFIX, database: deps.database });
  await app.register(registrationsRoutes, { prefix: API_PREFIX, database: deps.database, sip: deps.sip });
  await app.register(securityRoutes, { prefix: API_PREFIX, database: deps.database, sip: deps.sip });
  await app.register(cdrRoutes, { prefix: API_PREFIX, database: deps.database, calls: deps.calls });
  await app.register(migrationProjectRoutes, { prefix: API_PREFIX, database: deps.database });
  await app.register(migrationInventoryRoutes, { prefix: API_PREFIX, database: deps.database, directory: deps.directory });
  await app.register(migrationOrdersRoutes, { prefix: API_PREFIX, database: deps.database });
  await app.register(auditRoutes, { prefix: API_PREFIX, database: deps.database });
  await app.register(telephonyRoutes, { prefix: API_PREFIX, database: deps.database, telephony: deps.telephony });
  await app.register(trunksRoutes, { prefix: API_PREFIX, database: deps.database, trunkStatus: deps.trunkStatus });
  await app.register(trunkProfilesRoutes, { prefix: API_PREFIX, database: deps.database });
  await app.register(telephonySettingsRoutes, { prefix: API_PREFIX, database: deps.database });
  await app.ready();
  return app;
}
