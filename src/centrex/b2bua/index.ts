export { B2bua, B2BUA_EXTENSIONS, defaultCallPolicy } from './b2bua.js';
export type { B2buaOptions, CallPolicy } from './b2bua.js';
export { callRouter, decideRoute, defaultRoutePolicy, resolveRoute, routeAfterFailure } from './decide-route.js';
export type {
  CallRouter, Diversion, DiversionReason, ForwardDecision, RingDecision, RingFailure, RingPlan, RouteBindings, RouteCall, RouteDecision,
  RouteDirectory, RoutePlan, RoutePolicy, RouteRejection,
} from './decide-route.js';
