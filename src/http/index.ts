export { API_PREFIX, DEFAULT_BODY_LIMIT, buildApp } from './app.js';
export type { AppDependencies } from './app.js';
export { HttpStatus } from './http-status.js';
export { createMetricsRegistry } from './metrics-plugin.js';
export { OPENAPI_PATH } from './openapi.js';
export type { OpenApiOptions } from './openapi.js';
export { PROBLEM_CONTENT_TYPE, problemSchema } from './problem-handler.js';
export type { Problem } from './problem-handler.js';
