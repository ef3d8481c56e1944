export type { Actor } from './actor.js';
export { dnsNameSchema, tenantCreateSchema, tenantNameSchema, tenantPageSchema, tenantSlugSchema, tenantUpdateSchema } from './tenant-schema.js';
export { createTenant, defaultSipDomainParent, deleteTenant, getTenant, listTenants, updateTenant } from './tenant-service.js';
export type { Tenant, TenantCreateOptions, TenantPage } from './tenant-service.js';
export * from './directory/index.js';
