import type { Clock } from '../clock.js';
import type { ParseLimits } from '../parse-limits.js';
import type { TimerConfig } from '../transaction/index.js';
import type { TransportOpener } from '../transport/index.js';
import type { AdmissionLimits } from './admission-control.js';
import type { IdSource } from '../id-source.js';
import type { RequestPolicy } from './request-policy.js';
import type { StackDelegate } from './stack-delegate.js';

/** The address this stack writes into Via sent-by and Contact (it may differ from where it listens, e.g. behind NAT). */
export interface AdvertisedAddress {
  readonly host: string;
  /** Defaults to the port of the transport a message leaves through. */
  readonly port?: number;
}

export interface SipStackOptions {
  /** The transports to open, e.g. `(h) => UdpTransport.listen({ host, port, ...h })`; the stack supplies the handlers. */
  readonly transports: readonly TransportOpener[];
  readonly clock: Clock;
  /** Branch tokens and stateless To tags. */
  readonly ids: IdSource;
  readonly delegate: StackDelegate;
  /** Required when a transport listens on a wildcard address; by default each transport's own address. */
  readonly advertise?: AdvertisedAddress;
  readonly policy?: RequestPolicy;
  readonly admission?: AdmissionLimits;
  readonly parseLimits?: Partial<ParseLimits>;
  readonly timers?: TimerConfig;
  /** Client and server transactions held at once (the transaction layer's own bound); default 3 × `admission.maxServerTransactions`. */
  readonly maxTransactions?: number;
}
