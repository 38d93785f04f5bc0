/**
 * What the public JSON endpoints answer, as the residents' pages read it. pos-ui may not
 * import server-side code, so this is the browser's own copy of the contract;
 * tests/browser/contract-types.ts makes the compiler check it against reports/statement-model.ts.
 */

export type FundKey = 'operations' | 'events' | 'hardship';
export type TenderMethod = 'cash' | 'wechat' | 'alipay' | 'hardship_voucher' | 'other';

export interface StatementFund {
  fund: FundKey;
  name: string;
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
  date: string;
  fund: FundKey;
  category: string;
  categoryName: string;
  categoryNameEn: string;
  description: string;
  /** "困难家庭" / "individual household" for aid; a payee such as a supplier otherwise. */
  recipient: string;
  recipientEn: string;
  amount: string;
}

export interface Correction {
  supersedesVersion: number;
  note: string;
}

/** The monthly reinvestment statement: the same figures as the published PDF. */
export interface Statement {
  period: string;
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
      quantity: string;
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
    }[];
    wasteRatePercent: string;
  };
  costs: {
    byAccount: { account: string; name: string; nameEn: string; amount: string }[];
    total: string;
  };
  surplus: string;
  deficitCarriedIn: string;
  allocable: string;
  allocation: {
    rule: { effectiveFrom: string; shares: { fund: FundKey; percent: string }[] } | null;
    parts: { fund: FundKey; amount: string }[];
  };
  funds: StatementFund[];
  spending: StatementSpendingLine[];
  history: { period: string; funds: { fund: FundKey; closing: string }[] }[];
  closedBy: { name: string; at: string };
  publishedBy: { name: string; at: string } | null;
  digest: { algorithm: 'sha256'; value: string; entryCount: number };
  correction: Correction | null;
  verifyUrl: string;
}

/** One published version of a month: where its PDFs are and what their hash is. */
export interface Publication {
  period: string;
  version: number;
  current: boolean;
  /** SHA-256 of the Chinese PDF, the published document. */
  sha256: string;
  /** SHA-256 of the English PDF, where the server lists it. */
  sha256En?: string;
  publishedAt: string;
  pdfUrl: string;
  pdfUrlEn: string;
  correction: Correction | null;
}

export interface StatementSummaryFund {
  fund: FundKey;
  name: string;
  nameEn: string;
  allocated: string;
  spent: string;
  closing: string;
}

/** An entry of `GET /api/public/statements`. */
export interface StatementSummary extends Publication {
  surplus: string;
  funds: StatementSummaryFund[];
}

export interface StatementListResponse {
  statements: StatementSummary[];
}

/** `GET /api/public/statements/{period}` and `…/versions/{n}`. */
export interface StatementResponse {
  statement: Statement;
  publication: Publication;
  versions: Publication[];
}

export interface FundHistoryResponse {
  history: {
    period: string;
    funds: { fund: FundKey; name: string; nameEn: string; closing: string }[];
  }[];
}
