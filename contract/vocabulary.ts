/**
 * The words the published PDF, the till receipts and the web pages share, in Chinese and
 * English: one copy, so a tender is called the same on a receipt, in a statement and on
 * the residents' page. Pure data and pure functions, importing nothing, so reports/ (Node)
 * and pos-ui/ (browser) may both import it (eslint.config.js keeps it that way).
 *
 * Names that live in the books (funds, products, accounts, categories) are not here: they
 * travel with the data (`name` / `nameEn`).
 */

export type VocabularyLang = 'zh-CN' | 'en';

/** Month names in English, January first; Chinese writes months as numbers (3月). */
export const MONTH_NAMES_EN = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

/** How money was paid. `other`: revenue booked outside the till (statements only). */
export type TenderKey = 'cash' | 'wechat' | 'alipay' | 'hardship_voucher' | 'other';

export const TENDER_NAMES: Record<VocabularyLang, Record<TenderKey, string>> = {
  'zh-CN': {
    cash: '现金',
    wechat: '微信支付',
    alipay: '支付宝',
    hardship_voucher: '帮扶券',
    other: '其他（手工记账）',
  },
  en: {
    cash: 'Cash',
    wechat: 'WeChat Pay',
    alipay: 'Alipay',
    hardship_voucher: 'Hardship voucher',
    other: 'Other (booked by the accountant)',
  },
};

/** The catalogue's unit codes. */
export type UnitKey = 'piece' | 'jin' | 'kg';

/**
 * Units as each language writes them. Keyed by the API's codes and, for English, also by
 * the Chinese words older catalogue rows carry; an unknown unit is shown as entered.
 */
export const UNIT_NAMES: Record<VocabularyLang, Record<UnitKey, string> & Record<string, string>> =
  {
    'zh-CN': { piece: '个', jin: '斤', kg: '公斤' },
    en: {
      piece: 'pc',
      jin: 'jin',
      kg: 'kg',
      个: 'pc',
      块: 'pc',
      斤: 'jin',
      公斤: 'kg',
      千克: 'kg',
      袋: 'bag',
    },
  };

/** A unit in a language, or the unit as entered when it is not a known one. */
export function unitName(unit: string, lang: VocabularyLang): string {
  return UNIT_NAMES[lang][unit] ?? unit;
}

/**
 * A category's quantity sold, one figure per unit: "120 个 · 35.5 斤" / "120 pc · 35.5 jin";
 * "—" for revenue booked outside the till. Statements published before quantities were
 * kept per unit carry one sum (`quantity`), shown as it was published.
 *
 * @example categoryQuantityText({ quantities: [{ unit: 'piece', quantity: '120' }, { unit: 'jin', quantity: '35.5' }] }, 'zh-CN', (q) => q) // '120 个 · 35.5 斤'
 */
export function categoryQuantityText(
  row: { quantities?: { unit: string; quantity: string }[]; quantity?: string },
  lang: VocabularyLang,
  formatQuantity: (quantity: string) => string,
  separator = ' · ',
): string {
  if (row.quantities === undefined) {
    return row.quantity === undefined ? '—' : formatQuantity(row.quantity);
  }
  if (row.quantities.length === 0) return '—';
  return row.quantities
    .map((item) => `${formatQuantity(item.quantity)} ${unitName(item.unit, lang)}`)
    .join(separator);
}

/** The statement's terms that the PDF and the residents' page both print. */
export interface StatementTerms {
  version: (version: number) => string;
  correctedVersion: (version: number, supersedes: number) => string;
  publishedOn: (when: string) => string;

  netSales: string;
  costs: string;
  surplus: string;
  deficit: string;
  deficitCarriedIn: string;
  allocable: string;

  salesHeading: string;
  saleCount: string;
  grossSales: string;
  discounts: string;
  refunds: string;
  lateSales: (count: string, amount: string) => string;
  noLateSales: string;
  category: string;
  quantity: string;
  tender: string;
  count: string;
  total: string;

  productionHeading: string;
  product: string;
  unit: string;
  baked: string;
  sold: string;
  donated: string;
  discounted: string;
  wasted: string;
  /** Baked − sold − donated − discounted − wasted, per product and unit. */
  unaccounted: string;
  unaccountedNote: string;
  wasteRate: (rate: string) => string;

  costsHeading: string;

  allocationHeading: string;
  ruleText: (effectiveFrom: string, shares: string) => string;
  noRule: string;
  nothingToAllocate: string;
  allocationNote: string;
  share: string;
  fund: string;

  fundsHeading: string;
  opening: string;
  allocated: string;
  spent: string;
  transfersIn: string;
  transfersOut: string;
  closing: string;
  spentByCategory: string;
  noSpending: string;

  spendingHeading: string;
  date: string;
  description: string;
  recipient: string;

  /**
   * The history chart's title, naming the months it really covers (first and last as
   * formatted months, and how many; 0 when there are none), never a fixed "12 months"
   * over two points.
   */
  historyHeading: (first: string, last: string, months: number) => string;
  historyEmpty: string;
  /** The value axis of the fund balance chart, with its unit. */
  chartBalanceAxis: string;

  verificationHeading: string;
  closedBy: (name: string, when: string) => string;
  publishedBy: (name: string, when: string) => string;
  notYetPublished: string;
  periodDigest: string;
}

export const STATEMENT_TERMS: Record<VocabularyLang, StatementTerms> = {
  'zh-CN': {
    version: (version) => `第 ${version} 版`,
    correctedVersion: (version, supersedes) =>
      `第 ${version} 版（更正版，取代第 ${supersedes} 版）`,
    publishedOn: (when) => `公示时间 ${when}`,

    netSales: '净销售额',
    costs: '成本费用合计',
    surplus: '本月结余',
    deficit: '本月亏损',
    deficitCarriedIn: '以前月份结转亏损',
    allocable: '可分配结余',

    salesHeading: '一、销售',
    saleCount: '销售笔数',
    grossSales: '销售总额',
    discounts: '折扣',
    refunds: '退款',
    lateSales: (count, amount) =>
      `补记销售：${count} 笔，金额 ${amount} 元（离线销售在所属月份结账后才同步，按规定计入本月）。`,
    noLateSales: '补记销售：无。',
    category: '品类',
    quantity: '数量',
    tender: '支付方式',
    count: '笔数',
    total: '合计',

    productionHeading: '二、生产与损耗',
    product: '产品',
    unit: '单位',
    baked: '生产',
    sold: '售出',
    unaccounted: '未记录去向',
    unaccountedNote:
      '未记录去向 = 生产 − 售出 − 捐赠 − 折价 − 报损，按各产品自己的单位计算；多为称重误差或未登记的剩余，负数表示售出多于本月登记的生产。',
    donated: '捐赠',
    discounted: '折价',
    wasted: '报损',
    wasteRate: (rate) => `本月报损率：${rate}`,

    costsHeading: '三、成本费用',

    allocationHeading: '四、结余分配',
    ruleText: (effectiveFrom, shares) => `分配规则（自 ${effectiveFrom} 起执行）：${shares}`,
    noRule: '本月未适用分配规则。',
    nothingToAllocate: '本月没有可分配结余，三项基金本月不获分配。',
    allocationNote: '各基金金额按规则比例计算，按最大余数法取整到分，合计恰好等于可分配结余。',
    share: '比例',
    fund: '基金',

    fundsHeading: '五、各基金收支',
    opening: '期初余额',
    allocated: '本月分配',
    spent: '本月支出',
    transfersIn: '转入',
    transfersOut: '转出',
    closing: '期末余额',
    spentByCategory: '支出分类',
    noSpending: '本月没有基金支出。',

    spendingHeading: '六、支出明细',
    date: '日期',
    description: '用途',
    recipient: '收款方',

    historyHeading: (first, last, months) =>
      months <= 0
        ? '七、基金期末余额'
        : months === 1
          ? `七、基金期末余额（${first}）`
          : `七、基金期末余额（${first}至${last}，共 ${months} 个月）`,
    chartBalanceAxis: '期末余额（元）',
    historyEmpty: '暂无已结账月份的余额记录。',

    verificationHeading: '八、结账、公示与核验',
    closedBy: (name, when) => `结账：${name}，${when}`,
    publishedBy: (name, when) => `公示：${name}，${when}`,
    notYetPublished: '公示：尚未公示',
    periodDigest: '本期账目摘要（SHA-256）',
  },
  en: {
    version: (version) => `Version ${version}`,
    correctedVersion: (version, supersedes) =>
      `Version ${version} (correction, supersedes version ${supersedes})`,
    publishedOn: (when) => `Published ${when}`,

    netSales: 'Net sales',
    costs: 'Total costs',
    surplus: 'Surplus',
    deficit: 'Deficit',
    deficitCarriedIn: 'Deficit carried in',
    allocable: 'Allocable surplus',

    salesHeading: '1. Sales',
    saleCount: 'Sales',
    grossSales: 'Gross sales',
    discounts: 'Discounts',
    refunds: 'Refunds',
    lateSales: (count, amount) =>
      `Late sales: ${count}, CNY ${amount} (offline sales synced after their month was closed, booked in this month).`,
    noLateSales: 'Late sales: none.',
    category: 'Category',
    quantity: 'Quantity',
    tender: 'Tender',
    count: 'Count',
    total: 'Total',

    productionHeading: '2. Production and waste',
    product: 'Product',
    unit: 'Unit',
    baked: 'Baked',
    sold: 'Sold',
    unaccounted: 'Not accounted for',
    unaccountedNote:
      'Not accounted for = baked − sold − donated − discounted − wasted, in each product’s own unit; ' +
      'mostly weighing differences or leftovers not recorded. A negative figure means more was sold than was recorded as baked this month.',
    donated: 'Donated',
    discounted: 'Discounted',
    wasted: 'Wasted',
    wasteRate: (rate) => `Waste rate this month: ${rate}`,

    costsHeading: '3. Costs',

    allocationHeading: '4. Allocation of the surplus',
    ruleText: (effectiveFrom, shares) =>
      `Allocation rule (in force from ${effectiveFrom}): ${shares}`,
    noRule: 'No allocation rule applied this month.',
    nothingToAllocate: 'There is no allocable surplus this month; the funds receive nothing.',
    allocationNote:
      'Each part follows the rule and is rounded to the fen by largest remainder, so the parts add up exactly to the allocable surplus.',
    share: 'Share',
    fund: 'Fund',

    fundsHeading: '5. The funds',
    opening: 'Opening',
    allocated: 'Allocated',
    spent: 'Spent',
    transfersIn: 'Transfers in',
    transfersOut: 'Transfers out',
    closing: 'Closing',
    spentByCategory: 'Spending by category',
    noSpending: 'No fund spending this month.',

    spendingHeading: '6. Spending',
    date: 'Date',
    description: 'Purpose',
    recipient: 'Recipient',

    historyHeading: (first, last, months) =>
      months <= 0
        ? '7. Fund closing balances'
        : months === 1
          ? `7. Fund closing balances, ${first}`
          : `7. Fund closing balances, ${first} to ${last} (${months} months)`,
    chartBalanceAxis: 'Closing balance (CNY)',
    historyEmpty: 'No closed months yet.',

    verificationHeading: '8. Close, publication and verification',
    closedBy: (name, when) => `Closed by ${name}, ${when}`,
    publishedBy: (name, when) => `Published by ${name}, ${when}`,
    notYetPublished: 'Published: not yet',
    periodDigest: 'Period digest (SHA-256)',
  },
};
