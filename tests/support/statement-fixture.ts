import { createHash } from 'node:crypto';
import { D, ZERO, fen, splitByShares, type Money } from '../../ledger/core/money.js';
import type {
  FundKey,
  StatementFund,
  StatementModel,
  StatementSpendingLine,
  TenderMethod,
} from '../../reports/statement-model.js';

/**
 * A realistic month of 辛馍坊 for tests and the benchmark: March 2025, about 8,700 sales,
 * 14 products, 40 spending lines (16 of them hardship aid to "困难家庭") and a year of fund
 * history. Derived figures are computed from the inputs with decimal.js, so the fixture
 * reconciles the way the real model builder's output must: categories and tenders sum to
 * net sales, surplus is net sales minus costs, allocation parts sum to the allocable
 * surplus, and each fund's closing balance follows from its movements.
 */

const PERIOD = '2025-03';

interface ProductInput {
  product: string;
  productEn: string;
  category: CategoryKey;
  unit: string;
  price: string;
  baked: string;
  sold: string;
  donated: string;
  discounted: string;
}

type CategoryKey = 'mantou' | 'rolls' | 'buns' | 'cakes' | 'flatbreads';

const CATEGORIES: { category: CategoryKey; name: string; nameEn: string }[] = [
  { category: 'mantou', name: '馒头类', nameEn: 'Mantou' },
  { category: 'rolls', name: '花卷类', nameEn: 'Rolls' },
  { category: 'buns', name: '包子豆包', nameEn: 'Filled buns' },
  { category: 'cakes', name: '发糕枣糕', nameEn: 'Steamed cakes' },
  { category: 'flatbreads', name: '饼类', nameEn: 'Flatbreads' },
];

// prettier-ignore
const PRODUCTS: ProductInput[] = [
  { product: '馒头', productEn: 'Plain mantou', category: 'mantou', unit: '个', price: '1.50', baked: '9300', sold: '8620', donated: '210', discounted: '320' },
  { product: '杂粮馒头', productEn: 'Multigrain mantou', category: 'mantou', unit: '个', price: '2.00', baked: '4650', sold: '4310', donated: '90', discounted: '160' },
  { product: '红糖馒头', productEn: 'Brown-sugar mantou', category: 'mantou', unit: '个', price: '2.00', baked: '2480', sold: '2290', donated: '40', discounted: '90' },
  { product: '南瓜馒头', productEn: 'Pumpkin mantou', category: 'mantou', unit: '个', price: '2.00', baked: '2170', sold: '1985', donated: '35', discounted: '95' },
  { product: '葱油花卷', productEn: 'Scallion roll', category: 'rolls', unit: '个', price: '2.00', baked: '3720', sold: '3460', donated: '60', discounted: '120' },
  { product: '椒盐花卷', productEn: 'Pepper-salt roll', category: 'rolls', unit: '个', price: '2.00', baked: '1860', sold: '1712', donated: '30', discounted: '70' },
  { product: '豆包', productEn: 'Red-bean bun', category: 'buns', unit: '个', price: '2.50', baked: '3410', sold: '3158', donated: '62', discounted: '115' },
  { product: '菜包', productEn: 'Vegetable bun', category: 'buns', unit: '个', price: '2.50', baked: '2790', sold: '2590', donated: '40', discounted: '100' },
  { product: '肉包', productEn: 'Pork bun', category: 'buns', unit: '个', price: '3.00', baked: '3100', sold: '2905', donated: '30', discounted: '105' },
  { product: '发糕', productEn: 'Steamed sponge cake', category: 'cakes', unit: '块', price: '3.00', baked: '1240', sold: '1130', donated: '30', discounted: '45' },
  { product: '玉米发糕', productEn: 'Corn sponge cake', category: 'cakes', unit: '块', price: '3.00', baked: '930', sold: '850', donated: '20', discounted: '35' },
  { product: '枣糕', productEn: 'Jujube cake', category: 'cakes', unit: '斤', price: '12.00', baked: '410.5', sold: '372.5', donated: '8', discounted: '18.5' },
  { product: '千层饼', productEn: 'Layered flatbread', category: 'flatbreads', unit: '斤', price: '10.00', baked: '520', sold: '478.5', donated: '10', discounted: '20' },
  { product: '烧饼', productEn: 'Sesame flatbread', category: 'flatbreads', unit: '个', price: '2.50', baked: '1550', sold: '1424', donated: '26', discounted: '60' },
];

/** Evening markdown: what is left at 19:00 sells at half price. */
const MARKDOWN = D('0.5');

const REFUNDS_BY_CATEGORY: Record<CategoryKey, string> = {
  mantou: '31.50',
  rolls: '12.00',
  buns: '37.50',
  cakes: '18.00',
  flatbreads: '5.00',
};

// Tender counts and amounts other than cash; cash takes the rest so tenders sum to net.
const TENDERS: { method: TenderMethod; count: number; amount: string | null }[] = [
  { method: 'cash', count: 2451, amount: null },
  { method: 'wechat', count: 4312, amount: '44218.60' },
  { method: 'alipay', count: 1618, amount: '16533.20' },
  { method: 'hardship_voucher', count: 52, amount: '468.00' },
];

// Account codes and names as the seeded chart of accounts has them (migrations/0002):
// the sample must say what the books would.
const COSTS: { account: string; name: string; nameEn: string; amount: string }[] = [
  {
    account: '5401.01',
    name: '主营业务成本—面粉及原料',
    nameEn: 'Cost of sales: flour and ingredients',
    amount: '27488.75',
  },
  {
    account: '5401.02',
    name: '主营业务成本—包装材料',
    nameEn: 'Cost of sales: packaging',
    amount: '1418.40',
  },
  {
    account: '5601.01',
    name: '销售费用—支付手续费',
    nameEn: 'Selling: payment fees',
    amount: '198.62',
  },
  {
    account: '5602.01',
    name: '管理费用—管理人员工资',
    nameEn: 'Admin: administrative wages',
    amount: '31200.00',
  },
  { account: '5602.02', name: '管理费用—水电燃气', nameEn: 'Admin: utilities', amount: '4382.16' },
  { account: '5602.03', name: '管理费用—房租', nameEn: 'Admin: rent', amount: '3000.00' },
  {
    account: '5602.04',
    name: '管理费用—维修及其他',
    nameEn: 'Admin: repairs and other',
    amount: '650.00',
  },
  {
    account: '5602.05',
    name: '管理费用—现金长短款',
    nameEn: 'Admin: cash over and short',
    amount: '12.40',
  },
];

const FUNDS: { fund: FundKey; name: string; nameEn: string; opening: string; percent: string }[] = [
  {
    fund: 'operations',
    name: '服务中心运营',
    nameEn: 'Service center operations',
    opening: '8420.35',
    percent: '40',
  },
  {
    fund: 'events',
    name: '公益活动',
    nameEn: 'Community events',
    opening: '5260.80',
    percent: '25',
  },
  {
    fund: 'hardship',
    name: '困难帮扶',
    nameEn: 'Hardship aid',
    opening: '12905.10',
    percent: '35',
  },
];

/** Board-approved transfer this month: from events to hardship aid. */
const TRANSFER = { from: 'events' as FundKey, to: 'hardship' as FundKey, amount: '1000.00' };

const SPENDING_CATEGORIES: Record<string, { fund: FundKey; name: string; nameEn: string }> = {
  utilities: { fund: 'operations', name: '水电物业', nameEn: 'Utilities' },
  supplies: { fund: 'operations', name: '办公保洁', nameEn: 'Supplies' },
  repairs: { fund: 'operations', name: '维修', nameEn: 'Repairs' },
  equipment: { fund: 'operations', name: '设备', nameEn: 'Equipment' },
  volunteers: { fund: 'operations', name: '志愿者', nameEn: 'Volunteers' },
  event_supplies: { fund: 'events', name: '活动物资', nameEn: 'Event supplies' },
  publicity: { fund: 'events', name: '宣传', nameEn: 'Publicity' },
  speakers: { fund: 'events', name: '讲座', nameEn: 'Talks' },
  insurance: { fund: 'events', name: '保险', nameEn: 'Insurance' },
  living_aid: { fund: 'hardship', name: '生活补助', nameEn: 'Living support' },
  medical_aid: { fund: 'hardship', name: '医疗救助', nameEn: 'Medical aid' },
  education_aid: { fund: 'hardship', name: '助学补助', nameEn: 'Education aid' },
  goods_aid: { fund: 'hardship', name: '慰问物资', nameEn: 'Goods in kind' },
  voucher_aid: { fund: 'hardship', name: '帮扶券兑付', nameEn: 'Voucher redemption' },
};

const AID = { recipient: '困难家庭', recipientEn: 'individual household' };

// prettier-ignore
const SPENDING: [day: string, category: string, description: string, recipient: string | null, recipientEn: string | null, amount: string][] = [
  ['01', 'living_aid', '生活补助（3月）', null, null, '800.00'],
  ['01', 'living_aid', '生活补助（3月）', null, null, '800.00'],
  ['02', 'event_supplies', '学雷锋日义剪活动物资', '社区便民超市', 'Community convenience store', '215.60'],
  ['03', 'utilities', '服务中心2月电费', '国网供电公司', 'State Grid', '612.40'],
  ['03', 'medical_aid', '医疗救助', null, null, '1200.00'],
  ['05', 'supplies', '保洁用品', '社区便民超市', 'Community convenience store', '186.50'],
  ['05', 'education_aid', '助学补助（春季学期）', null, null, '600.00'],
  ['05', 'education_aid', '助学补助（春季学期）', null, null, '600.00'],
  ['06', 'event_supplies', '三八节插花活动花材', '花语花店', 'Huayu florist', '680.00'],
  ['08', 'repairs', '活动室空调清洗', '佳安家电维修部', 'Jiaan appliance repair', '260.00'],
  ['09', 'event_supplies', '儿童手工课材料（彩纸、胶棒、剪刀）', '文化办公用品店', 'Stationery shop', '312.40'],
  ['10', 'supplies', '打印纸和墨盒', '文化办公用品店', 'Stationery shop', '348.00'],
  ['10', 'living_aid', '生活补助（临时）', null, null, '500.00'],
  ['12', 'utilities', '服务中心2月水费', '市自来水公司', 'City water company', '97.35'],
  ['12', 'event_supplies', '植树节树苗与工具', '绿源苗圃', 'Lüyuan nursery', '1260.00'],
  ['14', 'equipment', '阅览室书架（2个）', '宜居家具城', 'Yiju furniture', '1180.00'],
  ['14', 'medical_aid', '医疗救助', null, null, '950.00'],
  ['15', 'publicity', '消费者权益日宣传展板', '彩虹图文快印', 'Rainbow print shop', '380.00'],
  ['15', 'goods_aid', '慰问物资（米、面、油）', null, null, '300.00'],
  ['16', 'event_supplies', '老年人集体生日会蛋糕和长寿面', '好味来蛋糕房', 'Haoweilai bakery', '528.00'],
  ['17', 'volunteers', '志愿者交通与餐费补贴（14人次）', '社区志愿者（14人次）', 'Volunteers (14 visits)', '420.00'],
  ['18', 'living_aid', '生活补助（3月）', null, null, '800.00'],
  ['19', 'speakers', '健康讲座讲师交通补贴', '社区卫生服务站', 'Community health station', '200.00'],
  ['20', 'repairs', '卫生间水龙头更换', '居安五金店', 'Juan hardware', '135.00'],
  ['20', 'education_aid', '助学补助（教辅资料）', null, null, '450.00'],
  ['21', 'goods_aid', '慰问物资（米、面、油）', null, null, '268.00'],
  ['22', 'event_supplies', '周末露天电影放映设备租赁', '星光影音租赁', 'Xingguang AV rental', '450.00'],
  ['23', 'publicity', '活动海报印刷', '彩虹图文快印', 'Rainbow print shop', '96.00'],
  ['24', 'utilities', '网络宽带（3月）', '中国电信', 'China Telecom', '99.00'],
  ['25', 'living_aid', '临时救助', null, null, '1000.00'],
  ['26', 'supplies', '饮水机滤芯', '社区便民超市', 'Community convenience store', '158.00'],
  ['27', 'event_supplies', '邻里百家宴餐具、桌布与食材（含一次性手套、垃圾袋和饮用水）', '社区便民超市', 'Community convenience store', '1146.30'],
  ['28', 'volunteers', '志愿者培训资料印刷', '彩虹图文快印', 'Rainbow print shop', '226.80'],
  ['28', 'living_aid', '生活补助（3月）', null, null, '800.00'],
  ['29', 'insurance', '活动参与者意外险（3月）', '平安保险', 'Ping An Insurance', '180.00'],
  ['30', 'medical_aid', '医疗救助', null, null, '700.00'],
  ['31', 'utilities', '公共区域物业费（3月）', '广福里物业服务中心', 'Guangfuli property office', '800.00'],
  ['31', 'voucher_aid', '帮扶券兑付面食（52笔）', null, null, '468.00'],
  ['31', 'repairs', '蒸柜密封条更换', '佳安家电维修部', 'Jiaan appliance repair', '172.00'],
  ['31', 'speakers', '防诈骗讲座资料', '彩虹图文快印', 'Rainbow print shop', '64.00'],
];

/**
 * Month-on-month change of each fund's closing balance for the ten months before last
 * month, newest last; used to walk the history backwards from this month's opening.
 */
// prettier-ignore
const HISTORY_CHANGES: Record<FundKey, string[]> = {
  operations: ['-230.15', '1104.80', '356.20', '-512.75', '880.00', '214.35', '-96.40', '1320.10', '-402.60', '735.25'],
  events: ['1210.50', '-1540.20', '640.00', '905.35', '-310.80', '-1200.00', '1820.40', '-260.15', '388.60', '-512.30'],
  hardship: ['-640.25', '310.50', '1280.40', '-1105.60', '845.00', '-420.70', '1630.15', '-2014.80', '976.30', '-388.45'],
};

function spendingLine(day: string, entry: (typeof SPENDING)[number]): StatementSpendingLine {
  const [, category, description, recipient, recipientEn, amount] = entry;
  const meta = SPENDING_CATEGORIES[category]!;
  const aid = meta.fund === 'hardship';
  return {
    date: `${PERIOD}-${day}`,
    fund: meta.fund,
    category,
    categoryName: meta.name,
    categoryNameEn: meta.nameEn,
    // As the builder writes them: an aid line's description is its category, in both languages.
    description: aid ? meta.name : description,
    ...(aid ? { descriptionEn: meta.nameEn } : {}),
    recipient: aid ? AID.recipient : recipient!,
    recipientEn: aid ? AID.recipientEn : recipientEn!,
    amount,
  };
}

/**
 * `count` spending lines cycling through the month's real ones, spread over the month in
 * date order: for testing long lists that break across pages.
 */
export function sampleSpendingLines(count: number): StatementSpendingLine[] {
  return Array.from({ length: count }, (_, index) => {
    const entry = SPENDING[index % SPENDING.length]!;
    const day = String(1 + Math.floor((index * 31) / count)).padStart(2, '0');
    return spendingLine(day, entry);
  });
}

function sum(values: Money[]): Money {
  return values.reduce((total, value) => total.plus(value), ZERO);
}

function buildSales(): StatementModel['sales'] & { production: StatementModel['production'] } {
  const byCategory = CATEGORIES.map(({ category, name, nameEn }) => {
    const products = PRODUCTS.filter((product) => product.category === category);
    // Per unit, as the builder keeps them: pieces and 斤 are never added together.
    const units = [...new Set(products.map((p) => p.unit))];
    const quantities = units.map((unit) => ({
      unit,
      quantity: sum(
        products.filter((p) => p.unit === unit).map((p) => D(p.sold).plus(p.discounted)),
      ).toString(),
    }));
    const gross = sum(products.map((p) => D(p.sold).plus(p.discounted).times(p.price)));
    const discounts = sum(products.map((p) => D(p.discounted).times(p.price).times(MARKDOWN)));
    const net = gross.minus(discounts).minus(REFUNDS_BY_CATEGORY[category]);
    return { category, name, nameEn, quantities, gross, discounts, net };
  });
  const gross = sum(byCategory.map((c) => c.gross));
  const discounts = sum(byCategory.map((c) => c.discounts));
  const refunds = sum(Object.values(REFUNDS_BY_CATEGORY).map((r) => D(r)));
  const net = sum(byCategory.map((c) => c.net));
  const nonCash = sum(TENDERS.filter((t) => t.amount !== null).map((t) => D(t.amount!)));
  const byTender = TENDERS.map((tender) => ({
    method: tender.method,
    count: tender.count,
    amount: tender.amount ?? fen(net.minus(nonCash)),
  }));
  const items = PRODUCTS.map((p) => ({
    product: p.product,
    productEn: p.productEn,
    unit: p.unit,
    baked: p.baked,
    sold: p.sold,
    donated: p.donated,
    discounted: p.discounted,
    wasted: D(p.baked).minus(p.sold).minus(p.donated).minus(p.discounted).toString(),
  }));
  const baked = sum(items.map((item) => D(item.baked)));
  const wasted = sum(items.map((item) => D(item.wasted)));
  return {
    saleCount: TENDERS.reduce((total, tender) => total + tender.count, 0),
    gross: fen(gross),
    discounts: fen(discounts),
    refunds: fen(refunds),
    net: fen(net),
    lateSales: { count: 3, amount: '37.50' },
    byCategory: byCategory.map((c) => ({
      category: c.category,
      name: c.name,
      nameEn: c.nameEn,
      quantities: c.quantities,
      amount: fen(c.net),
    })),
    byTender,
    production: {
      items,
      wasteRatePercent: wasted.div(baked).times(100).toDecimalPlaces(1).toFixed(1),
    },
  };
}

function buildFunds(
  spending: StatementSpendingLine[],
  parts: Map<FundKey, Money>,
): StatementFund[] {
  return FUNDS.map(({ fund, name, nameEn, opening }) => {
    const lines = spending.filter((line) => line.fund === fund);
    const categories = [...new Set(lines.map((line) => line.category))];
    const spentByCategory = categories.map((category) => {
      const meta = SPENDING_CATEGORIES[category]!;
      const amount = sum(lines.filter((l) => l.category === category).map((l) => D(l.amount)));
      return { category, name: meta.name, nameEn: meta.nameEn, amount: fen(amount) };
    });
    const spent = sum(lines.map((line) => D(line.amount)));
    const allocated = parts.get(fund) ?? ZERO;
    const transfersIn = TRANSFER.to === fund ? D(TRANSFER.amount) : ZERO;
    const transfersOut = TRANSFER.from === fund ? D(TRANSFER.amount) : ZERO;
    const closing = D(opening).plus(allocated).minus(spent).plus(transfersIn).minus(transfersOut);
    return {
      fund,
      name,
      nameEn,
      opening: fen(D(opening)),
      allocated: fen(allocated),
      spent: fen(spent),
      spentByCategory,
      transfersIn: fen(transfersIn),
      transfersOut: fen(transfersOut),
      closing: fen(closing),
    };
  });
}

function buildHistory(funds: StatementFund[]): StatementModel['history'] {
  const periods = Array.from({ length: 12 }, (_, index) => {
    const monthIndex = 2025 * 12 + 2 - (11 - index); // March 2025 is 2025 * 12 + 2
    const year = Math.floor(monthIndex / 12);
    return `${year}-${String((monthIndex % 12) + 1).padStart(2, '0')}`;
  });
  const closings = new Map<FundKey, Money[]>();
  for (const fund of funds) {
    // Last month's closing is this month's opening; walk further back by the changes.
    const values: Money[] = [D(fund.opening)];
    const changes = HISTORY_CHANGES[fund.fund];
    for (let index = changes.length - 1; index >= 0; index -= 1) {
      values.unshift(values[0]!.minus(changes[index]!));
    }
    values.push(D(fund.closing));
    closings.set(fund.fund, values);
  }
  return periods.map((period, index) => ({
    period,
    funds: funds.map((fund) => ({
      fund: fund.fund,
      closing: fen(closings.get(fund.fund)![index]!),
    })),
  }));
}

/**
 * The sample statement, with any top-level field replaced by `overrides`.
 *
 * @example sampleStatement({ version: 2, correction: { supersedesVersion: 1, note: '…' } })
 */
export function sampleStatement(overrides: Partial<StatementModel> = {}): StatementModel {
  const { production, ...sales } = buildSales();
  const costsTotal = sum(COSTS.map((cost) => D(cost.amount)));
  const surplus = D(sales.net).minus(costsTotal);
  const deficitCarriedIn = ZERO;
  const allocable = maxMoney(surplus.minus(deficitCarriedIn), ZERO);
  const shares = FUNDS.map((fund) => ({ fund: fund.fund, percent: fund.percent }));
  const parts = allocable.isZero()
    ? new Map<FundKey, Money>()
    : splitByShares(
        allocable,
        shares.map((share) => ({ key: share.fund, weight: D(share.percent) })),
        (key) => `${PERIOD}:${key}`,
      );
  const spending = SPENDING.map((entry) => spendingLine(entry[0], entry));
  const funds = buildFunds(spending, parts);
  const digest = createHash('sha256').update(`xinmofang journal ${PERIOD}`).digest('hex');
  const model: StatementModel = {
    period: PERIOD,
    version: 1,
    enterprise: {
      name: '辛馍坊',
      nameEn: 'Xinmofang',
      community: '广福里社区',
      communityEn: 'Guangfuli Community',
    },
    sales,
    production,
    costs: { byAccount: COSTS, total: fen(costsTotal) },
    surplus: fen(surplus),
    deficitCarriedIn: fen(deficitCarriedIn),
    allocable: fen(allocable),
    allocation: {
      rule: { effectiveFrom: '2025-01', shares },
      parts: FUNDS.map((fund) => ({ fund: fund.fund, amount: fen(parts.get(fund.fund) ?? ZERO) })),
    },
    funds,
    spending,
    history: buildHistory(funds),
    closedBy: { name: '王秀兰（会计）', at: '2025-04-02T10:15:00+08:00' },
    publishedBy: { name: '陈建国（会计）', at: '2025-04-03T09:30:00+08:00' },
    digest: { algorithm: 'sha256', value: digest, entryCount: 8452 },
    correction: null,
    verifyUrl: 'https://xinmofang.example.cn/statements/2025-03',
  };
  return { ...model, ...overrides };
}

function maxMoney(a: Money, b: Money): Money {
  return a.gt(b) ? a : b;
}
