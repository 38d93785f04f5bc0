import { html, nothing, type TemplateResult } from 'lit';
import type { Schemas } from '../shared/api/client.js';
import { tenderName } from '../shared/i18n/vocabulary.js';
import { amountToFen, formatFen } from '../shared/money.js';
import type { XmfPosApp } from './xmf-pos-app.js';

/** A shift's X report (while open) or Z report (its close), as the cash and close screens show it. */
export function renderReport(
  app: XmfPosApp,
  report: Schemas['ShiftReport'] | Schemas['ZReport'],
  title: string,
): TemplateResult {
  const t = app.t;
  const lang = app.i18n.lang;
  const money = (amount: string | null) =>
    amount === null ? '—' : formatFen(amountToFen(amount) ?? 0n);
  const countRow = (label: string, count: number, amount: string | null) =>
    html`<tr>
      <th scope="row">${label}</th>
      <td class="num">${count}</td>
      <td class="num">${money(amount)}</td>
    </tr>`;
  const cashRows: [string, string | null, string | undefined][] = [
    [t.openingFloat, report.openingFloat, undefined],
    [t.expected, report.expectedCash, 'expected'],
    [t.counted, report.countedCash, 'counted'],
    [t.overShort, report.overShort, 'over-short'],
  ];
  return html`<article class="card report" data-testid="report">
    <h2>${title}${'number' in report ? ` #${report.number}` : ''}</h2>
    <p>${report.registerId} · ${report.cashierName} · ${report.businessDate}</p>
    <table class="figures">
      <tbody>
        ${countRow(t.sales, report.sales.count, report.sales.total)}
        ${report.tenders.map((tender) => countRow(tenderName(tender.method, lang), tender.count, tender.amount))}
        ${countRow(t.refund, report.refunds.count, report.refunds.amount)}
        ${cashRows.map(
          ([label, amount, testId]) =>
            html`<tr>
              <th scope="row">${label}</th>
              <td></td>
              <td class="num" data-testid=${testId ?? nothing}>${money(amount)}</td>
            </tr>`,
        )}
      </tbody>
    </table>
    ${
      report.cashMovements.length
        ? html`<h3>${t.cashMovements}</h3>
            <table class="figures" data-testid="cash-movements">
              <tbody>
                ${report.cashMovements.map(
                  (movement) =>
                    html`<tr>
                      <th scope="row">
                        ${movement.kind === 'paid_in' ? t.paidIn : t.paidOut} ·
                        ${t.purposes[movement.purpose] ?? movement.purpose}${movement.reason ? ` · ${movement.reason}` : ''}
                      </th>
                      <td class="num">
                        ${movement.kind === 'paid_in' ? '' : '−'}${money(movement.amount)}
                      </td>
                    </tr>`,
                )}
              </tbody>
            </table>`
        : nothing
    }
    ${
      'variance' in report && report.variance
        ? html`<p data-testid="variance-approved">
            ${t.varianceApproved}
            (${app.staff.find((member) => member.id === report.variance?.approvedBy)?.displayName ?? ''}):
            ${report.variance.reason}
          </p>`
        : nothing
    }
    ${report.receiptNumbers?.ranges.map(
      (range) =>
        html`<p>
          ${t.receiptNumbers}: ${range.first} – ${range.last}
          (${range.count})${range.missingCount ? html` · ${t.missingNumbers}: ${range.missing.join(', ')}` : nothing}
        </p>`,
    )}
  </article>`;
}
