import { describe, expect, it } from 'vitest';
import type { PortOrder } from './port-order.js';
import { portOrderSubmitProblems } from './port-order-readiness.js';
import { portRequestHtml, portRequestNotices } from './port-request-html.js';

const at = '2026-03-02T09:00:00.000Z';
const order: PortOrder = {
  id: '00000000-0000-4000-8000-000000000001',
  tenantId: '00000000-0000-4000-8000-000000000000',
  oldProvider: 'Telekom',
  lineId: 'AS-1',
  state: 'draft',
  numbers: Array.from({ length: 100 }, (_, i) => `+492214711${String(i).padStart(2, '0')}`),
  holderName: 'Muster  GmbH & Co. <KG>',
  holderStreet: '<img src=x onerror=alert(1)>',
  holderPostalCode: '50668',
  holderCity: 'Köln',
  customerNumber: null,
  signatoryName: 'Erika "E." Mustermann',
  signatoryRole: 'Geschäftsführerin',
  requestedDate: null,
  atContractEnd: true,
  contractEndDate: '2026-06-30',
  confirmedDate: null,
  portingWindow: null,
  rejection: null,
  correctedFields: [],
  submissions: 0,
  provisionalGraceDays: 30,
  provisionalsRetireAt: null,
  cancelReason: null,
  submittedAt: null,
  confirmedAt: null,
  completedAt: null,
  cancelledAt: null,
  createdAt: at,
  updatedAt: at,
  warnings: [{ code: 'forwarding', message: '3 numbers of this line are forwarded <at the old provider>' }],
};

describe('the printable port request', () => {
  const page = portRequestHtml({ order, tenantName: 'Muster & Co', missing: portOrderSubmitProblems(order, '2026-03-02'), generatedAt: at });

  it('shows the holder’s data verbatim, escaped, with its white space kept', () => {
    expect(page).toContain('<span class="verbatim">Muster  GmbH &amp; Co. &lt;KG&gt;</span>');
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(page).not.toMatch(/<img|<KG>/);
    expect(page).toContain('Unterschrift: Erika &quot;E.&quot; Mustermann (Geschäftsführerin)');
  });

  it('names every number of the line, the date asked for, and what is still missing', () => {
    expect(page).toContain('<h2>Rufnummern (100)</h2>');
    expect(page).toContain('+49221471100–+49221471199');
    expect(page).toContain('zum Ende der Vertragslaufzeit (30.06.2026)');
    expect(page).toContain('<li>customerNumber is required before submitting: the customer number at the old provider</li>');
    expect(page).toMatch(/<th>Kundennummer<\/th><td><span class="missing">fehlt<\/span>/);
  });

  it('carries the notices (never cancel the old contract yourself; forwarding) and belay’s warnings, escaped', () => {
    for (const notice of portRequestNotices) expect(page).toContain(notice);
    expect(page).toContain('Kündigen Sie den Vertrag beim bisherigen Anbieter nicht selbst.');
    expect(page).toContain('<li>3 numbers of this line are forwarded &lt;at the old provider&gt;</li>');
  });

  it('shows the Wechseltermin and window once confirmed', () => {
    const confirmed = portRequestHtml({ order: { ...order, state: 'confirmed', confirmedDate: '2026-06-30', portingWindow: { start: '06:00', end: '10:00' } }, tenantName: 'M', missing: [], generatedAt: at });
    expect(confirmed).toContain('<tr><th>Bestätigter Wechseltermin</th><td>30.06.2026 06:00–10:00 Uhr</td></tr>');
    expect(confirmed).not.toContain('Noch nicht vollständig');
  });
});
