import {
  STATEMENT_TERMS,
  TENDER_NAMES,
  unitName,
  type StatementTerms,
} from '../contract/vocabulary.js';
import type { TenderMethod } from './statement-model.js';
import type { StatementLang } from './display-format.js';

/**
 * Every fixed word of the published statement, in Chinese and English: the terms it
 * shares with the residents' page and the receipts come from contract/vocabulary.ts, the
 * PDF's own words are here. Names that come from the books (products, accounts, funds,
 * categories) travel in the model instead.
 */
export interface StatementLabels extends Omit<StatementTerms, 'unit'> {
  tenders: Record<TenderMethod, string>;
  unitHeader: string;
  /** A unit of measure from the catalogue (个, 斤…) as this language writes it. */
  unit: (unit: string) => string;
  title: (enterprise: string, month: string) => string;
  /** The PDF's metadata title: the heading and the version. */
  documentTitle: (title: string, version: string) => string;
  unpublished: string;
  intro: string;
  runningHeader: (title: string, version: string) => string;
  pageOf: (page: number, pages: number) => string;
  footerDigest: (digest: string) => string;
  footerVerify: (url: string) => string;

  correctionHeading: (supersedes: number) => string;

  byCategory: string;
  byTender: string;
  amount: string;
  accountCode: string;
  accountName: string;

  continued: (heading: string) => string;
  aidPrivacyNote: string;

  yuan: string;

  /** Page 1's line of where the money went; the parts are already formatted. */
  moneyFlow: (parts: {
    net: string;
    costs: string;
    surplus: string;
    allocated: string;
    spent: string;
    closing: string;
  }) => string;
  entryCount: (count: string) => string;
  /** `url`: the month's page; `canonicalUrl`: the public download of its canonical journal. */
  howToVerify: (url: string, canonicalUrl: string) => string;
}

const zhCN: StatementLabels = {
  ...STATEMENT_TERMS['zh-CN'],
  tenders: TENDER_NAMES['zh-CN'],
  unitHeader: STATEMENT_TERMS['zh-CN'].unit,
  unit: (unit) => unitName(unit, 'zh-CN'),
  title: (enterprise, month) => `${enterprise} 社区再投入公示 ${month}`,
  documentTitle: (title, version) => `${title}（${version}）`,
  unpublished: '未公示（预览稿）',
  intro:
    '本店经营结余全部回到社区：服务中心运营、公益活动和困难家庭帮扶。' +
    '以下数字均来自已结账月份的账簿，可按本页底部的方法核验。',
  runningHeader: (title, version) => `${title} · ${version}`,
  pageOf: (page, pages) => `第 ${page} / ${pages} 页`,
  footerDigest: (digest) => `本期账目摘要 SHA-256：${digest}`,
  footerVerify: (url) =>
    `核验方法：在 ${url} 免登录下载本期规范分录文本，计算其 SHA-256，应与上值一致。`,

  correctionHeading: (supersedes) => `更正说明（本版取代第 ${supersedes} 版，两版均保留公开）`,

  byCategory: '按品类',
  byTender: '按支付方式',
  amount: '金额（元）',
  accountCode: '科目代码',
  accountName: '科目名称',

  continued: (heading) => `${heading}（续）`,
  aidPrivacyNote:
    '帮扶类支出按公开资助数据的惯例匿名公示：收款方只写"困难家庭"，用途只写类别，' +
    '不公开姓名、住址、电话或证件号码，地点不细于本社区。',

  yuan: '元',

  moneyFlow: (p) =>
    `钱的去向：净销售额 ${p.net} → 减成本费用 ${p.costs} → ${p.surplus} → ` +
    `分配给各基金：${p.allocated} → 各基金本月支出 ${p.spent} → 月末余额合计 ${p.closing}`,
  entryCount: (count) => `覆盖本期全部 ${count} 笔会计分录`,
  howToVerify: (url, canonicalUrl) =>
    `如何核验：打开 ${url}（手机也可以），点“下载规范分录文本”，或直接访问 ${canonicalUrl}，` +
    '无需登录；用任意 SHA-256 工具计算该文件的摘要，结果应与上面的值完全一致。' +
    '该页面同时公布本 PDF 文件本身的 SHA-256，可用同样方法核对文件未被改动。',
};

const en: StatementLabels = {
  ...STATEMENT_TERMS.en,
  tenders: TENDER_NAMES.en,
  unitHeader: STATEMENT_TERMS.en.unit,
  unit: (unit) => unitName(unit, 'en'),
  title: (enterprise, month) => `${enterprise} Community Reinvestment Statement, ${month}`,
  documentTitle: (title, version) => `${title} (${version})`,
  unpublished: 'Not published (preview)',
  intro:
    "Every yuan of the shop's surplus goes back to the community: the service center, " +
    'public events and aid to families in hardship. All figures come from the books of a ' +
    'closed month and can be verified as described at the foot of each page.',
  runningHeader: (title, version) => `${title} · ${version}`,
  pageOf: (page, pages) => `Page ${page} / ${pages}`,
  footerDigest: (digest) => `Period digest SHA-256: ${digest}`,
  footerVerify: (url) =>
    `To verify: at ${url} download this period's canonical journal (no login), compute its SHA-256 and compare.`,

  correctionHeading: (supersedes) =>
    `Correction note (this version supersedes version ${supersedes}; both stay public)`,

  byCategory: 'By category',
  byTender: 'By tender',
  amount: 'Amount (CNY)',
  accountCode: 'Account',
  accountName: 'Name',

  continued: (heading) => `${heading} (continued)`,
  aidPrivacyNote:
    'Aid is published as open grant data for grants to individuals: the recipient is shown ' +
    'as "individual household" with a generic purpose; no names, addresses, phone numbers ' +
    'or ID numbers, and no location finer than the community.',

  yuan: 'CNY',

  moneyFlow: (p) =>
    `Where the money went: net sales ${p.net} → less costs ${p.costs} → ${p.surplus} → ` +
    `to the funds: ${p.allocated} → the funds spent ${p.spent} → they hold ${p.closing} at month end`,
  entryCount: (count) => `covering all ${count} journal entries of the period`,
  howToVerify: (url, canonicalUrl) =>
    `How to verify: open ${url} (a phone works too) and tap "Download the canonical journal", ` +
    `or go straight to ${canonicalUrl}; no login is needed. Compute the SHA-256 of that file ` +
    'with any tool; it must equal the value above. The same page lists the SHA-256 of this ' +
    'PDF file itself, so you can check the file was not altered.',
};

/** The labels of one language. */
export function statementLabels(lang: StatementLang): StatementLabels {
  return lang === 'zh-CN' ? zhCN : en;
}
