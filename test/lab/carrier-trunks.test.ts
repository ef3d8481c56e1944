/**
 * The simulated carrier alone, over real UDP on loopback: two customer trunks played by a small
 * UA built on the SIP stack (one register-mode with Digest, one ip-mode), subscribers and the
 * PSAP in the network. Registration, CLIP no screening on and off, how each trunk's INVITE is
 * read, CLIR, emergency calls, RTP both ways, CANCEL and BYE from either side.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SimulatedCarrier } from '../../src/lab/index.js';
import type { CarrierTrunk } from '../../src/lab/index.js';
import { TrunkUa } from './support/trunk-ua.js';
import type { InviteOptions, OutgoingCall } from './support/trunk-ua.js';

const OLD = 'Altnetz';
const NEW = 'Neunetz';
const LEGACY = '+49221471123';
const LEGACY_2 = '+49221471124';
const MAIN = '+492219876500';
const PROVISIONAL = '+492219876523';
const OTHER_TRUNK_NUMBER = '+493012345600';
const MOBILE = '+4917012345678';
const account = { username: 'acme-main', password: 'Trunk-Secret-1' };

const trunkA = (overrides: Partial<CarrierTrunk> = {}): CarrierTrunk => ({
  id: 'acme',
  provider: NEW,
  numbers: [MAIN, PROVISIONAL],
  auth: { mode: 'register', ...account },
  screening: { clipNoScreening: true, allowed: [LEGACY] },
  reads: { upn: 'from-user', npn: 'pai' },
  ...overrides,
});

const until = async (condition: () => boolean, ms = 3000): Promise<void> => {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

let carrier: SimulatedCarrier;
let a: TrunkUa;
const log: string[] = [];

beforeEach(async () => {
  log.length = 0;
  carrier = await SimulatedCarrier.start({ host: '127.0.0.1', log: (line) => log.push(line) });
  carrier.holdNumbers(OLD, [LEGACY, LEGACY_2]);
  carrier.holdNumbers(NEW, [MAIN, PROVISIONAL, OTHER_TRUNK_NUMBER]);
  a = await TrunkUa.start({ carrier: carrier.address, account });
});

afterEach(async () => {
  await a.stop();
  await carrier.stop();
});

/** Places a call from trunk A and waits for its final response. */
async function callFromA(options: InviteOptions): Promise<{ readonly call: OutgoingCall; readonly status: number }> {
  const call = await a.invite(options);
  const final = await call.final;
  return { call, status: final.status };
}

const from = (number: string): string => `<sip:${number}@carrier.test;user=phone>`;
const pai = (number: string): { readonly name: string; readonly value: string } => ({ name: 'P-Asserted-Identity', value: `<sip:${number}@carrier.test;user=phone>` });

describe('registration', () => {
  it('is the registrar for the trunk account, with Digest', async () => {
    carrier.addTrunk(trunkA());
    expect(carrier.isRegistered('acme')).toBe(false);
    const ok = await a.register(600);
    expect(ok.status).toBe(200);
    expect(ok.contacts[0]?.params.get('expires')).toBe('600');
    expect(carrier.isRegistered('acme')).toBe(true);
    expect((await a.register(0)).status).toBe(200);
    expect(carrier.isRegistered('acme')).toBe(false);
  });

  it('refuses a wrong password with 403 and too brief an expiry with 423', async () => {
    carrier.addTrunk(trunkA());
    const wrong = await TrunkUa.start({ carrier: carrier.address, account: { ...account, password: 'wrong' } });
    try {
      expect((await wrong.register()).status).toBe(403);
    } finally {
      await wrong.stop();
    }
    const brief = await a.register(30);
    expect(brief.status).toBe(423);
    expect(brief.headers.find((h) => h.name === 'Min-Expires')?.value).toBe('60');
    expect(carrier.isRegistered('acme')).toBe(false);
  });

  it('delivers calls for the trunk numbers to the registered contact, +E.164 in Request-URI and To', async () => {
    carrier.addTrunk(trunkA());
    await a.register();
    const result = await carrier.call('+4930555111', '0221 98765-23', { holdMs: 300 });
    expect(result).toMatchObject({ status: 200, answered: true });
    const [incoming] = a.incoming;
    expect(incoming?.invite.uri).toMatchObject({ user: PROVISIONAL, host: '127.0.0.1', port: a.address.port });
    expect(incoming?.invite.uri.kind === 'sip' && incoming.invite.uri.params.get('user')).toBe('phone');
    expect(incoming?.invite.to.uri).toMatchObject({ user: PROVISIONAL });
    expect(incoming?.invite.from.uri).toMatchObject({ user: '+4930555111' });
    expect(incoming?.header('P-Asserted-Identity')[0]).toContain('sip:+4930555111@');
    // audio went both ways between the network's caller and the trunk
    expect(result.rtpReceived).toBeGreaterThan(3);
    expect(incoming?.rtp.received).toBeGreaterThan(3);
  });

  it('sends to the registered Contact as it is when the trunk asks for it, the number in To', async () => {
    carrier.addTrunk(trunkA({ requestUri: 'contact' }));
    await a.register();
    expect(await carrier.call('+4930555111', PROVISIONAL, { holdMs: 100 })).toMatchObject({ status: 200, answered: true });
    const [incoming] = a.incoming;
    expect(incoming?.invite.uri).toMatchObject({ user: account.username, port: a.address.port });
    expect(incoming?.invite.to.uri).toMatchObject({ user: PROVISIONAL });
  });

  it('answers 480 for a number on a trunk that is not registered', async () => {
    carrier.addTrunk(trunkA());
    expect(await carrier.call('+4930555111', PROVISIONAL)).toMatchObject({ status: 480, answered: false });
  });
});

describe('calls from a trunk', () => {
  beforeEach(() => carrier.addSubscriber(MOBILE));

  it('are challenged with 407 and then reach the subscriber, RTP both ways', async () => {
    carrier.addTrunk(trunkA());
    const { call, status } = await callFromA({ to: MOBILE, from: from(LEGACY), headers: [pai(PROVISIONAL)] });
    expect(status).toBe(200);
    expect(call.responses.map((r) => r.status)).toContain(407);
    await until(() => call.rtp.received > 3 && (carrier.received(MOBILE)[0]?.rtpReceived ?? 0) > 3);
    expect(await call.hangUp()).toBe(200);
    const [received, ...more] = carrier.received(MOBILE);
    expect(more).toEqual([]);
    expect(received).toMatchObject({ shownNumber: LEGACY, npn: PROVISIONAL, anonymous: false, viaTrunk: 'acme', answered: true, diversion: [], historyInfo: [] });
    expect(received?.invite).toContain(`P-Asserted-Identity: <sip:${PROVISIONAL}@127.0.0.1;user=phone>`);
    expect(received?.from).toContain(`sip:${LEGACY}@`);
  });

  it('with CLIP no screening refuse a presented number the customer may not use with 403', async () => {
    carrier.addTrunk(trunkA());
    expect((await callFromA({ to: MOBILE, from: from(LEGACY_2), headers: [pai(PROVISIONAL)] })).status).toBe(403);
    expect((await callFromA({ to: MOBILE, from: from('+4990012345'), headers: [pai(PROVISIONAL)] })).status).toBe(403);
    expect((await callFromA({ to: MOBILE, from: from('112'), headers: [pai(PROVISIONAL)] })).status).toBe(403);
    expect(carrier.received(MOBILE)).toEqual([]);
    expect(log.some((line) => line.includes(`presented number ${LEGACY_2} is not allowed`))).toBe(true);
  });

  it('refuse a network number that is not the trunk\'s with 403, whatever the screening', async () => {
    carrier.addTrunk(trunkA({ screening: { clipNoScreening: false } }));
    const { call, status } = await callFromA({ to: MOBILE, from: from(PROVISIONAL), headers: [pai(OTHER_TRUNK_NUMBER)] });
    expect(status).toBe(403);
    expect(call.responses.at(-1)?.headers.find((h) => h.name === 'Warning')?.value).toContain(`network number ${OTHER_TRUNK_NUMBER} is not a number of trunk acme`);
    expect((await callFromA({ to: MOBILE, from: from(PROVISIONAL) })).status).toBe(403);
  });

  it('without CLIP no screening show the network number instead of the presented one', async () => {
    carrier.addTrunk(trunkA({ screening: { clipNoScreening: false } }));
    const { call, status } = await callFromA({ to: MOBILE, from: from(LEGACY), headers: [pai(PROVISIONAL)] });
    expect(status).toBe(200);
    await call.hangUp();
    expect(carrier.received(MOBILE)[0]).toMatchObject({ shownNumber: PROVISIONAL, npn: PROVISIONAL });
    expect(log.some((line) => line.includes(`presented number ${LEGACY} replaced by ${PROVISIONAL}`))).toBe(true);
  });

  it.each([
    {
      style: 'sipgate (UPN in PPI, From user the account)',
      reads: { upn: 'ppi', npn: 'account' },
      from: `"49221471123" <sip:${account.username}@carrier.test>`,
      headers: [{ name: 'P-Preferred-Identity', value: '<sip:49221471123@carrier.test>' }],
    },
    {
      style: 'NFON (UPN in PAI, NPN as From user, 0049)',
      reads: { upn: 'pai', npn: 'from-user' },
      from: '<sip:00492219876523@carrier.test>',
      headers: [{ name: 'P-Asserted-Identity', value: '<sip:0049221471123@carrier.test>' }],
    },
    {
      style: 'Deutsche Telefon Standard (From the NPN, PPI the UPN)',
      reads: { upn: 'ppi', npn: 'from-user' },
      from: `<sip:${PROVISIONAL}@carrier.test>`,
      headers: [{ name: 'P-Preferred-Identity', value: `<sip:${LEGACY}@carrier.test>` }],
    },
    {
      style: 'Telekom (UPN in From, NPN in PPI, user=phone)',
      reads: { upn: 'from-user', npn: 'ppi' },
      from: `<sip:${LEGACY}@carrier.test;user=phone>`,
      headers: [{ name: 'P-Preferred-Identity', value: `<tel:${PROVISIONAL}>` }],
    },
    {
      style: 'display name as UPN, national format',
      reads: { upn: 'from-display', npn: 'from-user' },
      from: '"0221471123" <sip:02219876523@carrier.test>',
      headers: [],
    },
  ] as const)('are read per trunk: $style', async ({ reads, from: fromHeader, headers }) => {
    carrier.addTrunk(trunkA({ reads, numbers: [PROVISIONAL, MAIN] }));
    const { call, status } = await callFromA({ to: MOBILE, from: fromHeader, headers });
    expect(status).toBe(200);
    await call.hangUp();
    expect(carrier.received(MOBILE)[0]).toMatchObject({ shownNumber: LEGACY, npn: PROVISIONAL });
  });

  it('that withhold the number show nothing but keep the network number', async () => {
    carrier.addTrunk(trunkA());
    const { call, status } = await callFromA({ to: MOBILE, from: '"Anonymous" <sip:anonymous@anonymous.invalid>', headers: [pai(PROVISIONAL), { name: 'Privacy', value: 'id' }] });
    expect(status).toBe(200);
    await call.hangUp();
    const [received] = carrier.received(MOBILE);
    expect(received).toMatchObject({ shownNumber: null, npn: PROVISIONAL, anonymous: true });
    expect(received?.from).toContain('anonymous@anonymous.invalid');
  });

  it('to 110 and 112 reach the PSAP with the network number, and nothing else', async () => {
    carrier.addTrunk(trunkA());
    const { call, status } = await callFromA({ to: '112', from: from(LEGACY), headers: [pai(PROVISIONAL), { name: 'Privacy', value: 'id' }] });
    expect(status).toBe(200);
    await until(() => call.rtp.received > 2 && (carrier.emergencyCalls()[0]?.rtpReceived ?? 0) > 2);
    await call.hangUp();
    expect(carrier.emergencyCalls()).toMatchObject([{ npn: PROVISIONAL, anonymous: true, viaTrunk: 'acme', answered: true }]);
    expect(carrier.emergencyCalls()[0]?.invite).toContain(`P-Asserted-Identity: <sip:${PROVISIONAL}@`);
    expect(carrier.emergencyCalls()[0]?.rtpReceived).toBeGreaterThan(2);
    expect(await carrier.call(MAIN, '110', { holdMs: 100 })).toMatchObject({ status: 200, answered: true });
    expect(carrier.emergencyCalls().map((c) => c.npn)).toEqual([PROVISIONAL, MAIN]);
    expect(carrier.received(MOBILE)).toEqual([]);
    expect(() => carrier.addSubscriber('112')).toThrow();
    expect(() => carrier.forward('110', MOBILE, 'none')).toThrow();
  });

  it('get busy, unavailable, cancelled and unknown-number answers', async () => {
    carrier.addTrunk(trunkA());
    carrier.addSubscriber('+4989111', { answer: 'busy' });
    carrier.addSubscriber('+4989222', { answer: 'unavailable' });
    carrier.addSubscriber('+4989333', { answer: 'no-answer' });
    const identity = { from: from(LEGACY), headers: [pai(PROVISIONAL)] };
    expect((await callFromA({ to: '+4989111', ...identity })).status).toBe(486);
    expect((await callFromA({ to: '+4989222', ...identity })).status).toBe(480);
    expect((await callFromA({ to: '+4989444', ...identity })).status).toBe(404);
    const ringing = await a.invite({ to: '+4989333', ...identity });
    await until(() => ringing.responses.some((r) => r.status === 180));
    ringing.cancel();
    expect((await ringing.final).status).toBe(487);
    expect(carrier.received('+4989333')).toMatchObject([{ answered: false, shownNumber: LEGACY }]);
  });
});

describe('between two trunks', () => {
  let b: TrunkUa;
  beforeEach(async () => {
    b = await TrunkUa.start({ carrier: carrier.address });
    carrier.addTrunk(trunkA());
    carrier.addTrunk({
      id: 'other',
      provider: NEW,
      numbers: [OTHER_TRUNK_NUMBER],
      auth: { mode: 'ip', peer: b.address },
      screening: { clipNoScreening: false },
      reads: { upn: 'from-user', npn: 'pai' },
    });
  });
  afterEach(() => b.stop());

  it('a call from one trunk rings the other (ip-mode), media flows between them and BYE reaches the far end', async () => {
    const { call, status } = await callFromA({ to: '03012345600', from: from(LEGACY), headers: [pai(PROVISIONAL)] });
    expect(status).toBe(200);
    const [incoming] = b.incoming;
    expect(incoming?.invite.uri).toMatchObject({ user: OTHER_TRUNK_NUMBER, port: b.address.port });
    expect(incoming?.invite.from.uri).toMatchObject({ user: LEGACY });
    expect(incoming?.header('P-Asserted-Identity')[0]).toContain(PROVISIONAL);
    await until(() => call.rtp.received > 3 && (incoming?.rtp.received ?? 0) > 3);
    expect(await call.hangUp()).toBe(200);
    await until(() => incoming?.ended === true);
  });

  it('an ip-mode trunk is recognised by its source without a challenge, and the far end may hang up', async () => {
    carrier.addSubscriber(MOBILE);
    const call = await b.invite({ to: MOBILE, from: from(OTHER_TRUNK_NUMBER), headers: [pai(OTHER_TRUNK_NUMBER)] });
    expect((await call.final).status).toBe(200);
    expect(call.responses.map((r) => r.status)).not.toContain(407);
    expect(carrier.received(MOBILE)[0]).toMatchObject({ shownNumber: OTHER_TRUNK_NUMBER, viaTrunk: 'other' });
    await call.hangUp();

    await a.register();
    const hold = carrier.call('+4930555111', PROVISIONAL, { holdMs: 10_000 });
    await until(() => a.incoming.length === 1 && a.incoming[0]?.dialog !== undefined);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await a.incoming[0]?.hangUp()).toBe(200);
    expect(await hold).toMatchObject({ status: 200, answered: true });
  });

  it('a trunk that answers busy gives the network caller 486', async () => {
    const busy = await TrunkUa.start({ carrier: carrier.address, answer: 'busy' });
    try {
      carrier.addTrunk({ id: 'busy', provider: NEW, numbers: ['+493099999900'], auth: { mode: 'ip', peer: busy.address }, screening: { clipNoScreening: false }, reads: { upn: 'from-user', npn: 'pai' } });
      expect(await carrier.call('+4930555111', '+493099999900')).toMatchObject({ status: 486, answered: false, rtpSent: 0 });
    } finally {
      await busy.stop();
    }
  });
});
