import type { Clock } from '../clock.js';
import { formatHostPort } from './ip-address.js';
import {
  deliver,
  transportError,
  type Destination,
  type SendResult,
  type Transport,
  type TransportAddress,
  type TransportHandlers,
  type TransportProtocol,
} from './transport.js';

export type PacketFate = 'deliver' | 'drop' | 'duplicate';

export interface MemoryPacket {
  readonly protocol: TransportProtocol;
  readonly from: TransportAddress;
  readonly to: TransportAddress;
  readonly data: Buffer;
}

export interface MemoryNetworkOptions {
  /** A reliable network loses nothing and behaves like TCP; otherwise like UDP. Default false. */
  readonly reliable?: boolean;
  /** With a clock, packets arrive `latencyMs` later on it; without, on the next microtask. */
  readonly clock?: Clock;
  readonly latencyMs?: number;
  /** Decides each packet's fate on an unreliable network; by default every packet is delivered. */
  readonly fate?: (packet: MemoryPacket) => PacketFate;
}

export interface MemoryTransportOptions extends TransportHandlers {
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** Defaults to `tcp` on a reliable network and `udp` otherwise. */
  readonly protocol?: TransportProtocol;
}

export interface MemoryNetworkStats {
  readonly sent: number;
  readonly delivered: number;
  readonly dropped: number;
  readonly duplicated: number;
}

const FIRST_FREE_PORT = 40_000;

/**
 * A network inside the process for tests: transports attach at addresses, packets arrive
 * asynchronously, and an unreliable network can drop or duplicate them to exercise
 * retransmission. A reliable network reports connection ids like a stream transport, so
 * responses can be sent back "on the same connection".
 */
export class MemoryNetwork {
  readonly reliable: boolean;
  private readonly attached = new Map<string, MemoryTransport>();
  /** Reliable networks: the two ends of each connection id handed out. */
  private readonly connections = new Map<string, readonly [TransportAddress, TransportAddress]>();
  private fate: ((packet: MemoryPacket) => PacketFate) | undefined;
  private counts = { sent: 0, delivered: 0, dropped: 0, duplicated: 0 };

  constructor(private readonly options: MemoryNetworkOptions = {}) {
    this.reliable = options.reliable ?? false;
    this.setFate(options.fate);
  }

  get stats(): MemoryNetworkStats {
    return { ...this.counts };
  }

  /** Changes packet loss mid-test (undefined delivers everything). Not for reliable networks. */
  setFate(fate: ((packet: MemoryPacket) => PacketFate) | undefined): void {
    if (fate && this.reliable) throw new Error('a reliable memory network cannot drop or duplicate packets');
    this.fate = fate;
  }

  /** Attaches a transport; the address must be free (a test set up twice is a bug). */
  attach(options: MemoryTransportOptions): MemoryTransport {
    const protocol = options.protocol ?? (this.reliable ? 'tcp' : 'udp');
    if ((protocol === 'udp') === this.reliable) {
      throw new Error(`a ${this.reliable ? 'reliable' : 'unreliable'} memory network cannot carry ${protocol}`);
    }
    const port = options.port === 0 ? this.freePort(protocol, options.host) : options.port;
    const key = addressKey(protocol, { host: options.host, port });
    if (this.attached.has(key)) throw new Error(`${key} is already attached to the memory network`);
    const transport = new MemoryTransport(this, protocol, { host: options.host, port }, options);
    this.attached.set(key, transport);
    return transport;
  }

  /** @internal Called by {@link MemoryTransport.send}. */
  transmit(from: MemoryTransport, data: Buffer, destination: Destination): SendResult {
    const peer = this.peerOf(from, destination);
    this.counts.sent++;
    if (!peer) {
      if (this.reliable) return transportError('connect_failed', `nothing listens at ${addressKey(from.protocol, destination)}`);
      this.counts.dropped++;
      return { ok: true };
    }
    const packet: MemoryPacket = { protocol: from.protocol, from: from.local, to: peer.local, data: Buffer.from(data) };
    const fate = this.fate?.(packet) ?? 'deliver';
    if (fate === 'drop') this.counts.dropped++;
    if (fate !== 'drop') this.schedule(packet);
    if (fate === 'duplicate') {
      this.counts.duplicated++;
      this.schedule({ ...packet, data: Buffer.from(data) });
    }
    if (!this.reliable) return { ok: true };
    const connectionId = connectionIdOf(packet);
    this.connections.set(connectionId, [packet.from, packet.to]);
    return { ok: true, connectionId };
  }

  /** @internal */
  detach(transport: MemoryTransport): void {
    this.attached.delete(addressKey(transport.protocol, transport.local));
    for (const [id, ends] of this.connections) {
      if (ends.includes(transport.local)) this.connections.delete(id);
    }
  }

  /** The other end of the named connection while it exists, else whatever listens at host:port. */
  private peerOf(from: MemoryTransport, destination: Destination): MemoryTransport | undefined {
    const ends = destination.connectionId === undefined ? undefined : this.connections.get(destination.connectionId);
    const other = ends?.[0] === from.local ? ends[1] : ends?.[1] === from.local ? ends[0] : undefined;
    return this.attached.get(addressKey(from.protocol, other ?? destination));
  }

  private schedule(packet: MemoryPacket): void {
    const arrive = (): void => {
      const receiver = this.attached.get(addressKey(packet.protocol, packet.to));
      if (!receiver) {
        this.counts.dropped++;
        return;
      }
      this.counts.delivered++;
      receiver.receive(packet, this.reliable ? connectionIdOf(packet) : undefined);
    };
    if (this.options.clock) this.options.clock.setTimer(this.options.latencyMs ?? 0, arrive);
    else queueMicrotask(arrive);
  }

  private freePort(protocol: TransportProtocol, host: string): number {
    let port = FIRST_FREE_PORT;
    while (this.attached.has(addressKey(protocol, { host, port }))) port++;
    return port;
  }
}

const addressKey = (protocol: TransportProtocol, address: TransportAddress): string =>
  `${protocol}:${formatHostPort(address.host, address.port)}`;

/** The same id on both ends, whichever side sent first. */
function connectionIdOf(packet: MemoryPacket): string {
  const ends = [formatHostPort(packet.from.host, packet.from.port), formatHostPort(packet.to.host, packet.to.port)].sort();
  return `memory-${packet.protocol}:${ends.join('<>')}`;
}

/** A transport attached to a {@link MemoryNetwork}. */
export class MemoryTransport implements Transport {
  readonly reliable: boolean;
  private closed = false;

  constructor(
    private readonly network: MemoryNetwork,
    readonly protocol: TransportProtocol,
    readonly local: TransportAddress,
    private readonly handlers: TransportHandlers,
  ) {
    this.reliable = network.reliable;
  }

  send(data: Buffer, destination: Destination): Promise<SendResult> {
    if (this.closed) return Promise.resolve(transportError('transport_closed', 'the memory transport is closed'));
    return Promise.resolve(this.network.transmit(this, data, destination));
  }

  close(): Promise<void> {
    this.closed = true;
    this.network.detach(this);
    return Promise.resolve();
  }

  /** @internal Called by the network when a packet arrives. */
  receive(packet: MemoryPacket, connectionId: string | undefined): void {
    deliver(this.handlers, {
      data: packet.data,
      source: {
        protocol: packet.protocol,
        remoteAddress: packet.from.host,
        remotePort: packet.from.port,
        localAddress: this.local.host,
        localPort: this.local.port,
        ...(connectionId === undefined ? {} : { connectionId }),
      },
    });
  }
}
