export { B2bua, B2BUA_EXTENSIONS, DEFAULT_TRUNK_NO_RESPONSE_MS, defaultCallPolicy } from './b2bua.js';
export type { B2buaOptions, CallPolicy } from './b2bua.js';
export type { Caller, ExternalCaller, UserCaller } from './caller.js';
export { callRouter, decideRoute, defaultRoutePolicy, resolveRoute, routeAfterFailure } from './decide-route.js';
export type {
  CallRouter, Diversion, DiversionReason, ForwardDecision, RingBranch, RingDecision, RingFailure, RingPlan, RouteBindings, RouteCall, RouteDecision,
  RouteDirectory, RoutePlan, RoutePolicy, RouteRejection, RouteTarget, RouteTelephony, RouteWorld,
} from './decide-route.js';
export { trunkBranch } from './trunk-branch.js';
export type { BranchTelephony, TrunkAttempt, TrunkBranch, TrunkIdentity, TrunkRequest } from './trunk-branch.js';
