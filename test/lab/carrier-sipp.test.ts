/**
 * The simulated carrier against SIPp, a SIP peer that is not built on belay's stack: SIPp
 * registers as a customer trunk with Digest, places a call through the network answering the
 * 407, and answers a call the network delivers to the trunk (ACK, BYE from the network).
 * SIPp signs its Digest for the URI `-auth_uri` names: the Request-URI of each request; `-s`
 * is the number the scenario calls.
 */
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SimulatedCarrier } from '../../src/lab/index.js';
import { hasPeer } from '../support/peers.js';
import { freeSippPort, runSipp } from '../support/sipp.js';
import type { SippRun } from '../support/sipp.js';

const scenario = (name: string): string => fileURLToPath(new URL(`../calls/scenarios/${name}`, import.meta.url));
const account = { username: 'sipp-trunk', password: 'Sipp-Trunk-Secret' };
const MAIN = '+492219876500';
const MOBILE = '+4917012345678';

function passed(run: SippRun): void {
  expect(run.errors, run.messages.slice(-3000)).toBe('');
  expect(run.exitCode, run.stdout.slice(-2000)).toBe(0);
  expect(run.stats).toMatchObject({ successfulCalls: 1, failedCalls: 0 });
}

describe.skipIf(!hasPeer('sipp'))('the carrier and SIPp as a trunk', () => {
  let carrier: SimulatedCarrier;
  let remote: string;
  const keys = { user: account.username, password: account.password, domain: 'carrier.test', agent: 'SIPp-trunk' };

  beforeEach(async () => {
    carrier = await SimulatedCarrier.start({ domain: 'carrier.test' });
    carrier.holdNumbers('Neunetz', [MAIN]);
    carrier.addTrunk({
      id: 'sipp',
      provider: 'Neunetz',
      numbers: [MAIN],
      auth: { mode: 'register', ...account },
      screening: { clipNoScreening: true, allowed: [] },
      reads: { upn: 'ppi', npn: 'account' },
    });
    remote = `${carrier.address.host}:${carrier.address.port}`;
  });
  afterEach(() => carrier.stop());

  it('registers with Digest and places a call answered by a subscriber, showing the trunk number', { timeout: 30_000 }, async () => {
    carrier.addSubscriber(MOBILE);
    passed(await runSipp({ scenario: { file: scenario('register.xml') }, remote, transport: 'udp', calls: 1, timeoutMs: 10_000, keys, extraArgs: ['-auth_uri', keys.domain] }));
    expect(carrier.isRegistered('sipp')).toBe(true);
    const call = { scenario: { file: scenario('caller-call.xml') }, remote, transport: 'udp', calls: 1, timeoutMs: 10_000, keys } as const;
    passed(await runSipp({ ...call, extraArgs: ['-s', MOBILE, '-auth_uri', `${MOBILE}@${keys.domain}`] }));
    expect(carrier.received(MOBILE)).toMatchObject([{ shownNumber: MAIN, npn: MAIN, viaTrunk: 'sipp', answered: true }]);
  });

  it('answers a call the network delivers to its registered port; the network acknowledges and hangs up', { timeout: 30_000 }, async () => {
    const port = await freeSippPort();
    passed(await runSipp({ scenario: { file: scenario('register.xml') }, remote, transport: 'udp', calls: 1, timeoutMs: 10_000, keys, extraArgs: ['-p', String(port), '-auth_uri', keys.domain] }));
    const answering = runSipp({ scenario: { builtIn: 'uas' }, remote, transport: 'udp', calls: 1, timeoutMs: 10_000, extraArgs: ['-p', String(port)] });
    // SIPp needs a moment to bind its port
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await carrier.call('+4930555100', MAIN, { holdMs: 300 })).toMatchObject({ status: 200, answered: true });
    passed(await answering);
  });
});
