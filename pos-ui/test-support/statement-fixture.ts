import type {
  Publication,
  Statement,
  StatementListResponse,
  StatementResponse,
} from '../src/public/api.js';

/**
 * A small published month for the component tests, shaped like the public API's answer
 * and typed by the types generated from the OpenAPI document, so it cannot drift from
 * what the server sends. (reports/statement-fixture.ts is the large one, but pos-ui may
 * not import server-side code.) Test support only: nothing in pos-ui/src imports it.
 */
export function fixtureStatement(overrides: Partial<Statement> = {}): Statement {
  return {
    period: '2025-03',
    version: 1,
    enterprise: {
      name: '辛馍坊',
      nameEn: 'Xinmofang',
      community: '广福里社区',
      communityEn: 'Guangfuli Community',
    },
    sales: {
      saleCount: 8433,
      gross: '91234.50',
      discounts: '1203.25',
      refunds: '104.00',
      net: '89927.25',
      lateSales: { count: 3, amount: '37.50' },
      byCategory: [
        {
          category: 'mantou',
          name: '馒头类',
          nameEn: 'Mantou',
          quantity: '24310',
          amount: '52110.75',
        },
        {
          category: 'cakes',
          name: '发糕枣糕',
          nameEn: 'Steamed cakes',
          quantity: '2391.5',
          amount: '37816.50',
        },
      ],
      byTender: [
        { method: 'cash', count: 2451, amount: '28707.45' },
        { method: 'wechat', count: 4312, amount: '44218.60' },
        { method: 'alipay', count: 1618, amount: '16533.20' },
        { method: 'hardship_voucher', count: 52, amount: '468.00' },
      ],
    },
    production: {
      items: [
        {
          product: '馒头',
          productEn: 'Plain mantou',
          unit: '个',
          baked: '9300',
          sold: '8620',
          donated: '210',
          discounted: '320',
          wasted: '150',
        },
        {
          product: '枣糕',
          productEn: 'Jujube cake',
          unit: '斤',
          baked: '410.5',
          sold: '372.5',
          donated: '8',
          discounted: '18.5',
          wasted: '11.5',
        },
      ],
      wasteRatePercent: '1.7',
    },
    costs: {
      byAccount: [
        {
          account: '5401.01',
          name: '面粉及原料',
          nameEn: 'Flour and ingredients',
          amount: '17836.00',
        },
        {
          account: '5602.01',
          name: '管理人员工资',
          nameEn: 'Administrative wages',
          amount: '31200.00',
        },
      ],
      total: '49036.00',
    },
    surplus: '40891.25',
    deficitCarriedIn: '0.00',
    allocable: '40891.25',
    allocation: {
      rule: {
        effectiveFrom: '2025-01',
        shares: [
          { fund: 'operations', percent: '50' },
          { fund: 'events', percent: '30' },
          { fund: 'hardship', percent: '20' },
        ],
      },
      parts: [
        { fund: 'operations', amount: '20445.63' },
        { fund: 'events', amount: '12267.37' },
        { fund: 'hardship', amount: '8178.25' },
      ],
    },
    funds: [
      {
        fund: 'operations',
        name: '服务中心运营',
        nameEn: 'Service center operations',
        opening: '8420.35',
        allocated: '20445.63',
        spent: '612.40',
        spentByCategory: [
          {
            category: 'center_utilities',
            name: '服务中心水电',
            nameEn: 'Service-center utilities',
            amount: '612.40',
          },
        ],
        transfersIn: '0.00',
        transfersOut: '0.00',
        closing: '28253.58',
      },
      {
        fund: 'events',
        name: '公益活动',
        nameEn: 'Community events',
        opening: '5260.80',
        allocated: '12267.37',
        spent: '215.60',
        spentByCategory: [
          {
            category: 'event_supplies',
            name: '活动物资',
            nameEn: 'Event supplies',
            amount: '215.60',
          },
        ],
        transfersIn: '0.00',
        transfersOut: '1000.00',
        closing: '16312.57',
      },
      {
        fund: 'hardship',
        name: '困难帮扶',
        nameEn: 'Hardship aid',
        opening: '12905.10',
        allocated: '8178.25',
        spent: '800.00',
        spentByCategory: [
          { category: 'aid_cash', name: '现金帮扶', nameEn: 'Aid in cash', amount: '800.00' },
        ],
        transfersIn: '1000.00',
        transfersOut: '0.00',
        closing: '21283.35',
      },
    ],
    spending: [
      {
        date: '2025-03-01',
        fund: 'hardship',
        category: 'aid_cash',
        categoryName: '现金帮扶',
        categoryNameEn: 'Aid in cash',
        description: '现金帮扶',
        recipient: '困难家庭',
        recipientEn: 'individual household',
        amount: '800.00',
      },
      {
        date: '2025-03-02',
        fund: 'events',
        category: 'event_supplies',
        categoryName: '活动物资',
        categoryNameEn: 'Event supplies',
        description: '学雷锋日义剪活动物资',
        recipient: '社区便民超市',
        recipientEn: 'Community convenience store',
        amount: '215.60',
      },
      {
        date: '2025-03-03',
        fund: 'operations',
        category: 'center_utilities',
        categoryName: '服务中心水电',
        categoryNameEn: 'Service-center utilities',
        description: '服务中心2月电费',
        recipient: '国网供电公司',
        recipientEn: 'State Grid',
        amount: '612.40',
      },
    ],
    history: [
      {
        period: '2025-02',
        funds: [
          { fund: 'operations', closing: '8420.35' },
          { fund: 'events', closing: '5260.80' },
          { fund: 'hardship', closing: '12905.10' },
        ],
      },
      {
        period: '2025-03',
        funds: [
          { fund: 'operations', closing: '28253.58' },
          { fund: 'events', closing: '16312.57' },
          { fund: 'hardship', closing: '21283.35' },
        ],
      },
    ],
    closedBy: { name: '王秀兰', at: '2025-04-02T10:15:00+08:00' },
    publishedBy: { name: '陈建国', at: '2025-04-03T09:30:00+08:00' },
    digest: { algorithm: 'sha256', value: 'ab'.repeat(32), entryCount: 8452 },
    correction: null,
    verifyUrl: 'https://xinmofang.example.cn/statements/2025-03',
    ...overrides,
  };
}

export const FIXTURE_PDF_SHA256 = 'cd'.repeat(32);
const FIXTURE_FIGURES_SHA256 = '12'.repeat(32);

/** The served figures are the published ones. */
export const FIXTURE_INTEGRITY: StatementResponse['integrity'] = {
  ok: true,
  recordedFiguresSha256: FIXTURE_FIGURES_SHA256,
  servedFiguresSha256: FIXTURE_FIGURES_SHA256,
};

export function fixturePublication(overrides: Partial<Publication> = {}): Publication {
  return {
    period: '2025-03',
    version: 1,
    current: true,
    sha256: FIXTURE_PDF_SHA256,
    sha256En: 'ef'.repeat(32),
    figuresSha256: FIXTURE_FIGURES_SHA256,
    publishedAt: '2025-04-03T09:30:00+08:00',
    pdfUrl: '/api/public/statements/2025-03/versions/1/pdf',
    pdfUrlEn: '/api/public/statements/2025-03/versions/1/pdf?lang=en',
    correction: null,
    ...overrides,
  };
}

export function fixtureResponse(): StatementResponse {
  const publication = fixturePublication();
  return {
    statement: fixtureStatement(),
    integrity: FIXTURE_INTEGRITY,
    publication,
    versions: [publication],
  };
}

export function fixtureList(): StatementListResponse {
  const statement = fixtureStatement();
  return {
    statements: [
      {
        ...fixturePublication(),
        surplus: statement.surplus,
        funds: statement.funds.map((fund) => ({
          fund: fund.fund,
          name: fund.name,
          nameEn: fund.nameEn,
          allocated: fund.allocated,
          spent: fund.spent,
          closing: fund.closing,
        })),
      },
    ],
  };
}
