/**
 * Asks a server whether it is still answering: an OPTIONS in a client transaction of the
 * library's own stack (retransmitted over UDP as §17.1.2.2 says), reporting the final status or
 * what went wrong.
 */
import {
  Method, SipStack, SystemClock, TcpTransport, UdpTransport, createRequest, isFinal, randomIds,
} from '../../../src/sip/index.js';
import type { SipUri, StatusCode, TransportAddress } from '../../../src/sip/index.js';

export type ProbeResult = StatusCode | 'timeout' | 'transport-error' | 'overloaded';

export class OptionsProber {
  private constructor(private readonly stack: SipStack) {}

  static async start(): Promise<OptionsProber> {
    const clock = new SystemClock();
    const stack = new SipStack({
      transports: [
        (handlers) => UdpTransport.listen({ host: '127.0.0.1', port: 0, ...handlers }),
        (handlers) => TcpTransport.listen({ host: '127.0.0.1', port: 0, clock, ...handlers }),
      ],
      clock,
      ids: randomIds,
      delegate: { onRequest: () => undefined },
    });
    await stack.start();
    return new OptionsProber(stack);
  }

  probe(protocol: 'udp' | 'tcp', target: TransportAddress): Promise<ProbeResult> {
    const uri: SipUri = { kind: 'sip', scheme: 'sip', host: target.host, port: target.port, params: new Map(), headers: [] };
    const request = createRequest({
      method: Method.OPTIONS,
      uri,
      via: [],
      from: { uri: this.stack.contactUri(protocol, 'prober'), params: new Map([['tag', randomIds()]]) },
      to: { uri, params: new Map() },
      callId: randomIds(),
      cseq: 1,
    });
    return new Promise((resolve) => {
      const outcome = this.stack.sendRequest(request, { protocol, ...target }, {
        onResponse: (response) => {
          if (isFinal(response.status)) resolve(response.status);
        },
        onTimeout: () => resolve('timeout'),
        onTransportError: () => resolve('transport-error'),
      });
      if (!outcome.ok) resolve('overloaded');
    });
  }

  stop(): Promise<void> {
    return this.stack.stop();
  }
}
