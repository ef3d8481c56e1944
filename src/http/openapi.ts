import fastifySwagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';

const OPENAPI_PATH = '/api/v1/openapi.json';

export interface OpenApiOptions {
  /** The application version, shown as the document's `info.version`. */
  readonly version: string;
}

const schemaRef = /"#\/components\/schemas\/([^"]+)"/g;
const refsIn = (value: unknown): string[] => [...JSON.stringify(value ?? null).matchAll(schemaRef)].map((m) => m[1] ?? '');

/**
 * Keeps only the component schemas the operations reference (directly or through other
 * components): every schema with a zod `id` is emitted in an input and an output variant,
 * and most are only ever used one way.
 */
function withoutUnusedComponents<D extends object>(document: D): D {
  const { components } = document as { components?: { schemas?: Record<string, unknown> } };
  const schemas = components?.schemas ?? {};
  const used = new Set<string>();
  const pending = refsIn({ ...document, components: { ...components, schemas: {} } });
  for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
    if (used.has(name)) continue;
    used.add(name);
    pending.push(...refsIn(schemas[name]));
  }
  return {
    ...document,
    components: { ...components, schemas: Object.fromEntries(Object.entries(schemas).filter(([name]) => used.has(name))) },
  };
}

/**
 * Generates the OpenAPI 3.1 document from the route schemas (named components are the zod
 * schemas carrying `.meta({ id })`) and serves it at {@link OPENAPI_PATH}. Must be installed
 * before the routes it describes.
 */
export async function installOpenApi(app: FastifyInstance, options: OpenApiOptions): Promise<void> {
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'belay API',
        version: options.version,
        description: 'Administration API of belay, the IP-Centrex for a safe move of a company phone system to the cloud.',
      },
      tags: [
        { name: 'tenants', description: 'Customer companies hosted on this installation' },
        { name: 'users', description: 'A tenant’s employees: extensions, SIP accounts, call forwarding' },
        { name: 'devices', description: 'A tenant’s phone inventory' },
        { name: 'registrations', description: 'Phones registered with the SIP registrar' },
        { name: 'security', description: 'SIP sources blocked after repeated authentication failures' },
        { name: 'calls', description: 'Call records and calls in progress' },
        { name: 'trunks', description: 'SIP trunks to carriers (a tenant’s own or shared), their run-time state, and trunk profiles' },
        { name: 'telephony', description: 'Numbers on the public network: identity, emergency numbers, reception, configuration checks' },
        { name: 'migration inventory', description: 'The old PBX’s inventory: sites, number blocks, employees; the number plan' },
        { name: 'migration', description: 'The migration project: phases, gates, evidence, rollback, decommission' },
        { name: 'forwarding orders', description: 'Forwarding of legacy numbers to provisional numbers at the old provider' },
        { name: 'port orders', description: 'Number porting orders, the port date and its automation' },
        { name: 'audit', description: 'The hash-chained audit log' },
        { name: 'operations', description: 'Health, readiness and metrics' },
      ],
    },
    transform: jsonSchemaTransform,
    transformObject: (document) => withoutUnusedComponents(jsonSchemaTransformObject(document)),
  });

  app.get(OPENAPI_PATH, { schema: { hide: true } }, async () => app.swagger());
}
