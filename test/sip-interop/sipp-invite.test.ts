/**
 * SIPp calls the library's test server on loopback, over UDP and TCP: a call in which both
 * sides retransmit (SIPp resends its INVITE over UDP; the server resends its 2xx until the late
 * ACK, over TCP too), and a call cancelled while ringing. SIPp's per-message counts show the retransmissions; the
 * server's counts show each call reached the application exactly once.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { hasPeer } from '../support/peers.js';
import { SipTestServer } from '../support/sip-test-server.js';
import { runSipp } from '../support/sipp.js';

const scenario = (name: string): string => fileURLToPath(new URL(`./scenarios/${name}`, import.meta.url));

const CALLS = 3;

describe.skipIf(!hasPeer('sipp'))('SIPp interop: INVITE', () => {
  for (const transport of ['udp', 'tcp'] as const) {
    it(`absorbs INVITE retransmissions and resends the 200 until the late ACK over ${transport}`, async () => {
      const server = await SipTestServer.start({ ringAfterMs: 300, answerAfterMs: 100 });
      try {
        const { host, port } = server.address(transport);
        const run = await runSipp({
          scenario: { file: scenario(`invite-late-ack-${transport}.xml`) },
          remote: `${host}:${port}`,
          transport,
          calls: CALLS,
          rate: 10,
          timeoutMs: 20_000,
          traceMessages: true,
        });
        expect(run.errors).toBe('');
        expect(run.exitCode).toBe(0);
        expect(run.stats).toMatchObject({ successfulCalls: CALLS, failedCalls: 0 });
        expect(run.logs).toMatch(/answer m=audio \d+ RTP\/AVP 0/);
        if (transport === 'udp') {
          // SIPp resent each INVITE before the 100 Trying; the 200 came again at T1 and 3·T1 while the ACK was held back
          expect(run.counts.get('0_INVITE_Retrans')).toBeGreaterThanOrEqual(CALLS);
          expect(run.counts.get('3_200_Recv')).toBe(CALLS);
          expect(run.counts.get('3_200_Retrans')).toBeGreaterThanOrEqual(2 * CALLS);
          expect(run.counts.get('3_200_Retrans')).toBeLessThanOrEqual(3 * CALLS);
        } else {
          // nothing is resent on a reliable transport except the 2xx, which SIPp waited for as a second 200
          expect(run.stats.retransmissions).toBe(0);
          expect(run.counts.get('3_200_Recv')).toBe(CALLS);
          expect(run.counts.get('4_200_Recv')).toBe(CALLS);
        }
        // every copy was absorbed: the application saw each INVITE, ACK and BYE once
        expect(server.counts).toMatchObject({ invite: CALLS, ack: CALLS, bye: CALLS, ackTimeouts: 0 });
        expect(server.stack.stats.unacknowledged2xx).toBe(0);
      } finally {
        await server.stop();
      }
    });

    it(`answers a CANCEL with 200 and the INVITE with 487 over ${transport}`, async () => {
      const server = await SipTestServer.start({ neverAnswer: ['noanswer'] });
      try {
        const { host, port } = server.address(transport);
        const run = await runSipp({
          scenario: { file: scenario('invite-cancel.xml') },
          remote: `${host}:${port}`,
          transport,
          calls: CALLS,
          rate: 10,
          timeoutMs: 15_000,
          extraArgs: ['-s', 'noanswer'],
        });
        expect(run.errors).toBe('');
        expect(run.exitCode).toBe(0);
        expect(run.stats).toMatchObject({ successfulCalls: CALLS, failedCalls: 0 });
        expect(server.counts).toMatchObject({ invite: CALLS, cancel: CALLS });
      } finally {
        await server.stop();
      }
    });
  }
});
