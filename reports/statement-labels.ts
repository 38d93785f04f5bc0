import type { TenderMethod } from './statement-model.js';
import type { StatementLang } from './display-format.js';

/**
 * Every fixed word of the published statement, in Chinese and English. Names that come
 * from the books (products, accounts, funds, categories) travel in the model instead.
 */
export interface StatementLabels {
  title: (enterprise: string, month: string) => string;
  /** The PDF's metadata title: the heading and the version. */
  documentTitle: (title: string, version: string) => string;
  version: (version: number) => string;
  correctedVersion: (version: number, supersedes: number) => string;
  unpublished: string;
  publishedOn: (when: string) => string;
  intro: string;
  runningHeader: (title: string, version: string) => string;
  pageOf: (page: number, pages: number) => string;
  footerDigest: (digest: string) => string;
  footerVerify: (url: string) => string;

  correctionHeading: (supersedes: number) => string;

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
  byCategory: string;
  byTender: string;
  category: string;
  quantity: string;
  amount: string;
  tender: string;
  count: string;
  tenders: Record<TenderMethod, string>;
  total: string;

  productionHeading: string;
  product: string;
  unitHeader: string;
  /** A unit of measure from the catalogue (个, 斤…) as this language writes it. */
  unit: (unit: string) => string;
  baked: string;
  sold: string;
  donated: string;
  discounted: string;
  wasted: string;
  wasteRate: (rate: string) => string;

  costsHeading: string;
  accountCode: string;
  accountName: string;

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
  continued: (heading: string) => string;
  date: string;
  description: string;
  recipient: string;
  aidPrivacyNote: string;

  historyHeading: string;
  historyEmpty: string;
  yuan: string;

  verificationHeading: string;
  closedBy: (name: string, when: string) => string;
  publishedBy: (name: string, when: string) => string;
  notYetPublished: string;
  periodDigest: string;
  entryCount: (count: string) => string;
  howToVerify: (url: string) => string;
}

/** Units the catalogue uses; an unknown unit is shown as entered. */
const UNITS_ZH: Record<string, string> = { piece: '个', jin: '斤', kg: '公斤' };
const UNITS_EN: Record<string, string> = {
  piece: 'pc',
  jin: 'jin',
  kg: 'kg',
  个: 'pc',
  块: 'pc',
  斤: 'jin',
  公斤: 'kg',
  千克: 'kg',
  袋: 'bag',
};

const zhCN: StatementLabels = {
  title: (enterprise, month) => `${enterprise} 社区再投入公示 ${month}`,
  documentTitle: (title, version) => `${title}（${version}）`,
  version: (version) => `第 ${version} 版`,
  correctedVersion: (version, supersedes) => `第 ${version} 版（更正版，取代第 ${supersedes} 版）`,
  unpublished: '未公示（预览稿）',
  publishedOn: (when) => `公示时间 ${when}`,
  intro:
    '本店经营结余全部回到社区：服务中心运营、公益活动和困难家庭帮扶。' +
    '以下数字均来自已结账月份的账簿，可按本页底部的方法核验。',
  runningHeader: (title, version) => `${title} · ${version}`,
  pageOf: (page, pages) => `第 ${page} / ${pages} 页`,
  footerDigest: (digest) => `本期账目摘要 SHA-256：${digest}`,
  footerVerify: (url) => `核验方法：在 ${url} 下载本期分录导出，重新计算 SHA-256，应与上值一致。`,

  correctionHeading: (supersedes) => `更正说明（本版取代第 ${supersedes} 版，两版均保留公开）`,

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
  byCategory: '按品类',
  byTender: '按支付方式',
  category: '品类',
  quantity: '数量',
  amount: '金额（元）',
  tender: '支付方式',
  count: '笔数',
  tenders: {
    cash: '现金',
    wechat: '微信支付',
    alipay: '支付宝',
    hardship_voucher: '帮扶券',
    other: '其他（手工记账）',
  },
  total: '合计',

  productionHeading: '二、生产与损耗',
  product: '产品',
  unitHeader: '单位',
  unit: (unit) => UNITS_ZH[unit] ?? unit,
  baked: '生产',
  sold: '售出',
  donated: '捐赠',
  discounted: '折价',
  wasted: '报损',
  wasteRate: (rate) => `本月报损率：${rate}`,

  costsHeading: '三、成本费用',
  accountCode: '科目代码',
  accountName: '科目名称',

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
  continued: (heading) => `${heading}（续）`,
  date: '日期',
  description: '用途',
  recipient: '收款方',
  aidPrivacyNote:
    '帮扶类支出按公开资助数据的惯例匿名公示：收款方只写"困难家庭"，用途只写类别，' +
    '不公开姓名、住址、电话或证件号码，地点不细于本社区。',

  historyHeading: '七、近 12 个月基金期末余额',
  historyEmpty: '暂无已结账月份的余额记录。',
  yuan: '元',

  verificationHeading: '八、结账、公示与核验',
  closedBy: (name, when) => `结账：${name}，${when}`,
  publishedBy: (name, when) => `公示：${name}，${when}`,
  notYetPublished: '公示：尚未公示',
  periodDigest: '本期账目摘要（SHA-256）',
  entryCount: (count) => `覆盖本期全部 ${count} 笔会计分录`,
  howToVerify: (url) =>
    `如何核验：打开 ${url}，下载本期分录导出文件，用任意 SHA-256 工具计算其摘要，` +
    '结果应与上面的值完全一致；网站同时公布本 PDF 文件本身的 SHA-256，可用同样方法核对文件未被改动。',
};

const en: StatementLabels = {
  title: (enterprise, month) => `${enterprise} Community Reinvestment Statement, ${month}`,
  documentTitle: (title, version) => `${title} (${version})`,
  version: (version) => `Version ${version}`,
  correctedVersion: (version, supersedes) =>
    `Version ${version} (correction, supersedes version ${supersedes})`,
  unpublished: 'Not published (preview)',
  publishedOn: (when) => `Published ${when}`,
  intro:
    "Every yuan of the shop's surplus goes back to the community: the service center, " +
    'public events and aid to families in hardship. All figures come from the books of a ' +
    'closed month and can be verified as described at the foot of each page.',
  runningHeader: (title, version) => `${title} · ${version}`,
  pageOf: (page, pages) => `Page ${page} / ${pages}`,
  footerDigest: (digest) => `Period digest SHA-256: ${digest}`,
  footerVerify: (url) =>
    `How to verify: download the period's entry export at ${url}, compute its SHA-256 and compare.`,

  correctionHeading: (supersedes) =>
    `Correction note (this version supersedes version ${supersedes}; both stay public)`,

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
    `Late sales: ${count}, CNY ${amount} (offline sales synced after their month was closed, ` +
    'booked in this month).',
  noLateSales: 'Late sales: none.',
  byCategory: 'By category',
  byTender: 'By tender',
  category: 'Category',
  quantity: 'Quantity',
  amount: 'Amount (CNY)',
  tender: 'Tender',
  count: 'Count',
  tenders: {
    cash: 'Cash',
    wechat: 'WeChat Pay',
    alipay: 'Alipay',
    hardship_voucher: 'Hardship voucher',
    other: 'Other (booked by the accountant)',
  },
  total: 'Total',

  productionHeading: '2. Production and waste',
  product: 'Product',
  unitHeader: 'Unit',
  unit: (unit) => UNITS_EN[unit] ?? unit,
  baked: 'Baked',
  sold: 'Sold',
  donated: 'Donated',
  discounted: 'Discounted',
  wasted: 'Wasted',
  wasteRate: (rate) => `Waste rate this month: ${rate}`,

  costsHeading: '3. Costs',
  accountCode: 'Account',
  accountName: 'Name',

  allocationHeading: '4. Allocation of the surplus',
  ruleText: (effectiveFrom, shares) =>
    `Allocation rule (in force from ${effectiveFrom}): ${shares}`,
  noRule: 'No allocation rule applied this month.',
  nothingToAllocate: 'There is no allocable surplus this month; the funds receive nothing.',
  allocationNote:
    'Each part follows the rule and is rounded to the fen by largest remainder, so the parts ' +
    'add up exactly to the allocable surplus.',
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
  continued: (heading) => `${heading} (continued)`,
  date: 'Date',
  description: 'Purpose',
  recipient: 'Recipient',
  aidPrivacyNote:
    'Aid is published as open grant data for grants to individuals: the recipient is shown ' +
    'as "individual household" with a generic purpose; no names, addresses, phone numbers ' +
    'or ID numbers, and no location finer than the community.',

  historyHeading: '7. Fund closing balances, last 12 months',
  historyEmpty: 'No closed months yet.',
  yuan: 'CNY',

  verificationHeading: '8. Close, publication and verification',
  closedBy: (name, when) => `Closed by ${name}, ${when}`,
  publishedBy: (name, when) => `Published by ${name}, ${when}`,
  notYetPublished: 'Published: not yet',
  periodDigest: 'Period digest (SHA-256)',
  entryCount: (count) => `covering all ${count} journal entries of the period`,
  howToVerify: (url) =>
    `How to verify: open ${url}, download the period's entry export and compute its SHA-256 ` +
    'with any tool; it must equal the value above. The site also lists the SHA-256 of this ' +
    'PDF file itself, so you can check the file was not altered.',
};

/** The labels of one language. */
export function statementLabels(lang: StatementLang): StatementLabels {
  return lang === 'zh-CN' ? zhCN : en;
}
