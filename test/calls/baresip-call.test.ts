/**
 * Two real phones (baresip) on loopback register with a real `belay serve` and call each other
 * through it: the callee answers by itself, both send G.711 audio for a few seconds, the caller
 * hangs up. Media flows between the phones (belay passes the SDP through), so the RTP counts
 * each phone reports prove that the offer and answer reached the other side intact.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { spawnServer } from '../app/support/belay-process.js';
import type { RunningServer } from '../app/support/belay-process.js';
import { BaresipPeer } from '../support/baresip.js';
import type { BaresipReport } from '../support/baresip.js';
import { hasPeer } from '../support/peers.js';
import { freeSippPort } from '../support/sipp.js';

/** The caller's audio file, and so the call's length. Its RTCP summary needs a report, sent every 5 s. */
const CALL_SECONDS = 7;
/** RTP packets each way, of the 50 per second G.711 at 20 ms sends: at least 2 s of audio. */
const MIN_PACKETS = 100;

interface Registration {
  readonly aor: string;
  readonly contact: string;
}

interface CallRecord {
  readonly disposition: string;
  readonly caller: { readonly extension: string | null };
  readonly dialled: string;
  readonly answeredBy: { readonly extension: string } | null;
  readonly durationMs: number;
}

describe.skipIf(!hasPeer('baresip'))('two baresip phones call each other through belay', () => {
  let dir: string | undefined;
  let server: RunningServer | undefined;
  const phones: BaresipPeer[] = [];

  afterEach(async () => {
    await Promise.all(phones.splice(0).map((phone) => phone.stop()));
    if (server) {
      server.child.kill('SIGTERM');
      await server.exited;
      server = undefined;
    }
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('register, call, answer, exchange RTP both ways and hang up; the call record says answered', { timeout: 30_000 }, async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'belay-calls-'));
    const sipPort = await freeSippPort();
    server = await spawnServer({ BELAY_DATA_DIR: path.join(dir, 'data'), BELAY_SIP_PORT: String(sipPort), BELAY_SIP_TRANSPORTS: 'udp' }, dir);
    const api = async <T>(method: string, route: string, body?: unknown): Promise<T> => {
      const res = await fetch(`${server?.url}/api/v1${route}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`${method} ${route}: ${res.status} ${text}`);
      return JSON.parse(text) as T;
    };

    const { sipDomain: domain } = await api<{ sipDomain: string }>('POST', '/tenants', { slug: 'pair', name: 'Pair' });
    const alice = { username: '201', password: 'Alice-secret-7', domain };
    const bob = { username: '202', password: 'Bob-secret-42x', domain };
    await api('POST', '/tenants/pair/users', { extension: '201', name: 'Alice', password: alice.password });
    await api('POST', '/tenants/pair/users', { extension: '202', name: 'Bob', password: bob.password });
    const outbound = { host: '127.0.0.1', port: sipPort };

    const callee = await BaresipPeer.start({ account: bob, outbound, audioSeconds: CALL_SECONDS + 20, runSeconds: 28 });
    phones.push(callee);
    expect((await callee.waitFor((r) => r.registered, 5000)).registered, callee.output).toBe(true);

    const caller = await BaresipPeer.start({ account: alice, outbound, audioSeconds: CALL_SECONDS, runSeconds: 25, dial: `sip:202@${domain}` });
    phones.push(caller);
    expect((await caller.waitFor((r) => r.registered, 5000)).registered, caller.output).toBe(true);
    const { items: registrations } = await api<{ items: Registration[] }>('GET', '/tenants/pair/registrations');
    expect(registrations.map((r) => r.aor).sort()).toEqual([`sip:201@${domain}`, `sip:202@${domain}`]);
    expect(registrations.find((r) => r.aor.startsWith('sip:202@'))?.contact).toContain(`:${callee.port}`);

    const ended = (r: BaresipReport): boolean => r.callsEnded > 0;
    const [calling, called] = await Promise.all([caller.waitFor(ended, 20_000), callee.waitFor(ended, 20_000)]);
    expect(calling.established, caller.output).toEqual([`sip:202@${domain}`]);
    expect(called.established, callee.output).toEqual([`sip:201@${domain}`]);
    for (const [name, report] of [['caller', calling], ['callee', called]] as const) {
      const summary = report.summaries[0];
      expect(summary?.packetsReceived, `${name} received`).toBeGreaterThanOrEqual(MIN_PACKETS);
      expect(summary?.packetsSent, `${name} sent`).toBeGreaterThanOrEqual(MIN_PACKETS);
    }
    console.info(`baresip RTP: caller ${JSON.stringify(Object.fromEntries(calling.summaries[0]?.fields ?? []))}, callee ${JSON.stringify(Object.fromEntries(called.summaries[0]?.fields ?? []))}`);

    // call records are written as calls end, in the background
    let records: readonly CallRecord[] = [];
    for (let attempt = 0; attempt < 50 && records.length === 0; attempt++) {
      records = (await api<{ items: CallRecord[] }>('GET', '/tenants/pair/calls')).items;
      if (records.length === 0) await sleep(100);
    }
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ disposition: 'answered', caller: { extension: '201' }, dialled: '202', answeredBy: { extension: '202' } });
    expect(records[0]?.durationMs).toBeGreaterThanOrEqual((CALL_SECONDS - 2) * 1000);
  });
});
