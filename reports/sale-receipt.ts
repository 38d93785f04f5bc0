import { businessTime } from '../ledger/core/business-time.js';
import { fen } from '../ledger/core/money.js';
import type { SaleRecord } from '../ledger/selling/sale-records.js';
import type { ReceiptModel, ReceiptShop } from './receipt-model.js';

/** The shop as printed at the top of every receipt. */
export const SHOP: ReceiptShop = {
  name: '辛馍坊',
  nameEn: 'Xinmofang Bakery',
  addressLine: '社区服务中心一楼 · 盈余全部回馈社区',
  addressLineEn: 'Community service center, ground floor',
};

/**
 * The receipt of a posted sale, built from what was recorded: nothing is priced or
 * rounded again. A hardship voucher shows only its method — no voucher number, no holder
 * — because a receipt leaves the shop; WeChat and Alipay show the last four characters
 * of their reference so a customer can match it to their phone.
 *
 * @example saleReceiptModel({ sale, cashierName: '王小明', timeZone: 'Asia/Shanghai', statementsUrl: 'https://…/' })
 */
export function saleReceiptModel(options: {
  sale: SaleRecord;
  cashierName: string;
  timeZone: string;
  statementsUrl: string;
  reprint?: boolean;
}): ReceiptModel {
  const { sale } = options;
  return {
    shop: SHOP,
    registerId: sale.registerId,
    saleId: sale.id,
    saleIdShort: sale.id.slice(0, 8),
    receiptNumber: sale.receiptNumber,
    businessDate: sale.businessDate,
    localTime: businessTime(sale.createdAt, options.timeZone).slice(0, 5),
    cashierName: options.cashierName,
    lines: sale.lines.map((line) => ({
      name: line.name,
      nameEn: line.nameEn,
      quantity: line.quantity.toFixed(),
      unit: line.unit,
      unitPrice: fen(line.unitPrice),
      discount: fen(line.discount),
      lineTotal: fen(line.total),
    })),
    subtotal: fen(sale.subtotal),
    saleDiscount: fen(sale.discount),
    total: fen(sale.total),
    tenders: sale.tenders.map((tender) => ({
      method: tender.method,
      amount: fen(tender.amount),
      tendered: tender.tendered === null ? null : fen(tender.tendered),
      change: tender.change === null ? null : fen(tender.change),
      referenceLast4:
        tender.method === 'hardship_voucher' || !tender.reference
          ? null
          : tender.reference.replace(/[^0-9A-Za-z]/g, '').slice(-4) || null,
    })),
    late: sale.late,
    refund: null,
    reprint: options.reprint ?? false,
    footerText: '谢谢惠顾！每一元盈余都回到社区。',
    footerTextEn: 'Thank you! Every yuan of surplus goes back to the community.',
    statementsUrl: options.statementsUrl,
  };
}
