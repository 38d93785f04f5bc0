import { html, type TemplateResult } from 'lit';
import { formatPeriod } from '../shared/date.js';
import { formatPeriodCompact } from './period-format.js';
import type { Lang } from '../shared/i18n/lang.js';
import type { Messages } from './messages.js';
import { formatAmount } from '../shared/money.js';
import './xmf-fund-chart.js';

/**
 * A chart of fund balances and the same figures as a table: shared by a month's page
 * (its last 12 months) and the fund history page.
 */
export function historyFigure(
  months: { period: string; closings: { fund: string; closing: string }[] }[],
  funds: { fund: string; label: string }[],
  t: Messages,
  lang: Lang,
  id: string,
): TemplateResult {
  const closingOf = (month: (typeof months)[number], fund: string) =>
    month.closings.find((item) => item.fund === fund)?.closing ?? '0.00';
  const series = funds.map((fund) => ({
    fund: fund.fund,
    label: fund.label,
    closings: months.map((month) => closingOf(month, fund.fund)),
  }));
  const first = months[0]!;
  const last = months[months.length - 1]!;
  const separator = lang === 'zh-CN' ? '；' : '; ';
  const description = series
    .map(
      (line) =>
        `${line.label}: ${formatPeriod(first.period, lang)} ¥${formatAmount(line.closings[0]!)} → ` +
        `${formatPeriod(last.period, lang)} ¥${formatAmount(line.closings[line.closings.length - 1]!)}`,
    )
    .join(separator);
  return html`<xmf-fund-chart
      .periods=${months.map((month) => month.period)}
      .series=${series}
      label=${t.chartLabel(description)}
    ></xmf-fund-chart>
    <p class="scroll-hint" aria-hidden="true">${t.scrollHint}</p>
    <div class="table-scroll" role="region" aria-labelledby="cap-${id}" tabindex="0">
      <table data-table=${id} class="history-table">
        <caption id="cap-${id}">
          ${t.historyCaption}
        </caption>
        <thead>
          <tr>
            <th scope="col">${t.month}</th>
            ${funds.map((fund) => html`<th scope="col" class="num">${fund.label}</th>`)}
          </tr>
        </thead>
        <tbody>
          ${[...months].reverse().map(
            (month) =>
              html`<tr>
                <th scope="row">${formatPeriodCompact(month.period, lang)}</th>
                ${funds.map((fund) => html`<td class="num">${formatAmount(closingOf(month, fund.fund))}</td>`)}
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
}
