/**
 * A phone registers, belay serve is stopped gracefully and started again, and then a call to
 * that phone goes through: the restarted process rings the device where it registered from.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { hasPeer } from '../support/peers.js';
import { SippPbx, passed, uasListening } from './support/sipp-pbx.js';

const TENANT = 'restart';

describe.skipIf(!hasPeer('sipp'))('a call after belay serve restarted', () => {
  let pbx: SippPbx | undefined;
  afterEach(() => pbx?.stop());

  it('reaches a device registered before the restart', { timeout: 90_000 }, async () => {
    pbx = await SippPbx.start(TENANT);
    await pbx.user(TENANT, '301');
    await pbx.user(TENANT, '302');
    const port = await pbx.register('302', 'Desk-302');

    await pbx.restart();
    expect(pbx.logs.find((l) => l['msg'] === 'SIP listening')).toMatchObject({ registrations: 1 });

    const callee = pbx.answer('302', port, 'callee-answers.xml', 'Desk-302');
    await uasListening();
    passed(await pbx.call('301', '302', 'caller-call.xml'));
    passed(await callee.done);
    expect(await pbx.records(TENANT, '302')).toMatchObject([{ disposition: 'answered', caller: { extension: '301' }, answeredBy: { extension: '302' } }]);
  });
});
