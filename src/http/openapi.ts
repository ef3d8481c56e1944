import fastifySwagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import { createJsonSchemaTransform, createJsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { z } from 'zod';

export const OPENAPI_PATH = '/api/v1/openapi.json';

export interface OpenApiOptions {
  /** The application version, shown as the document's `info.version`. */
  readonly version: string;
  /** Schemas published under `components.schemas`, by component name. */
  readonly components: Readonly<Record<string, z.ZodType>>;
}

/**
 * Generates the OpenAPI 3.1 document from the route schemas and serves it at
 * {@link OPENAPI_PATH}. Must be installed before the routes it describes. The component
 * registry is this application's own (not zod's global one).
 */
export async function installOpenApi(app: FastifyInstance, options: OpenApiOptions): Promise<void> {
  const schemaRegistry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(options.components)) schemaRegistry.add(schema, { id });

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
        { name: 'operations', description: 'Health, readiness and metrics' },
      ],
    },
    transform: createJsonSchemaTransform({ schemaRegistry }),
    transformObject: createJsonSchemaTransformObject({ schemaRegistry }),
  });

  app.get(OPENAPI_PATH, { schema: { hide: true } }, async () => app.swagger());
}
