import type { FieldError } from '../kernel/index.js';
import { germanDate } from './calendar-date.js';
import { html } from './html.js';
import type { SafeHtml } from './html.js';
import { describeNumbers } from './number-ranges.js';
import type { PortOrder } from './port-order.js';
import { printablePage } from './printable-page.js';

export interface PortRequestInput {
  readonly order: PortOrder;
  readonly tenantName: string;
  /** What the order still lacks (see `portOrderSubmitProblems`): shown where it belongs. */
  readonly missing: readonly FieldError[];
  /** ISO-8601 UTC */
  readonly generatedAt: string;
}

/** The notices every port request carries (telephony-de §3.1, anchors: porting gotchas). */
export const portRequestNotices: readonly string[] = [
  'Kündigen Sie den Vertrag beim bisherigen Anbieter nicht selbst. Die Kündigung geschieht im Zuge der Portierung; ' +
    'eine eigene Kündigung kann dazu führen, dass die Rufnummern an den bisherigen Anbieter oder die Bundesnetzagentur zurückfallen und verloren gehen.',
  'Rufumleitungen beim bisherigen Anbieter: Klären Sie, ob sie vor der Portierung entfernt werden müssen (manche Anbieter portieren umgeleitete Rufnummern nicht) ' +
    'oder bis zum Wechseltermin bestehen bleiben sollen, und beauftragen Sie es entsprechend.',
  'Alle Rufnummern eines Anlagenanschlusses werden gemeinsam portiert; eine Teilübertragung ist nicht möglich.',
];

/** A datum kept verbatim (white space shown as typed), or the note that it is missing. */
function datum(value: string | null, field: string, missing: ReadonlySet<string>): SafeHtml {
  if (value !== null) return html`<span class="verbatim">${value}</span>`;
  return html`<span class="missing">${missing.has(field) ? 'fehlt' : '—'}</span>`;
}

function requestedDate(order: PortOrder): string {
  if (order.requestedDate !== null) return germanDate(order.requestedDate);
  if (!order.atContractEnd) return 'fehlt';
  return order.contractEndDate === null ? 'zum Ende der Vertragslaufzeit' : `zum Ende der Vertragslaufzeit (${germanDate(order.contractEndDate)})`;
}

/**
 * The port request as a printable page for the holder's signature, in German (it goes to the
 * losing provider): the line, the holder's data exactly as registered, every number, the date
 * asked for, the notices and belay's warnings. Every piece of user data is escaped.
 */
export function portRequestHtml(input: PortRequestInput): string {
  const { order } = input;
  const missing = new Set(input.missing.map((m) => m.field));
  const warnings = order.warnings.map((w) => html`<li>${w.message}</li>`);
  const incomplete = input.missing.map((m) => html`<li>${m.field} ${m.message}</li>`);
  const wechseltermin =
    order.confirmedDate === null
      ? null
      : html`<tr><th>Bestätigter Wechseltermin</th><td>${germanDate(order.confirmedDate)}${order.portingWindow ? ` ${order.portingWindow.start}–${order.portingWindow.end} Uhr` : ''}</td></tr>`;
  const body = html`<h1>Auftrag zur Rufnummernportierung</h1>
<p>Anbieterwechsel mit Rufnummernmitnahme für ${input.tenantName}</p>
${incomplete.length > 0 ? html`<div class="notice"><strong>Noch nicht vollständig:</strong><ul>${incomplete}</ul></div>` : null}
<div class="notice"><strong>Wichtig</strong><ul>${portRequestNotices.map((n) => html`<li>${n}</li>`)}</ul></div>
${warnings.length > 0 ? html`<div class="notice"><strong>Warnings</strong><ul>${warnings}</ul></div>` : null}
<h2>Abgebender Anbieter</h2>
<table>
<tr><th>Anbieter</th><td>${order.oldProvider}</td></tr>
<tr><th>Anschluss (Anlagenanschluss)</th><td class="verbatim">${order.lineId}</td></tr>
<tr><th>Kundennummer</th><td>${datum(order.customerNumber, 'customerNumber', missing)}</td></tr>
</table>
<h2>Anschlussinhaber (genau wie beim abgebenden Anbieter registriert)</h2>
<table>
<tr><th>Name / Firma</th><td>${datum(order.holderName, 'holderName', missing)}</td></tr>
<tr><th>Straße, Hausnummer</th><td>${datum(order.holderStreet, 'holderStreet', missing)}</td></tr>
<tr><th>PLZ, Ort</th><td>${datum(order.holderPostalCode, 'holderPostalCode', missing)} ${datum(order.holderCity, 'holderCity', missing)}</td></tr>
</table>
<h2>Rufnummern (${order.numbers.length})</h2>
<p class="verbatim">${describeNumbers(order.numbers)}</p>
<h2>Termin</h2>
<table>
<tr><th>Gewünschter Termin</th><td>${requestedDate(order)}</td></tr>
${wechseltermin}
</table>
<h2>Auftrag</h2>
<p>Hiermit beauftrage ich die Portierung aller oben genannten Rufnummern des Anschlusses ${order.lineId} vom abgebenden Anbieter ${order.oldProvider}
zum neuen Anbieter. Ich bin berechtigt, für den Anschlussinhaber zu unterschreiben.</p>
<div class="signature">
<div class="line">Ort, Datum</div>
<div class="line">Unterschrift${order.signatoryName === null ? '' : `: ${order.signatoryName}`}${order.signatoryRole === null ? '' : ` (${order.signatoryRole})`}</div>
<div class="line">Firmenstempel</div>
<div class="line">Name in Druckbuchstaben</div>
</div>
${missing.has('signatoryName') ? html`<p class="missing">Unterschriftsberechtigte Person: fehlt</p>` : null}
<footer>Portierungsauftrag ${order.id} · Status ${order.state} · erstellt ${input.generatedAt} von belay</footer>`;
  return printablePage(`Portierungsauftrag ${order.oldProvider} ${order.lineId}`, body);
}
