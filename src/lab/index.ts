export { SimulatedCarrier } from './simulated-carrier.js';
export type { SimulatedCarrierOptions, CallOptions } from './simulated-carrier.js';
export type { CarrierTrunk, UpnField, NpnField } from './carrier-trunk.js';
export type { ReceivedCall, SubscriberBehaviour } from './simulated-phone.js';
export type { NetworkCallResult, NetworkCallOptions } from './network-caller.js';
export type { ForwardingStyle } from './redirection.js';
