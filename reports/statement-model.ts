/**
 * The monthly reinvestment statement as plain data: what the PDF, the residents' web page
 * and the public JSON all show. Every amount is a two-decimal string (CNY), every
 * quantity a decimal string; nothing here can identify a hardship-aid recipient.
 */

export type FundKey = 'operations' | 'events' | 'hardship';
/** `other`: revenue posted outside the till (e.g. a manual entry), so the table adds up to net sales. */
export type TenderMethod = 'cash' | 'wechat' | 'alipay' | 'hardship_voucher' | 'other';

export interface StatementFund {
  fund: FundKey;
  name: string; // 服务中心运营 / 公益活动 / 困难帮扶
  nameEn: string;
  opening: string;
  allocated: string;
  spent: string;
  spentByCategory: { category: string; name: string; nameEn: string; amount: string }[];
  transfersIn: string;
  transfersOut: string;
  closing: string;
}

export interface StatementSpendingLine {
  date: string; // YYYY-MM-DD
  fund: FundKey;
  category: string;
  categoryName: string;
  categoryNameEn: string;
  description: string; // generic for aid: never a name, address or phone
  /** English of a description the system wrote; absent when staff typed it (shown as typed). */
  descriptionEn?: string;
  /** "困难家庭" / "individual household" for aid; a payee such as a supplier otherwise. */
  recipient: string;
  recipientEn: string;
  amount: string;
}

export interface StatementModel {
  period: string; // YYYY-MM
  version: number;
  enterprise: { name: string; nameEn: string; community: string; communityEn: string };
  sales: {
    saleCount: number;
    gross: string;
    discounts: string;
    refunds: string;
    net: string;
    lateSales: { count: number; amount: string };
    byCategory: {
      category: string;
      name: string;
      nameEn: string;
      /**
       * What was sold, per unit ("120 个 · 35.5 斤"): pieces and weights are never added
       * together. Empty for revenue booked outside the till.
       */
      quantities?: { unit: string; quantity: string }[];
      /** Statements published before quantities were kept per unit: one sum of every unit. */
      quantity?: string;
      amount: string;
    }[];
    byTender: { method: TenderMethod; count: number; amount: string }[];
  };
  production: {
    items: {
      product: string;
      productEn: string;
      unit: string;
      baked: string;
      sold: string;
      donated: string;
      discounted: string;
      wasted: string;
      /** Baked − sold − donated − discounted − wasted (absent before it was published). */
      unaccounted?: string;
    }[];
    wasteRatePercent: string; // e.g. "3.2"
  };
  costs: {
    byAccount: { account: string; name: string; nameEn: string; amount: string }[];
    total: string;
  };
  /** Revenue − costs for the month; negative is a deficit. */
  surplus: string;
  deficitCarriedIn: string; // ≤ 0 amount shown as positive, e.g. "120.00" carried in
  allocable: string; // max(0, surplus − deficitCarriedIn)
  allocation: {
    rule: { effectiveFrom: string; shares: { fund: FundKey; percent: string }[] } | null;
    parts: { fund: FundKey; amount: string }[];
  };
  funds: StatementFund[];
  spending: StatementSpendingLine[];
  /** Closing balance of each fund for up to the last 12 closed months, oldest first. */
  history: { period: string; funds: { fund: FundKey; closing: string }[] }[];
  closedBy: { name: string; at: string }; // ISO time
  publishedBy: { name: string; at: string } | null;
  digest: { algorithm: 'sha256'; value: string; entryCount: number };
  correction: { supersedesVersion: number; note: string } | null;
  /** Where residents can verify: the statements page URL. */
  verifyUrl: string;
}
