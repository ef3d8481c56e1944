import type { ForwardingOrderState } from './forwarding-order-machine.js';
import type { ForwardingOrder } from './forwarding-order.js';
import { html } from './html.js';
import { printablePage } from './printable-page.js';

/** What the old provider or the old PBX's administrator is asked to do with a forwarding. */
export type ForwardingAction = 'set_up' | 'keep' | 'remove';

const actionOf: Readonly<Record<ForwardingOrderState, ForwardingAction | undefined>> = {
  requested: 'set_up',
  active: 'keep',
  verified: 'keep',
  removal_requested: 'remove',
  removed: undefined,
};

const actionLabel: Readonly<Record<ForwardingAction, string>> = { set_up: 'Einrichten', keep: 'Bestehen lassen', remove: 'Entfernen' };

/** The orders the list names (a removed forwarding asks nothing more of anyone), with what to do. */
export function forwardingListEntries(orders: readonly ForwardingOrder[]): readonly { readonly order: ForwardingOrder; readonly action: ForwardingAction }[] {
  return orders.flatMap((order) => {
    const action = actionOf[order.state];
    return action === undefined ? [] : [{ order, action }];
  });
}

/**
 * One CSV cell (RFC 4180): quoted when it holds a comma, quote or line break; text that a
 * spreadsheet would run as a formula gets a leading apostrophe, except a plain E.164 number.
 */
function csvCell(value: string): string {
  const guarded = /^[=+\-@\t\r]/.test(value) && !/^\+\d+$/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(guarded) || guarded !== guarded.trim() ? `"${guarded.replaceAll('"', '""')}"` : guarded;
}

const csvHeader = ['action', 'legacy_number', 'forward_to', 'extension', 'name', 'state', 'order_id'];

/** The forwarding list as CSV (CRLF line ends, one header line), for the old provider or the old PBX's administrator. */
export function forwardingListCsv(orders: readonly ForwardingOrder[]): string {
  const rows = forwardingListEntries(orders).map(({ order, action }) => [
    action,
    order.legacyNumber,
    order.provisionalNumber,
    order.extension ?? '',
    order.name ?? '',
    order.state,
    order.id,
  ]);
  return [csvHeader, ...rows].map((row) => `${row.map(csvCell).join(',')}\r\n`).join('');
}

/** The forwarding list as a printable page. */
export function forwardingListHtml(input: { readonly tenantName: string; readonly orders: readonly ForwardingOrder[]; readonly generatedAt: string }): string {
  const entries = forwardingListEntries(input.orders);
  const rows = entries.map(
    ({ order, action }) => html`<tr>
  <td><strong>${actionLabel[action]}</strong></td><td>${order.legacyNumber}</td><td>${order.provisionalNumber}</td>
  <td>${order.extension ?? ''}</td><td>${order.name ?? ''}</td>
</tr>`,
  );
  const body = html`<h1>Rufumleitungen beim bisherigen Anbieter</h1>
<p>${input.tenantName}: ${entries.length} Rufnummern</p>
<p>Bitte richten Sie für jede Rufnummer mit der Aktion <em>Einrichten</em> eine ständige Rufumleitung (unbedingt, ohne Verzögerung)
auf die angegebene Zielrufnummer ein, eine eigene je Durchwahl, und entfernen Sie die Umleitungen mit der Aktion <em>Entfernen</em>.
Umleitungen mit <em>Bestehen lassen</em> bleiben, wie sie sind.</p>
<table>
<thead><tr><th>Aktion</th><th>Rufnummer</th><th>Umleiten auf</th><th>Durchwahl</th><th>Name</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
<footer>Erstellt ${input.generatedAt} von belay.</footer>`;
  return printablePage(`Rufumleitungen – ${input.tenantName}`, body);
}
