/**
 * The same SIPp phones through a `belay serve` whose UDP socket lives on its I/O thread
 * (`BELAY_SIP_UDP_IO_THREAD=on`): registration with Digest, the 407 challenge, forking to two
 * devices with CANCEL for the one that did not answer, and the call record.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasPeer } from '../support/peers.js';
import { SippPbx, forkToTwoDevices } from './support/sipp-pbx.js';

const TENANT = 'sippio';

describe.skipIf(!hasPeer('sipp'))('SIPp calls through belay with the UDP I/O thread', () => {
  let pbx: SippPbx;
  beforeAll(async () => {
    pbx = await SippPbx.start(TENANT, { BELAY_SIP_UDP_IO_THREAD: 'on' });
  }, 30_000);
  afterAll(() => pbx?.stop());

  it('says so when it starts', () => {
    expect(pbx.logs.find((line) => line['msg'] === 'SIP listening')).toMatchObject({ udpIoThread: true });
  });

  it('forks to two devices of one user: one answers, the other is cancelled', { timeout: 60_000 }, async () => {
    await pbx.user(TENANT, '311');
    await pbx.user(TENANT, '312');
    await forkToTwoDevices(pbx, '311', '312');
    expect(await pbx.records(TENANT, '312')).toMatchObject([{ disposition: 'answered', sipStatus: 200, caller: { extension: '311' }, answeredBy: { extension: '312', userAgent: 'Desk-312' } }]);
  });
});
