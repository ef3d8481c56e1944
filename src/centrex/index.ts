export type { Actor } from './actor.js';
export { tenantCreateSchema, tenantNameSchema, tenantPageSchema, tenantSlugSchema, tenantUpdateSchema } from './tenant-schema.js';
export { createTenant, deleteTenant, getTenant, listTenants, updateTenant } from './tenant-service.js';
export type { Tenant, TenantClock, TenantPage } from './tenant-service.js';
