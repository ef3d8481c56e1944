/** What the flood test and its server process say to each other over the IPC channel. */
import type { StackStats, TransportAddress } from '../../../src/sip/index.js';
import type { TestServerCounts } from '../../support/sip-test-server.js';

export type ToServer = { readonly type: 'measure' } | { readonly type: 'stop' };

export interface Measurement {
  readonly type: 'measurement';
  /** `process.memoryUsage().heapUsed` after full garbage collections. */
  readonly heapUsed: number;
  readonly stats: StackStats;
  readonly counts: TestServerCounts;
  /** Stateless refusals and drops by cause, e.g. `rejected:malformed`, `dropped:foreign-via`. */
  readonly events: Readonly<Record<string, number>>;
}

export type FromServer = { readonly type: 'ready'; readonly udp: TransportAddress; readonly tcp: TransportAddress } | Measurement;
