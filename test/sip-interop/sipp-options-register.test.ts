/** SIPp against the library's test server on loopback: OPTIONS and REGISTER with Digest, over UDP and TCP. */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { hasPeer } from '../support/peers.js';
import { SipTestServer } from '../support/sip-test-server.js';
import { runSipp } from '../support/sipp.js';

const scenario = (name: string): string => fileURLToPath(new URL(`./scenarios/${name}`, import.meta.url));

describe.skipIf(!hasPeer('sipp'))('SIPp interop: OPTIONS and REGISTER', () => {
  for (const transport of ['udp', 'tcp'] as const) {
    it(`answers OPTIONS with 200 carrying Allow, Accept and Supported over ${transport}`, async () => {
      const server = await SipTestServer.start();
      try {
        const { host, port } = server.address(transport);
        const run = await runSipp({ scenario: { file: scenario('options.xml') }, remote: `${host}:${port}`, transport, calls: 5, rate: 50, timeoutMs: 15_000, traceMessages: true });
        expect(run.errors).toBe('');
        expect(run.exitCode).toBe(0);
        expect(run.stats).toMatchObject({ successfulCalls: 5, failedCalls: 0 });
        expect(run.logs).toMatch(/allow= ?INVITE, ACK, CANCEL, BYE, OPTIONS, REGISTER accept= ?application\/sdp supported=/);
        expect(server.counts.options).toBe(5);
      } finally {
        await server.stop();
      }
    });

    it(`challenges REGISTER with Digest and registers the Contact with its expiry over ${transport}`, async () => {
      const server = await SipTestServer.start({ users: { alice: 'alice-secret', bob: 'bob-secret' } });
      try {
        const { host, port } = server.address(transport);
        const run = await runSipp({
          scenario: { file: scenario('register.xml') },
          remote: `${host}:${port}`,
          transport,
          calls: 2,
          rate: 20,
          timeoutMs: 15_000,
          injection: ['SEQUENTIAL', 'alice;alice-secret', 'bob;bob-secret'],
          traceMessages: true,
        });
        expect(run.errors).toBe('');
        expect(run.exitCode).toBe(0);
        expect(run.stats).toMatchObject({ successfulCalls: 2, failedCalls: 0 });
        expect(run.counts.get('1_401_Recv')).toBe(2);
        expect(run.logs).toMatch(/registered <sip:alice@127\.0\.0\.1:\d+;transport=(UDP|TCP)>;expires=1[12]\d/);
        expect(server.contactsOf(`alice@${host}`)).toHaveLength(1);
        expect(server.contactsOf(`bob@${host}`)).toHaveLength(1);
        expect(server.counts.register).toBe(4);
      } finally {
        await server.stop();
      }
    });

    it(`refuses REGISTER with a wrong password over ${transport}`, async () => {
      const server = await SipTestServer.start({ users: { alice: 'alice-secret' } });
      try {
        const { host, port } = server.address(transport);
        const run = await runSipp({
          scenario: { file: scenario('register.xml') },
          remote: `${host}:${port}`,
          transport,
          calls: 1,
          timeoutMs: 10_000,
          injection: ['SEQUENTIAL', 'alice;guessed'],
        });
        expect(run.exitCode).toBe(1);
        expect(run.stats.failedCalls).toBe(1);
        expect(run.errors).toMatch(/SIP\/2\.0 403 Forbidden/);
        expect(server.contactsOf(`alice@${host}`)).toHaveLength(0);
      } finally {
        await server.stop();
      }
    });
  }
});
