/**
 * The hostile-input flood: a server built on the library, in a process of its own, is sent
 * random bytes, mutilated SIP and every RFC 4475 torture message over UDP and TCP, while OPTIONS
 * probes keep asking whether it still answers. Every probe must get 200; afterwards every
 * transaction, timer and connection must be gone and the heap back where it was.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { Status } from '../../src/sip/index.js';
import { FloodServerProcess } from './flood/flood-server-process.js';
import { floodTcp, floodUdp } from './flood/flood-sender.js';
import { mutatedPayloads, randomPayloads, tortureMessages } from './flood/hostile-traffic.js';
import { OptionsProber } from './flood/options-prober.js';
import type { ProbeResult } from './flood/options-prober.js';

/** Heap growth allowed between the measurement after a warm-up round and the one after the flood. */
const HEAP_TOLERANCE_BYTES = 4 * 1024 * 1024;
const PROBE_INTERVAL_MS = 50;

const inBatches = (payloads: readonly Buffer[], size: number): Buffer[][] => {
  const out: Buffer[][] = [];
  for (let i = 0; i < payloads.length; i += size) out.push(payloads.slice(i, i + size));
  return out;
};

describe('the hostile-input flood', () => {
  it('keeps answering OPTIONS with 200 on UDP and TCP throughout, and returns to its baseline', async () => {
    const server = await FloodServerProcess.start();
    const torture = tortureMessages();
    expect(torture.length).toBeGreaterThanOrEqual(49);

    /** One flood of `scale` size, probed all along; the probes' final statuses. The prober's connection is closed after. */
    const flood = async (scale: number, seed: number): Promise<ProbeResult[]> => {
      const prober = await OptionsProber.start();
      const udp = [
        ...randomPayloads(1000 * scale, seed),
        ...mutatedPayloads(torture, 500 * scale, seed + 1),
        ...Array.from({ length: scale }, () => torture).flat(),
      ];
      const tcp = [
        ...torture.map((message) => [message]),
        torture,
        ...inBatches(randomPayloads(100 * scale, seed + 2), 5),
        ...inBatches(mutatedPayloads(torture, 100 * scale, seed + 3), 5),
      ];
      const probes: Promise<ProbeResult>[] = [];
      let flooding = true;
      const probing = (async () => {
        while (flooding) {
          probes.push(prober.probe('udp', server.udp), prober.probe('tcp', server.tcp));
          await sleep(PROBE_INTERVAL_MS);
        }
      })();
      await Promise.all([floodUdp(server.udp, udp), floodTcp(server.tcp, tcp)]);
      flooding = false;
      await probing;
      probes.push(prober.probe('udp', server.udp), prober.probe('tcp', server.tcp));
      const results = await Promise.all(probes);
      await prober.stop();
      return results;
    };

    try {
      // a smaller round first, so that every code path is compiled and every cache filled
      expect(new Set(await flood(1, 1))).toEqual(new Set([Status.OK]));
      const baseline = await server.drained(30_000);

      const results = await flood(8, 100);
      const after = await server.drained(30_000);

      expect(results.length).toBeGreaterThanOrEqual(10);
      expect(results.filter((status) => status !== Status.OK)).toEqual([]);
      expect(after.counts.options - baseline.counts.options).toBeGreaterThanOrEqual(results.length);
      // the flood did reach the checks: refusals and silent drops both happened
      expect(after.events['rejected:malformed'] ?? 0).toBeGreaterThan(baseline.events['rejected:malformed'] ?? 0);
      expect(after.events['dropped:malformed'] ?? 0).toBeGreaterThan(baseline.events['dropped:malformed'] ?? 0);
      expect(after.heapUsed - baseline.heapUsed).toBeLessThan(HEAP_TOLERANCE_BYTES);
      console.info(
        `flood: ${results.length} probes answered 200; heap ${(baseline.heapUsed / 1e6).toFixed(1)} MB before, ${(after.heapUsed / 1e6).toFixed(1)} MB after; events ${JSON.stringify(after.events)}`,
      );
    } finally {
      expect(await server.stop()).toBe(0);
      expect(server.log).toBe('');
    }
  }, 180_000);
});
