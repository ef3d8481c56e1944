import { connect, createServer } from 'node:net';
import { listenOn, StreamTransport, type StreamSocketFactory, type StreamTransportOptions } from './stream-transport.js';

export type TcpTransportOptions = StreamTransportOptions;

/** SIP over TCP (RFC 3261 §18): server and client on one listening address. */
export class TcpTransport extends StreamTransport {
  /** Listens; rejects if the address cannot be bound (a configuration error). */
  static async listen(options: TcpTransportOptions): Promise<TcpTransport> {
    const sockets: StreamSocketFactory = {
      protocol: 'tcp',
      server: createServer({ noDelay: true }),
      acceptEvent: 'connection',
      connect: (request) => ({
        socket: connect({
          host: request.host,
          port: request.port,
          noDelay: true,
          ...(request.localAddress === undefined ? {} : { localAddress: request.localAddress }),
        }),
        readyEvent: 'connect',
      }),
    };
    const local = await listenOn(sockets.server, options);
    return new TcpTransport(sockets, local, options);
  }
}
