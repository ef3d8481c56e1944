export { buildApp } from './app.js';
export type { AppDependencies } from './app.js';
export { createMetricsRegistry } from './metrics-plugin.js';
export { problemSchema } from './problem-handler.js';
export type { Problem } from './problem-handler.js';
