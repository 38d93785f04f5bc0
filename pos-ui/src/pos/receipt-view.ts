import { html, svg, nothing } from 'lit';
import { formatFen } from '../shared/money.js';
import type { Lang } from '../shared/i18n/lang.js';
import { tenderName, unitName, type UnitKey } from '../shared/i18n/vocabulary.js';
import { formatBusinessTime } from '../shared/date.js';
import type { PosMessages } from './messages.js';
import { qrSvgPath } from './qr-svg.js';

/** What a receipt shows, made on the tablet from the sale it just queued (or from the server's sale). */
export interface ReceiptModel {
  saleId: string;
  receiptNumber: string;
  createdAt: string;
  registerId: string;
  cashierName: string;
  lines: {
    name: string;
    nameEn: string | null;
    quantity: string;
    unit: UnitKey;
    unitPriceFen: bigint;
    discountFen: bigint;
    totalFen: bigint;
  }[];
  discountFen: bigint;
  totalFen: bigint;
  tenders: { method: string; amountFen: bigint; tenderedFen?: bigint; reference?: string }[];
  changeFen: bigint;
  reprint?: boolean;
}

/** The receipt as shown on screen and printed (print CSS at 58 or 80 mm). */
export function renderReceipt(
  receipt: ReceiptModel,
  t: PosMessages,
  lang: Lang,
  statementsUrl: string,
) {
  const qr = qrSvgPath(statementsUrl);
  return html`<article class="receipt" aria-label=${t.receipt}>
    <h2 class="receipt-shop">辛馍坊${lang === 'en' ? ' Xinmofang' : ''}</h2>
    ${receipt.reprint ? html`<p class="receipt-center">*** ${t.reprint} ***</p>` : nothing}
    <p>${t.receiptNo}: <strong class="receipt-number">${receipt.receiptNumber}</strong></p>
    <p>${formatBusinessTime(receipt.createdAt, lang)}</p>
    <p>${receipt.registerId} · ${t.cashier}: ${receipt.cashierName}</p>
    <table class="receipt-lines">
      <tbody>
        ${receipt.lines.map(
          (line) =>
            html`<tr>
                <td colspan="2">${lang === 'en' && line.nameEn ? line.nameEn : line.name}</td>
              </tr>
              <tr>
                <td>
                  ${line.quantity} ${unitName(line.unit, lang)} × ${formatFen(line.unitPriceFen)}
                </td>
                <td class="num">${formatFen(line.totalFen)}</td>
              </tr>
              ${
                line.discountFen > 0n
                  ? html`<tr>
                      <td>${t.discount}</td>
                      <td class="num">−${formatFen(line.discountFen)}</td>
                    </tr>`
                  : nothing
              }`,
        )}
        ${
          receipt.discountFen > 0n
            ? html`<tr>
                <td>${t.saleDiscount}</td>
                <td class="num">−${formatFen(receipt.discountFen)}</td>
              </tr>`
            : nothing
        }
        <tr class="receipt-total">
          <td>${t.total}</td>
          <td class="num">${formatFen(receipt.totalFen)}</td>
        </tr>
        ${receipt.tenders.map(
          (tender) =>
            html`<tr>
              <td>
                ${tenderName(tender.method, lang)}${tender.reference && tender.method !== 'hardship_voucher' ? ` ${tender.reference}` : ''}
              </td>
              <td class="num">${formatFen(tender.tenderedFen ?? tender.amountFen)}</td>
            </tr>`,
        )}
        ${
          receipt.changeFen > 0n
            ? html`<tr>
                <td>${t.change}</td>
                <td class="num">${formatFen(receipt.changeFen)}</td>
              </tr>`
            : nothing
        }
      </tbody>
    </table>
    <p class="receipt-surplus">${t.surplusLine}</p>
    <svg
      class="receipt-qr"
      viewBox="0 0 ${qr.size} ${qr.size}"
      role="img"
      aria-label=${statementsUrl}
    >
      ${svg`<rect width=${qr.size} height=${qr.size} fill="#fff"></rect><path d=${qr.path} fill="#000"></path>`}
    </svg>
    <p class="receipt-center receipt-url">${statementsUrl}</p>
  </article>`;
}
