import type { TcpSocketConnectOpts } from 'node:net';
import { checkServerIdentity, connect, createServer, type ConnectionOptions } from 'node:tls';
import { canonicalIp, ipFamily } from './ip-address.js';
import { listenOn, StreamTransport, type StreamSocketFactory, type StreamTransportOptions } from './stream-transport.js';

export interface TlsTransportOptions extends StreamTransportOptions {
  /** PEM certificate chain presented as server, and as client when a peer asks for one. */
  readonly cert: string | Buffer;
  /** PEM private key for `cert`. */
  readonly key: string | Buffer;
  /** PEM certificates trusted for peers; the system store when absent. */
  readonly ca?: string | Buffer | readonly (string | Buffer)[];
  /** Ask connecting clients for a certificate (mutual TLS). Default false. */
  readonly requestClientCertificate?: boolean;
  /** Refuse peers whose certificate does not verify. Default true; false only for lab setups. */
  readonly rejectUnauthorized?: boolean;
  /** Default 10 000 ms for an inbound handshake before the socket is dropped. */
  readonly handshakeTimeoutMs?: number;
}

/** SIP over TLS (RFC 3261 §18, §26.3.1): like TCP, with certificates checked both ways. */
export class TlsTransport extends StreamTransport {
  /** Listens; rejects if the address cannot be bound or the certificate is unusable. */
  static async listen(options: TlsTransportOptions): Promise<TlsTransport> {
    const rejectUnauthorized = options.rejectUnauthorized ?? true;
    const ca = options.ca === undefined ? {} : { ca: typeof options.ca === 'string' || Buffer.isBuffer(options.ca) ? options.ca : [...options.ca] };
    const server = createServer({
      cert: options.cert,
      key: options.key,
      ...ca,
      requestCert: options.requestClientCertificate ?? false,
      rejectUnauthorized,
      handshakeTimeout: options.handshakeTimeoutMs ?? 10_000,
    });
    server.on('tlsClientError', (error, socket) =>
      options.onFault?.({
        protocol: 'tls',
        kind: 'tls_handshake_failed',
        message: error.message,
        ...(socket.remoteAddress === undefined ? {} : { remoteAddress: socket.remoteAddress }),
        ...(socket.remotePort === undefined ? {} : { remotePort: socket.remotePort }),
      }),
    );
    const sockets: StreamSocketFactory = {
      protocol: 'tls',
      server,
      acceptEvent: 'secureConnection',
      connect: (request) => {
        // The peer's certificate must name the SIP domain asked for, or else the address dialled
        // (as written by the stack, not the IPv4-mapped form a dual-stack socket uses).
        const expectedName = request.serverName ?? canonicalIp(request.host) ?? request.host;
        const connectOptions: ConnectionOptions & TcpSocketConnectOpts = {
          host: request.host,
          port: request.port,
          cert: options.cert,
          key: options.key,
          ...ca,
          rejectUnauthorized,
          noDelay: true,
          ...(request.localAddress === undefined ? {} : { localAddress: request.localAddress }),
          checkServerIdentity: (_host, certificate) => checkServerIdentity(expectedName, certificate),
          // SNI carries names only (RFC 6066 §3).
          ...(ipFamily(expectedName) === undefined ? { servername: expectedName } : {}),
        };
        return { socket: connect(connectOptions), readyEvent: 'secureConnect' };
      },
    };
    const local = await listenOn(server, options);
    return new TlsTransport(sockets, local, options);
  }
}
