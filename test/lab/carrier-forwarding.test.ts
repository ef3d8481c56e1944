/**
 * The old provider's forwarding and the porting table, over real UDP on loopback: a caller in
 * the network dials a legacy number; the old provider forwards it to the provisional number on
 * the new trunk with Diversion, History-Info, both or neither; once the number is ported the
 * call reaches the trunk directly and the old forwarding is gone.
 */
import { connect } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SimulatedCarrier } from '../../src/lab/index.js';
import { TrunkUa } from './support/trunk-ua.js';

const OLD = 'Altnetz';
const NEW = 'Neunetz';
const LEGACY = '+49221471123';
const PROVISIONAL = '+492219876523';
const MAIN = '+492219876500';
const CALLER = '+4930555100';
const account = { username: 'acme-main', password: 'Trunk-Secret-1' };

let carrier: SimulatedCarrier;
let trunk: TrunkUa;

beforeEach(async () => {
  carrier = await SimulatedCarrier.start({ domain: 'ims.altnetz.test' });
  carrier.holdNumbers(OLD, [LEGACY]);
  carrier.holdNumbers(NEW, [MAIN, PROVISIONAL]);
  trunk = await TrunkUa.start({ carrier: carrier.address, account });
  carrier.addTrunk({
    id: 'acme',
    provider: NEW,
    // the legacy number is configured on the new trunk already: it counts once ported
    numbers: [MAIN, PROVISIONAL, LEGACY],
    auth: { mode: 'register', ...account },
    screening: { clipNoScreening: true, allowed: [LEGACY] },
    reads: { upn: 'from-user', npn: 'pai' },
  });
  expect((await trunk.register()).status).toBe(200);
});

afterEach(async () => {
  await trunk.stop();
  await carrier.stop();
});

describe('the old provider forwards a legacy number', () => {
  it.each([
    {
      style: 'diversion',
      diversion: [`<sip:${LEGACY}@ims.altnetz.test;user=phone>;reason=unconditional;counter=1`],
      historyInfo: [],
    },
    {
      style: 'history-info',
      diversion: [],
      historyInfo: [`<sip:${LEGACY}@ims.altnetz.test;user=phone>;index=1`, `<sip:${PROVISIONAL}@ims.altnetz.test;user=phone;cause=302>;index=1.1;mp=1`],
    },
    {
      style: 'both',
      diversion: [`<sip:${LEGACY}@ims.altnetz.test;user=phone>;reason=unconditional;counter=1`],
      historyInfo: [`<sip:${LEGACY}@ims.altnetz.test;user=phone>;index=1`, `<sip:${PROVISIONAL}@ims.altnetz.test;user=phone;cause=302>;index=1.1;mp=1`],
    },
    { style: 'none', diversion: [], historyInfo: [] },
  ] as const)('to the provisional number on the trunk, marked with $style', async ({ style, diversion, historyInfo }) => {
    carrier.forward(LEGACY, PROVISIONAL, style);
    const result = await carrier.call(CALLER, '0221 4711-23', { holdMs: 300 });
    expect(result).toMatchObject({ status: 200, answered: true });
    expect(result.rtpSent).toBeGreaterThan(3);
    expect(result.rtpReceived).toBeGreaterThan(3);
    const [incoming, ...more] = trunk.incoming;
    expect(more).toEqual([]);
    expect(incoming?.invite.uri).toMatchObject({ user: PROVISIONAL });
    expect(incoming?.invite.to.uri).toMatchObject({ user: PROVISIONAL });
    expect(incoming?.invite.from.uri).toMatchObject({ user: CALLER });
    expect(incoming?.header('Diversion')).toEqual(diversion);
    expect(incoming?.header('History-Info')).toEqual(historyInfo);
    expect(incoming?.rtp.received).toBeGreaterThan(3);
  });

  it('to a phone in the network, which sees the original caller and the diversion', async () => {
    carrier.addSubscriber('+4917012345678');
    carrier.forward(LEGACY, '+4917012345678', 'diversion');
    expect(await carrier.call(CALLER, LEGACY, { holdMs: 100 })).toMatchObject({ status: 200 });
    expect(carrier.received('+4917012345678')).toMatchObject([{ shownNumber: CALLER, npn: CALLER, viaTrunk: null, diversion: [expect.stringContaining(LEGACY)] }]);
  });

  it('refuses a forwarding loop with 482', async () => {
    carrier.holdNumbers(OLD, ['+49221471124']);
    carrier.forward(LEGACY, '+49221471124', 'diversion');
    carrier.forward('+49221471124', LEGACY, 'diversion');
    expect(await carrier.call(CALLER, LEGACY)).toMatchObject({ status: 482, answered: false });
  });
});

describe('porting', () => {
  it('moves the number to the new trunk: calls arrive directly, and the trunk may send it as network number', async () => {
    carrier.addSubscriber(LEGACY);
    carrier.addSubscriber('+4989123456');
    // before the port the old system answers the legacy number, and the trunk may only present it
    expect(await carrier.call(CALLER, LEGACY, { holdMs: 100 })).toMatchObject({ status: 200, answered: true });
    expect(carrier.received(LEGACY)).toHaveLength(1);
    const asNpn = { to: '+4989123456', from: `<sip:${LEGACY}@x>`, headers: [{ name: 'P-Asserted-Identity', value: `<sip:${LEGACY}@x>` }] };
    expect((await (await trunk.invite(asNpn)).final).status).toBe(403);

    carrier.forward(LEGACY, PROVISIONAL, 'diversion');
    carrier.port(LEGACY, NEW);
    expect(await carrier.call(CALLER, LEGACY, { holdMs: 100 })).toMatchObject({ status: 200, answered: true });
    const [incoming] = trunk.incoming;
    expect(incoming?.invite.uri).toMatchObject({ user: LEGACY });
    expect(incoming?.header('Diversion')).toEqual([]);
    expect(carrier.received(LEGACY)).toHaveLength(1);

    const call = await trunk.invite(asNpn);
    expect((await call.final).status).toBe(200);
    await call.hangUp();
    expect(carrier.received('+4989123456')).toMatchObject([{ shownNumber: LEGACY, npn: LEGACY, viaTrunk: 'acme' }]);
  });
});

describe('listening', () => {
  it('answers OPTIONS over TCP on the same port as UDP', async () => {
    const { host, port } = carrier.address;
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = connect({ host, port }, () => {
        socket.write(
          [
            `OPTIONS sip:${host}:${port} SIP/2.0`,
            `Via: SIP/2.0/TCP 127.0.0.1:9;branch=z9hG4bK-lab-options`,
            'Max-Forwards: 70',
            'From: <sip:probe@127.0.0.1>;tag=probe',
            `To: <sip:${host}:${port}>`,
            'Call-ID: lab-options',
            'CSeq: 1 OPTIONS',
            'Content-Length: 0',
            '',
            '',
          ].join('\r\n'),
        );
      });
      let data = '';
      socket.on('data', (chunk) => {
        data += chunk.toString('utf8');
        if (data.includes('\r\n\r\n')) {
          socket.end();
          resolve(data);
        }
      });
      socket.on('error', reject);
      socket.setTimeout(3000, () => reject(new Error('no answer over TCP')));
    });
    expect(reply.startsWith('SIP/2.0 200')).toBe(true);
  });

  it('runs on ::1, media included', async () => {
    const v6 = await SimulatedCarrier.start({ host: '::1' });
    try {
      expect(v6.address.host).toBe('::1');
      v6.addSubscriber('+4917012345678');
      const result = await v6.call(CALLER, '+4917012345678', { holdMs: 300 });
      expect(result).toMatchObject({ status: 200, answered: true });
      expect(result.rtpReceived).toBeGreaterThan(3);
      expect(v6.received('+4917012345678')[0]?.rtpReceived).toBeGreaterThan(3);
    } finally {
      await v6.stop();
    }
  });
});
