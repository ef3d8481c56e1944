import type { Socket } from 'node:net';
import type { Clock, TimerHandle } from '../clock.js';
import { StreamFramer, type StreamFramerLimits } from './stream-framer.js';
import {
  deliver,
  transportError,
  type ConnectionCloseReason,
  type SendResult,
  type TransportAddress,
  type TransportHandlers,
  type TransportProtocol,
} from './transport.js';

export interface StreamConnectionLimits extends StreamFramerLimits {
  /** A connection with no traffic either way for this long is closed. */
  readonly idleTimeoutMs: number;
  /** A message that has begun must be complete within this long (slow-sender protection). */
  readonly incompleteMessageTimeoutMs: number;
  /** Bytes queued towards a peer that is not reading before the connection is given up. */
  readonly maxWriteBacklog: number;
}

export interface StreamConnectionOptions {
  readonly id: string;
  readonly protocol: TransportProtocol;
  /** Connected (and for TLS, handshaken) socket. */
  readonly socket: Socket;
  readonly remote: TransportAddress;
  /** The owning transport's bound address, reported as the local side of every message. */
  readonly local: TransportAddress;
  readonly clock: Clock;
  readonly limits: StreamConnectionLimits;
  readonly handlers: TransportHandlers;
  /** Told once, when the connection has closed for any reason. */
  readonly onClosed: (connection: StreamConnection) => void;
}

/** Reasons that mean the peer misbehaved: the socket is destroyed rather than ended. */
const ABORTIVE: ReadonlySet<ConnectionCloseReason> = new Set([
  'socket_error',
  'incomplete_message_timeout',
  'header_too_large',
  'message_too_large',
  'invalid_content_length',
  'write_backlog',
]);

const PONG = Buffer.from('\r\n');

/** One TCP or TLS connection: frames what arrives, answers pings, enforces its timers. */
export class StreamConnection {
  readonly id: string;
  readonly remote: TransportAddress;
  private readonly framer: StreamFramer;
  private lastActivity: number;
  private idleTimer: TimerHandle | undefined;
  private incompleteTimer: TimerHandle | undefined;
  private closedFor: ConnectionCloseReason | undefined;

  constructor(private readonly options: StreamConnectionOptions) {
    this.id = options.id;
    this.remote = options.remote;
    this.framer = new StreamFramer(options.limits);
    this.lastActivity = options.clock.now();
    const { socket } = options;
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', (error) => {
      options.handlers.onFault?.({
        protocol: options.protocol,
        kind: 'socket_error',
        message: error.message,
        remoteAddress: this.remote.host,
        remotePort: this.remote.port,
      });
      this.close('socket_error');
    });
    socket.on('close', () => this.close('peer_closed'));
    this.scheduleIdleCheck(options.limits.idleTimeoutMs);
  }

  get isOpen(): boolean {
    return this.closedFor === undefined;
  }

  write(data: Buffer): Promise<SendResult> {
    const { socket, limits } = this.options;
    if (!this.isOpen || socket.destroyed) {
      return Promise.resolve(transportError('connection_closed', `connection ${this.id} is closed`));
    }
    if (socket.writableLength + data.length > limits.maxWriteBacklog) {
      this.close('write_backlog');
      return Promise.resolve(transportError('send_failed', `connection ${this.id}: the peer is not reading`));
    }
    this.lastActivity = this.options.clock.now();
    return new Promise((resolve) => {
      socket.write(data, (error) => {
        if (!error) resolve({ ok: true, connectionId: this.id });
        else resolve(transportError('send_failed', `connection ${this.id}: ${error.message}`));
      });
    });
  }

  /** Closes once; later calls (and the socket's own close event) are ignored. */
  close(reason: ConnectionCloseReason): void {
    if (!this.isOpen) return;
    this.closedFor = reason;
    this.idleTimer?.cancel();
    this.incompleteTimer?.cancel();
    const { socket, protocol, handlers } = this.options;
    if (ABORTIVE.has(reason)) socket.destroy();
    else socket.end(() => socket.destroy());
    this.options.onClosed(this);
    handlers.onConnectionClosed?.({
      protocol,
      connectionId: this.id,
      remoteAddress: this.remote.host,
      remotePort: this.remote.port,
      reason,
    });
  }

  private receive(chunk: Buffer): void {
    if (!this.isOpen) return;
    this.lastActivity = this.options.clock.now();
    let completed = false;
    for (const event of this.framer.push(chunk)) {
      if (event.kind === 'failed') {
        this.close(event.reason);
        return;
      }
      if (event.kind === 'ping') {
        this.pong();
      } else {
        completed = true;
        deliver(this.options.handlers, {
          data: event.data,
          source: {
            protocol: this.options.protocol,
            remoteAddress: this.remote.host,
            remotePort: this.remote.port,
            localAddress: this.options.local.host,
            localPort: this.options.local.port,
            connectionId: this.id,
          },
          ...(event.contentLengthMissing ? { contentLengthMissing: true } : {}),
        });
      }
      // A handler may have closed the connection, or a pong may have overrun the backlog.
      if (!this.isOpen) return;
    }
    this.watchIncompleteMessage(completed);
  }

  /** Answers a ping with a single CRLF (RFC 5626 §4.4.1), unless the peer is not reading. */
  private pong(): void {
    if (this.options.socket.writableLength >= this.options.limits.maxWriteBacklog) this.close('write_backlog');
    else this.options.socket.write(PONG);
  }

  /** The clock runs from the start of each message, so a steady stream never trips it. */
  private watchIncompleteMessage(completedOne: boolean): void {
    if (completedOne || !this.framer.hasPartialMessage) {
      this.incompleteTimer?.cancel();
      this.incompleteTimer = undefined;
    }
    if (this.framer.hasPartialMessage && this.incompleteTimer === undefined) {
      this.incompleteTimer = this.options.clock.setTimer(this.options.limits.incompleteMessageTimeoutMs, () =>
        this.close('incomplete_message_timeout'),
      );
    }
  }

  /** One timer per connection, re-armed for the remaining time instead of on every read. */
  private scheduleIdleCheck(delay: number): void {
    this.idleTimer = this.options.clock.setTimer(delay, () => {
      const idleFor = this.options.clock.now() - this.lastActivity;
      const remaining = this.options.limits.idleTimeoutMs - idleFor;
      if (remaining <= 0) this.close('idle_timeout');
      else this.scheduleIdleCheck(remaining);
    });
  }
}
