import { describe, expect, it } from 'vitest';
import { forwardingListCsv, forwardingListHtml } from './forwarding-list.js';
import type { ForwardingOrder } from './forwarding-order.js';
import type { ForwardingOrderState } from './forwarding-order-machine.js';

const at = '2026-03-02T09:00:00.000Z';
const order = (n: number, state: ForwardingOrderState, name: string | null): ForwardingOrder => ({
  id: `00000000-0000-4000-8000-00000000000${n}`,
  tenantId: '00000000-0000-4000-8000-000000000000',
  employeeId: `10000000-0000-4000-8000-00000000000${n}`,
  extension: name === null ? null : `2${n}`,
  name,
  legacyNumber: `+4922147112${n}`,
  provisionalNumber: `+4922198765${n}`,
  state,
  evidenceId: null,
  requestedAt: at,
  activatedAt: null,
  verifiedAt: null,
  removalRequestedAt: null,
  removedAt: null,
  createdAt: at,
  updatedAt: at,
});

const orders = [
  order(1, 'requested', 'Erika Muster'),
  order(2, 'verified', '=HYPERLINK("http://evil.example","x"), "Max"'),
  order(3, 'removal_requested', null),
  order(4, 'removed', 'Gone'),
];

describe('the forwarding list', () => {
  it('is CSV with one line per forwarding still to set up, keep or remove, quoted and safe to open in a spreadsheet', () => {
    expect(forwardingListCsv(orders)).toBe(
      'action,legacy_number,forward_to,extension,name,state,order_id\r\n' +
        'set_up,+49221471121,+49221987651,21,Erika Muster,requested,00000000-0000-4000-8000-000000000001\r\n' +
        'keep,+49221471122,+49221987652,22,"\'=HYPERLINK(""http://evil.example"",""x""), ""Max""",verified,00000000-0000-4000-8000-000000000002\r\n' +
        'remove,+49221471123,+49221987653,,,removal_requested,00000000-0000-4000-8000-000000000003\r\n',
    );
  });

  it('prints as a page saying what to do per number, with every name escaped', () => {
    const page = forwardingListHtml({ tenantName: 'Muster <GmbH>', orders, generatedAt: at });
    expect(page).toMatch(/^<!doctype html>\n<html lang="de">/);
    expect(page).toContain('<title>Rufumleitungen – Muster &lt;GmbH&gt;</title>');
    expect(page).toContain('<td><strong>Einrichten</strong></td><td>+49221471121</td><td>+49221987651</td>');
    expect(page).toContain('<td><strong>Entfernen</strong></td><td>+49221471123</td>');
    expect(page).toContain('=HYPERLINK(&quot;http://evil.example&quot;,&quot;x&quot;), &quot;Max&quot;');
    expect(page).not.toContain('Gone');
    expect(page).toContain('Muster &lt;GmbH&gt;: 3 Rufnummern');
  });
});
