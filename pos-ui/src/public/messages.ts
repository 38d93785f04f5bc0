import { COMMON_MESSAGES, type CommonMessages } from '../shared/i18n/common-messages.js';
import type { Lang } from '../shared/i18n/lang.js';
import type { Dictionary } from '../shared/i18n/lang-controller.js';
import { STATEMENT_TERMS, TENDER_NAMES, type StatementTerms } from '../shared/i18n/vocabulary.js';
import type { TenderMethod } from './api.js';

/**
 * Every fixed word of the residents' pages, in Chinese and English. Names that come from
 * the books (funds, products, accounts, categories) travel in the API answers instead.
 * A plain typed dictionary: the compiler refuses a language with a missing entry
 * (docs/decisions/0020-residents-i18n.md says why not @lit/localize). The words every
 * app shares come from shared/i18n/common-messages.ts, the statement's terms and tender
 * names from contract/vocabulary.ts (the PDF prints the same ones).
 */
export interface Messages extends CommonMessages, StatementTerms {
  tenders: Record<TenderMethod, string>;
  siteName: string;
  siteTagline: string;
  skipToContent: string;
  navLabel: string;
  navStatements: string;
  navFunds: string;
  navVerify: string;
  footer: string;
  pageNotFoundTitle: string;
  pageNotFound: string;
  backToList: string;

  listTitle: string;
  promise: string;
  balancesHeading: string;
  balancesAsOf: (month: string) => string;
  balancesCaption: (month: string) => string;
  balancesOverTime: string;
  statementsHeading: string;
  noStatements: string;
  currentVersion: string;
  supersededVersion: string;
  correction: string;
  earlierVersions: string;
  versionLink: (version: number) => string;

  title: (enterprise: string, month: string) => string;
  /** The title without its month, which is shown unbroken after it. */
  titleLead: (enterprise: string) => string;
  monthNotPublished: (month: string) => string;
  supersededNotice: (version: number) => string;
  seeCurrentVersion: string;
  versionMissing: (version: number, month: string) => string;
  integrityMismatch: string;
  canonicalDownload: string;
  canonicalNote: string;
  intro: string;
  correctionHeading: (supersedes: number) => string;

  documentsHeading: string;
  pdfChinese: string;
  pdfEnglish: string;
  pdfHashLabel: string;
  pdfHashNote: string;
  howToVerifyLink: string;
  copy: string;
  copied: string;
  copyFailed: string;

  summaryHeading: string;
  moneyFlowHeading: string;
  moneyFlowAllocated: string;
  moneyFlowSpent: string;
  moneyFlowClosing: string;
  scrollHint: string;
  byCategory: string;
  noCategorySales: string;
  noTenderSales: string;
  byTender: string;
  amount: string;
  productionCaption: string;
  noProduction: string;

  costsCaption: string;
  account: string;
  noCosts: string;

  allocationCaption: string;
  allocationChartLabel: (parts: string) => string;
  fundsCaption: string;
  item: string;
  spendingCategory: string;
  spentByCategoryCaption: string;
  spendingCaption: string;
  aidPrivacyNote: string;

  historyCaption: string;
  month: string;
  chartLabel: (series: string) => string;

  entryCount: (count: string) => string;
  digestNote: string;
  /** Between two sentences: none after a Chinese full stop, a space in English. */
  sentenceGap: string;

  versionsHeading: string;
  thisPage: string;

  fundsTitle: string;
  fundsIntro: string;
  fundsEmpty: string;

  verify: {
    title: string;
    intro: string[];
    pdfHeading: string;
    pdfSteps: string[];
    commandsCaption: string;
    system: string;
    command: string;
    fileName: string;
    checkerHeading: string;
    checkerIntro: string;
    chooseFile: string;
    computing: string;
    computed: string;
    match: (month: string, version: number, english: boolean) => string;
    phoneNote: string;
    noMatch: string;
    checkerUnavailable: string;
    digestHeading: string;
    digestParagraphs: string[];
    digestSteps: string[];
    correctionsHeading: string;
    correctionsText: string;
    mismatchHeading: string;
    mismatchText: string;
  };
}

const zhCN: Messages = {
  ...COMMON_MESSAGES['zh-CN'],
  ...STATEMENT_TERMS['zh-CN'],
  tenders: TENDER_NAMES['zh-CN'],
  siteName: '辛馍坊',
  siteTagline: '社区再投入公示',
  skipToContent: '跳到正文',
  navLabel: '主导航',
  navStatements: '公示报告',
  navFunds: '基金余额',
  navVerify: '如何核验',
  footer: '辛馍坊是社区居民共有的社会企业，经营结余全部用于社区。本站只公示已结账并公示的月份。',
  pageNotFoundTitle: '找不到这个页面',
  pageNotFound: '这个地址没有内容。可以从公示报告列表重新开始。',
  backToList: '全部公示报告',

  listTitle: '社区再投入公示',
  promise:
    '辛馍坊的全部盈余都回到社区：服务中心运营、公益活动和困难家庭帮扶。' +
    '每个月结账后，我们在这里公示当月的销售、成本、结余分配和每一笔基金支出，任何人都可以核验。',
  balancesHeading: '各基金余额',
  balancesAsOf: (month) => `截至${month}末`,
  balancesCaption: (month) => `各基金期末余额（截至${month}末，元）`,
  balancesOverTime: '查看余额历年变化',
  statementsHeading: '月度公示报告',
  noStatements: '还没有已公示的报告。第一个月结账并公示后会出现在这里。',
  currentVersion: '现行版本',
  supersededVersion: '已被更正',
  correction: '更正版',
  earlierVersions: '更早的版本',
  versionLink: (version) => `第 ${version} 版`,

  title: (enterprise, month) => `${enterprise}社区再投入公示 ${month}`,
  titleLead: (enterprise) => `${enterprise}社区再投入公示`,
  monthNotPublished: (month) => `${month}的报告尚未公示。只有已结账并公示的月份才会出现在这里。`,
  supersededNotice: (version) => `这是旧版本，已由第 ${version} 版更正。两个版本都保留公开。`,
  seeCurrentVersion: '查看现行版本',
  versionMissing: (version, month) => `${month}的报告没有第 ${version} 版。已公示的版本：`,
  integrityMismatch:
    '警告：本页数字与公示时记录的指纹不一致，公示之后数据库中的数字被改动过。请以已下载的 PDF 为准，并告知社区居委会。',
  canonicalDownload: '下载规范分录文本',
  canonicalNote:
    '规范分录文本是本月全部会计分录的固定格式文本，无需登录即可下载；计算它的 SHA-256，应与上面的账目摘要完全一致。手机也可以。',
  intro:
    '本店经营结余全部回到社区：服务中心运营、公益活动和困难家庭帮扶。' +
    '以下数字均来自已结账月份的账簿，与 PDF 报告完全一致。',
  correctionHeading: (supersedes) => `更正说明（本版取代第 ${supersedes} 版）`,

  documentsHeading: '报告文件',
  pdfChinese: '下载 PDF（中文）',
  pdfEnglish: 'PDF (English)',
  pdfHashLabel: 'PDF（中文版）的 SHA-256',
  pdfHashNote: '用任何 SHA-256 工具计算下载文件的指纹，结果应与上面完全一致。',
  howToVerifyLink: '如何核验',
  copy: '复制',
  copied: '已复制',
  copyFailed: '无法复制，请长按选择',

  summaryHeading: '本月概览',
  moneyFlowHeading: '这个月的钱去了哪里',
  moneyFlowAllocated: '结余分配给三项基金：',
  moneyFlowSpent: '各基金本月支出',
  moneyFlowClosing: '各基金月末余额',
  scrollHint: '表格可左右滑动查看',
  byCategory: '按品类（元）',
  noCategorySales: '本月没有按品类记录的收银销售。',
  noTenderSales: '本月没有按支付方式记录的收银销售。',
  byTender: '按支付方式（元）',
  amount: '金额',
  productionCaption: '各产品生产与去向',
  noProduction: '本月没有生产记录。',

  costsCaption: '成本费用（元）',
  account: '科目',
  noCosts: '本月没有成本费用。',

  allocationCaption: '结余分配（元）',
  allocationChartLabel: (parts) => `结余分配图：${parts}`,
  fundsCaption: '各基金本月收支（元）',
  item: '项目',
  spendingCategory: '分类',
  spentByCategoryCaption: '各基金支出分类（元）',
  spendingCaption: '基金支出明细（元）',
  aidPrivacyNote:
    '帮扶类支出按公开资助数据的惯例匿名公示：收款方只写“困难家庭”，用途只写类别，' +
    '不公开姓名、住址、电话或证件号码，地点不细于本社区。',

  historyCaption: '各月末基金余额（元）',
  month: '月份',
  chartLabel: (series) => `基金余额折线图。${series}`,

  entryCount: (count) => `覆盖本期全部 ${count} 笔会计分录。`,
  digestNote: '账目摘要由本月全部会计分录计算得出，账目有任何改动，摘要都会不同。',
  sentenceGap: '',

  versionsHeading: '本月各版本',
  thisPage: '本页',

  fundsTitle: '各基金余额变化',
  fundsIntro: '每个已公示月份月末，三项基金各有多少钱。数字取自各月现行版本的公示报告。',
  fundsEmpty: '还没有已公示的月份。',

  verify: {
    title: '如何核验公示报告',
    intro: [
      '每份公示报告都带有“指纹”：一串由 64 个字母和数字组成的 SHA-256 摘要。' +
        '文件或账目哪怕只改动一个字，算出的指纹就完全不同。',
      '所以，只要您自己算出的指纹与本站公布的一致，就说明报告和账目在公示之后没有被改动过。' +
        '核验不需要相信我们，只需要一台电脑。',
    ],
    pdfHeading: '一、核对 PDF 报告',
    pdfSteps: [
      '在某个月份的页面下载 PDF 报告（中文版是正式公示的文件）。',
      '在电脑上打开命令行，按下表输入命令（表中的文件名就是下载得到的文件名；月份和版本换成您下载的那一份）。手机用户可直接用下面的“在本页直接核对”。',
      '把显示出来的 64 位指纹与该月页面上“PDF（中文版）的 SHA-256”比较，应当完全一致（不分大小写）。',
    ],
    commandsCaption: '计算 SHA-256 的命令',
    system: '系统',
    command: '命令',
    fileName: 'xinmofang-statement-YYYY-MM-v1.pdf',
    checkerHeading: '在本页直接核对',
    checkerIntro:
      '也可以在这里选择下载好的 PDF 文件，浏览器会在您的手机或电脑上计算指纹并与已公示的报告比对。文件不会上传。',
    chooseFile: '选择 PDF 文件',
    computing: '正在计算…',
    computed: '这个文件的 SHA-256：',
    match: (month, version, english) =>
      `一致：这是 ${month} 公示报告第 ${version} 版${english ? '英文版' : '中文版'} PDF 的原件。`,
    phoneNote: '手机也可以：在手机浏览器里打开本页，选择下载好的文件即可，不需要电脑。',
    noMatch: '不一致：这个文件与任何已公示的报告都不相同。',
    checkerUnavailable: '此浏览器不能在本页计算指纹，请使用上面的命令。',
    digestHeading: '二、核对本期账目摘要',
    digestParagraphs: [
      '报告第八部分的“本期账目摘要”是把该月全部会计分录按固定格式（规范文本）排好后算出的 SHA-256。' +
        '它证明的不只是报告文件，而是账簿本身：公示之后，该月的任何一笔分录被改动，摘要都会不同。',
      '每个已公示月份的规范分录文本都可以免登录下载，电脑和手机都行。其中的摘要和备注由工作人员录入；帮扶对象的姓名、电话、证件号和住址不在其中，如被误录入，系统会暂停公开该文件，请联系会计核对。',
    ],
    digestSteps: [
      '在某个月份的页面第八部分点“下载规范分录文本”，得到文件 xinmofang-journal-YYYY-MM-v1.canonical.txt（月份和版本即该页的月份和版本）。',
      '用上表同样的命令计算这个文件的 SHA-256（把文件名换成这个文件）。',
      '与该月页面和 PDF 报告中的“本期账目摘要”比较，应当完全一致。',
    ],
    correctionsHeading: '三、更正与版本',
    correctionsText:
      '如果某月结账后发现错误，会重新结账并发布新版本，附“更正说明”写明取代哪一版。' +
      '旧版本和它的指纹不会删除，仍可下载和核验。',
    mismatchHeading: '四、如果不一致',
    mismatchText:
      '请先确认下载的是中文版 PDF、文件没有被重新保存或转换。仍不一致时，请告知社区居委会或本店负责人，并保留您下载的文件。',
  },
};

const en: Messages = {
  ...COMMON_MESSAGES.en,
  ...STATEMENT_TERMS.en,
  tenders: TENDER_NAMES.en,
  siteName: 'Xinmofang 辛馍坊',
  siteTagline: 'Community reinvestment',
  skipToContent: 'Skip to content',
  navLabel: 'Main',
  navStatements: 'Statements',
  navFunds: 'Fund balances',
  navVerify: 'How to verify',
  footer:
    'Xinmofang is a social enterprise owned by the residents’ community; all of its surplus ' +
    'goes back to the community. Only closed and published months are shown here.',
  pageNotFoundTitle: 'Page not found',
  pageNotFound: 'There is nothing at this address. Start again from the list of statements.',
  backToList: 'All statements',

  listTitle: 'Community reinvestment statements',
  promise:
    'Every yuan of Xinmofang’s surplus goes back to the community: running the service ' +
    'center, public events and aid to families in hardship. After each month is closed we ' +
    'publish what was sold, what it cost, how the surplus was allocated and everything each ' +
    'fund spent, in a form anyone can verify.',
  balancesHeading: 'Fund balances',
  balancesAsOf: (month) => `At the end of ${month}`,
  balancesCaption: (month) => `Closing balance of each fund, end of ${month} (CNY)`,
  balancesOverTime: 'Balances over time',
  statementsHeading: 'Monthly statements',
  noStatements:
    'No statement has been published yet. The first appears here once a month is closed and published.',
  currentVersion: 'Current',
  supersededVersion: 'Superseded',
  correction: 'Correction',
  earlierVersions: 'Earlier versions',
  versionLink: (version) => `Version ${version}`,

  title: (enterprise, month) => `${enterprise} Community Reinvestment Statement, ${month}`,
  titleLead: (enterprise) => `${enterprise} Community Reinvestment Statement,`,
  monthNotPublished: (month) =>
    `The statement for ${month} has not been published. Only closed and published months appear here.`,
  supersededNotice: (version) =>
    `This is an earlier version, corrected by version ${version}. Both stay public.`,
  seeCurrentVersion: 'See the current version',
  versionMissing: (version, month) =>
    `There is no version ${version} of the ${month} statement. Published versions:`,
  integrityMismatch:
    'Warning: the figures on this page do not match the fingerprint recorded when they were published; they were changed in the database afterwards. Rely on a PDF you downloaded and tell the residents’ committee.',
  canonicalDownload: 'Download the canonical journal',
  canonicalNote:
    'The canonical journal is every journal entry of the month in one fixed format, free to download without a login; its SHA-256 must equal the period digest above. A phone works too.',
  intro:
    'Every yuan of the shop’s surplus goes back to the community: the service center, public ' +
    'events and aid to families in hardship. All figures come from the books of a closed ' +
    'month and are the same as in the PDF.',
  correctionHeading: (supersedes) =>
    `Correction note (this version supersedes version ${supersedes})`,

  documentsHeading: 'The report',
  pdfChinese: 'Download PDF (中文)',
  pdfEnglish: 'PDF in English',
  pdfHashLabel: 'SHA-256 of the PDF (Chinese, the published document)',
  pdfHashNote:
    'Compute the SHA-256 of the downloaded file with any tool; it must equal the value above.',
  howToVerifyLink: 'How to verify',
  copy: 'Copy',
  copied: 'Copied',
  copyFailed: 'Could not copy; select the text instead',

  summaryHeading: 'The month at a glance',
  moneyFlowHeading: 'Where the money went this month',
  moneyFlowAllocated: 'The surplus went to the three funds:',
  moneyFlowSpent: 'The funds spent',
  moneyFlowClosing: 'The funds hold at month end',
  scrollHint: 'Swipe the table sideways to see every column',
  byCategory: 'By category (CNY)',
  noCategorySales: 'No till sales by category were recorded this month.',
  noTenderSales: 'No till sales by tender were recorded this month.',
  byTender: 'By tender (CNY)',
  amount: 'Amount',
  productionCaption: 'What was baked and where it went',
  noProduction: 'No production was recorded this month.',

  costsCaption: 'Costs (CNY)',
  account: 'Account',
  noCosts: 'No costs this month.',

  allocationCaption: 'Allocation (CNY)',
  allocationChartLabel: (parts) => `Allocation chart: ${parts}`,
  fundsCaption: 'Each fund this month (CNY)',
  item: 'Item',
  spendingCategory: 'Category',
  spentByCategoryCaption: 'Spending of each fund by category (CNY)',
  spendingCaption: 'Every payment from the funds (CNY)',
  aidPrivacyNote:
    'Aid is published as open grant data for grants to individuals: the recipient is shown as ' +
    '“individual household” with a generic purpose; no names, addresses, phone numbers or ID ' +
    'numbers, and no location finer than the community.',

  historyCaption: 'Fund balances at each month’s end (CNY)',
  month: 'Month',
  chartLabel: (series) => `Line chart of fund balances. ${series}`,

  entryCount: (count) => `It covers all ${count} journal entries of the period.`,
  digestNote:
    'The digest is computed from every journal entry of the month; any change to the books changes it.',
  sentenceGap: ' ',

  versionsHeading: 'Versions of this month',
  thisPage: 'this page',

  fundsTitle: 'Fund balances over time',
  fundsIntro:
    'How much each of the three funds held at the end of every published month, from the current version of each month’s statement.',
  fundsEmpty: 'No month has been published yet.',

  verify: {
    title: 'How to verify a statement',
    intro: [
      'Every statement carries “fingerprints”: SHA-256 digests, strings of 64 letters and digits. ' +
        'Change a single character of a file or of the books and the fingerprint comes out completely different.',
      'So if the fingerprint you compute yourself equals the one published here, the statement and ' +
        'the books have not been changed since they were published. You need not trust us, only a computer.',
    ],
    pdfHeading: '1. Check the PDF',
    pdfSteps: [
      'Download the PDF from a month’s page (the Chinese PDF is the published document).',
      'Open a command line on your computer and type the command from the table below (the file name is the one the download gives; change the month and version to yours). On a phone, use “Check on this page” below.',
      'Compare the 64-character result with “SHA-256 of the PDF” on that month’s page: it must be identical (upper or lower case does not matter).',
    ],
    commandsCaption: 'Commands that compute a SHA-256',
    system: 'System',
    command: 'Command',
    fileName: 'xinmofang-statement-YYYY-MM-v1.pdf',
    checkerHeading: 'Check on this page',
    checkerIntro:
      'Or choose the downloaded PDF here: your browser computes its fingerprint on your own phone or computer and compares it with every published statement. The file is not uploaded.',
    chooseFile: 'Choose a PDF file',
    computing: 'Computing…',
    computed: 'SHA-256 of this file:',
    match: (month, version, english) =>
      `Match: this is the original ${english ? 'English' : 'Chinese'} PDF of the ${month} statement, version ${version}.`,
    phoneNote:
      'A phone works too: open this page in the phone’s browser and choose the downloaded file; no computer needed.',
    noMatch: 'No match: this file differs from every published statement.',
    checkerUnavailable:
      'This browser cannot compute the fingerprint on this page; please use a command above.',
    digestHeading: '2. Check the period digest',
    digestParagraphs: [
      'The “period digest” in section 8 of each statement is the SHA-256 of all the month’s journal ' +
        'entries written out in one fixed format (the canonical text). It vouches for the books ' +
        'themselves, not just the report: change any entry of that month after publication and the digest changes.',
      'The canonical journal of every published month can be downloaded without a login, on a computer or a phone. Its descriptions and memos are typed by staff; aid recipients’ names, phone numbers, ID numbers and addresses are not in it, and if one was typed in by mistake the file is withheld until the accountant has checked it with you.',
    ],
    digestSteps: [
      'On a month’s page, in section 8, tap “Download the canonical journal”; you get xinmofang-journal-YYYY-MM-v1.canonical.txt (the month and version of that page).',
      'Compute the SHA-256 of that file with the same commands as above (with this file’s name).',
      'Compare it with the “period digest” on that month’s page and in the PDF: it must be identical.',
    ],
    correctionsHeading: '3. Corrections and versions',
    correctionsText:
      'If an error is found after a month was closed, the month is closed again and a new version is ' +
      'published with a correction note (更正说明) naming the version it supersedes. Earlier versions and ' +
      'their fingerprints are never removed: they can still be downloaded and checked.',
    mismatchHeading: '4. If it does not match',
    mismatchText:
      'First make sure you downloaded the Chinese PDF and did not re-save or convert it. If it still ' +
      'differs, please tell the residents’ committee or the shop’s manager, and keep the file you downloaded.',
  },
};

/** The residents' pages' words, for `new LangController(this, PUBLIC_MESSAGES)`. */
export const PUBLIC_MESSAGES: Dictionary<Messages> = { 'zh-CN': zhCN, en };

export function messagesFor(lang: Lang): Messages {
  return PUBLIC_MESSAGES[lang];
}
