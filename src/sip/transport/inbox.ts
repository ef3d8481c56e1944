import type { ConnectionClosedEvent, InboundMessage, TransportFault, TransportHandlers } from './transport.js';

/** Items in arrival order, each handed to one `take()`, waiting when none has arrived yet. */
class Queue<T> {
  private readonly items: T[] = [];
  private readonly waiting: ((item: T) => void)[] = [];

  put(item: T): void {
    const waiter = this.waiting.shift();
    if (waiter) waiter(item);
    else this.items.push(item);
  }

  take(): Promise<T> {
    const item = this.items.shift();
    if (item !== undefined) return Promise.resolve(item);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  get size(): number {
    return this.items.length;
  }
}

/**
 * Transport handlers that collect what a transport reports, for tests and the lab: pass
 * `inbox.handlers` when opening a transport, then `await inbox.next()`.
 */
export class Inbox {
  private readonly messages = new Queue<InboundMessage>();
  private readonly closed = new Queue<ConnectionClosedEvent>();
  readonly faults: TransportFault[] = [];

  readonly handlers: TransportHandlers = {
    onMessage: (message) => this.messages.put(message),
    onConnectionClosed: (event) => this.closed.put(event),
    onFault: (fault) => this.faults.push(fault),
  };

  /** The next message not yet taken. */
  next(): Promise<InboundMessage> {
    return this.messages.take();
  }

  /** The next connection-closed report not yet taken. */
  nextClosed(): Promise<ConnectionClosedEvent> {
    return this.closed.take();
  }

  /** Messages received and not yet taken. */
  get pending(): number {
    return this.messages.size;
  }
}
