import { canonicalIp, formatHostPort } from './ip-address.js';
import type { StreamConnection } from './stream-connection.js';
import type { ConnectionCloseReason, TransportAddress, TransportError } from './transport.js';

export type DialOutcome = StreamConnection | TransportError;

const remoteKey = (remote: TransportAddress): string => formatHostPort(canonicalIp(remote.host) ?? remote.host, remote.port);

const isConnection = (outcome: DialOutcome): outcome is StreamConnection => 'id' in outcome;

/**
 * The open connections of one stream transport, findable by id and by remote address, so
 * that a send to a peer reuses the connection it already has, whichever side opened it.
 * Connections being opened count against the limit and are shared by concurrent sends.
 */
export class ConnectionPool {
  private readonly byId = new Map<string, StreamConnection>();
  private readonly byRemote = new Map<string, StreamConnection>();
  private readonly dialling = new Map<string, Promise<DialOutcome>>();

  constructor(private readonly maxConnections: number) {}

  /** Open connections plus connections being opened. */
  get size(): number {
    return this.byId.size + this.dialling.size;
  }

  get hasRoom(): boolean {
    return this.size < this.maxConnections;
  }

  add(connection: StreamConnection): void {
    this.byId.set(connection.id, connection);
    this.byRemote.set(remoteKey(connection.remote), connection);
  }

  /** Forgets a closed connection; another open one to the same peer takes its place. */
  remove(connection: StreamConnection): void {
    this.byId.delete(connection.id);
    const key = remoteKey(connection.remote);
    if (this.byRemote.get(key) !== connection) return;
    this.byRemote.delete(key);
    for (const other of this.byId.values()) {
      if (remoteKey(other.remote) === key) this.byRemote.set(key, other);
    }
  }

  /** The open connection with this id. */
  get(id: string): StreamConnection | undefined {
    const connection = this.byId.get(id);
    return connection?.isOpen ? connection : undefined;
  }

  /**
   * An open connection to `remote`: an existing one, the one being opened by an earlier send,
   * or a new one from `dial` if the limit allows.
   */
  acquire(remote: TransportAddress, dial: () => Promise<DialOutcome>): Promise<DialOutcome> {
    const key = remoteKey(remote);
    const existing = this.byRemote.get(key);
    if (existing?.isOpen) return Promise.resolve(existing);
    const inProgress = this.dialling.get(key);
    if (inProgress) return inProgress;
    if (!this.hasRoom) {
      return Promise.resolve({
        code: 'connection_limit',
        message: `${this.maxConnections} connections are open; not connecting to ${key}`,
      });
    }
    const attempt = dial()
      .then((outcome) => {
        if (isConnection(outcome) && outcome.isOpen) this.add(outcome);
        return outcome;
      })
      .finally(() => this.dialling.delete(key));
    this.dialling.set(key, attempt);
    return attempt;
  }

  closeAll(reason: ConnectionCloseReason): void {
    for (const connection of [...this.byId.values()]) connection.close(reason);
  }
}
