/**
 * `npm run demo`: fills the database with three months of realistic 辛馍坊 trading, then
 * closes and publishes each month — so that after `npm run demo && npm start` a new user
 * sees a shop with history. Everything goes through the real HTTP API in-process (the same
 * validation, posting and database rules as the tablets), with a clock that walks through
 * the days. Seeded: the same data every time.
 *
 * Options: --months N (default 3), --scale F (sales per day × F, default 1).
 * The first admin gets ADMIN_PASSWORD or a random password, printed once. Days are walked
 * in BUSINESS_TZ. Exit codes: 0 done, 1 refused (data directory in use, database not
 * empty), 2 bad flags.
 */
import { createApp } from '../server/app.js';
import { ensureAdmin } from '../server/bootstrap.js';
import { readConfig } from '../server/config.js';
import { migrateToLatest } from '../server/migrate.js';
import { openConfiguredDatabase } from '../server/open-configured-database.js';
import { createUser } from '../server/auth/users.js';
import { DataDirInUseError } from '../server/data-dir-lock.js';
import type { OpenDatabase } from '../server/db.js';
import { D, fen, Money, roundFen, ZERO } from '../ledger/core/money.js';
import {
  businessDate,
  instantAt,
  periodBounds,
  previousPeriod,
} from '../ledger/core/business-time.js';
import { settlementLines } from '../ledger/books/posting-rules.js';

const USAGE =
  'Usage: npm run demo -- [--months N (1–24, default 3)] [--scale F (0 < F ≤ 10, default 1)]';

/** Reads --months and --scale; anything else, or a value that is not a number in range, is refused. */
function readFlags(args: readonly string[]): { months: number; scale: number } {
  const flags = { months: 3, scale: 1 };
  if (args.includes('--help') || args.includes('-h')) {
    console.log(
      `${USAGE}\nFills DATA_DIR (or DATABASE_URL) with N months of sales, costs, closes and published statements.`,
    );
    process.exit(0);
  }
  for (let index = 0; index < args.length; index += 2) {
    const [flag, value] = [args[index], args[index + 1]];
    const name = flag?.replace(/^--/, '');
    if (name !== 'months' && name !== 'scale') return usage(`unknown option ${flag ?? ''}`);
    if (value === undefined) return usage(`${flag} needs a value`);
    const number = Number(value);
    const valid =
      name === 'months'
        ? /^\d+$/.test(value) && number >= 1 && number <= 24
        : /^\d*\.?\d+$/.test(value) && number > 0 && number <= 10;
    if (!valid) return usage(`${flag} ${value} is not valid`);
    flags[name] = number;
  }
  return flags;
}

function usage(problem: string): never {
  console.error(`demo: ${problem}.\n${USAGE}`);
  process.exit(2);
}

const { months: MONTHS, scale: SCALE } = readFlags(process.argv.slice(2));

/** mulberry32: a tiny seeded generator, so the demo is the same every run. */
function seeded(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = seeded(20261128);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const between = (low: number, high: number) => low + Math.floor(random() * (high - low + 1));
// A deterministic UUID-shaped id from the generator, so reruns make identical data.
const demoId = () =>
  'xxxxxxxx-xxxx-4xxx-8xxx-xxxxxxxxxxxx'.replace(/x/g, () =>
    Math.floor(random() * 16).toString(16),
  );

const PRODUCTS = [
  {
    sku: 'MT-01',
    name: '馒头',
    nameEn: 'Steamed bun',
    category: '馒头',
    categoryEn: 'Steamed buns',
    price: '1.00',
    unit: 'piece',
    daily: 420,
    weight: 30,
  },
  {
    sku: 'MT-02',
    name: '杂粮馒头',
    nameEn: 'Multigrain bun',
    category: '馒头',
    categoryEn: 'Steamed buns',
    price: '1.50',
    unit: 'piece',
    daily: 160,
    weight: 12,
  },
  {
    sku: 'MT-03',
    name: '南瓜馒头',
    nameEn: 'Pumpkin bun',
    category: '馒头',
    categoryEn: 'Steamed buns',
    price: '1.50',
    unit: 'piece',
    daily: 120,
    weight: 8,
  },
  {
    sku: 'MT-04',
    name: '大馒头（称重）',
    nameEn: 'Large buns by weight',
    category: '馒头',
    categoryEn: 'Steamed buns',
    price: '4.00',
    unit: 'jin',
    daily: 60,
    weight: 6,
  },
  {
    sku: 'HJ-01',
    name: '花卷',
    nameEn: 'Flower roll',
    category: '花卷',
    categoryEn: 'Rolls',
    price: '1.50',
    unit: 'piece',
    daily: 200,
    weight: 14,
  },
  {
    sku: 'HJ-02',
    name: '葱油花卷',
    nameEn: 'Scallion roll',
    category: '花卷',
    categoryEn: 'Rolls',
    price: '2.00',
    unit: 'piece',
    daily: 120,
    weight: 8,
  },
  {
    sku: 'BZ-01',
    name: '豆包',
    nameEn: 'Red bean bun',
    category: '包子',
    categoryEn: 'Filled buns',
    price: '2.00',
    unit: 'piece',
    daily: 150,
    weight: 10,
  },
  {
    sku: 'BZ-02',
    name: '肉包',
    nameEn: 'Pork bun',
    category: '包子',
    categoryEn: 'Filled buns',
    price: '2.50',
    unit: 'piece',
    daily: 200,
    weight: 14,
  },
  {
    sku: 'BZ-03',
    name: '菜包',
    nameEn: 'Vegetable bun',
    category: '包子',
    categoryEn: 'Filled buns',
    price: '2.00',
    unit: 'piece',
    daily: 150,
    weight: 9,
  },
  {
    sku: 'BZ-04',
    name: '糖三角',
    nameEn: 'Brown-sugar triangle',
    category: '包子',
    categoryEn: 'Filled buns',
    price: '1.50',
    unit: 'piece',
    daily: 90,
    weight: 5,
  },
  {
    sku: 'GD-01',
    name: '发糕',
    nameEn: 'Steamed sponge cake',
    category: '糕点',
    categoryEn: 'Cakes',
    price: '3.00',
    unit: 'piece',
    daily: 60,
    weight: 5,
  },
  {
    sku: 'GD-02',
    name: '枣糕',
    nameEn: 'Jujube cake',
    category: '糕点',
    categoryEn: 'Cakes',
    price: '5.00',
    unit: 'piece',
    daily: 40,
    weight: 4,
  },
  {
    sku: 'GD-03',
    name: '玉米饼',
    nameEn: 'Corn cake',
    category: '糕点',
    categoryEn: 'Cakes',
    price: '2.00',
    unit: 'piece',
    daily: 60,
    weight: 4,
  },
  {
    sku: 'MS-01',
    name: '手工面条',
    nameEn: 'Hand-made noodles',
    category: '面食',
    categoryEn: 'Noodles',
    price: '5.00',
    unit: 'jin',
    daily: 40,
    weight: 5,
  },
  {
    sku: 'MS-02',
    name: '烧饼',
    nameEn: 'Sesame flatbread',
    category: '面食',
    categoryEn: 'Noodles',
    price: '2.00',
    unit: 'piece',
    daily: 100,
    weight: 7,
  },
] as const;

function cashTendered(due: Money): Money {
  for (const note of ['5', '10', '20', '50', '100']) {
    if (D(note).gte(due) && random() < 0.7) return D(note);
  }
  return random() < 0.5 ? due : due.plus(10).div(10).ceil().times(10);
}

class DemoRefusal extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
    where: string,
  ) {
    super(`${where} → ${status} ${body}`);
  }
}

const config = readConfig();
let database: OpenDatabase;
try {
  database = await openConfiguredDatabase(config);
} catch (error) {
  if (error instanceof DataDirInUseError) {
    console.error(`Refusing to run the demo: ${error.message}`);
    process.exit(1);
  }
  throw error;
}
let exitCode = 0;
try {
  await migrateToLatest(database.db);
  const admin = await ensureAdmin(database.db, config.adminPassword);
  if (admin.generatedPassword) {
    console.log(`Created the user "admin" with the password ${admin.generatedPassword}`);
    console.log('  (shown only this once; `npm run reset-admin-password` sets a new one).');
  } else if (admin.created) {
    console.log('Created the user "admin" with the password from ADMIN_PASSWORD.');
  }
  const existing = await database.db
    .selectFrom('journal_entries')
    .select('id')
    .limit(1)
    .executeTakeFirst();
  if (existing) {
    console.error(
      `The database already has entries; the demo needs an empty one. Remove ${config.dataDir} (or set DATA_DIR) and run it again.`,
    );
    exitCode = 1;
  } else {
    await runDemo();
  }
} finally {
  await database.close();
}
process.exit(exitCode);

async function runDemo(): Promise<void> {
  const tz = config.businessTimeZone;
  const today = businessDate(new Date(), tz);
  let firstPeriod = today.slice(0, 7);
  for (let i = 0; i < MONTHS; i += 1) firstPeriod = previousPeriod(firstPeriod);
  let clock = instantAt(`${firstPeriod}-01`, '05:00:00', tz);
  // The clock walks through months; logins made on day one must outlive it.
  const app = createApp({
    db: database.db,
    dbKind: database.kind,
    // A demo on this machine may publish with the localhost default (its PDFs say so).
    config: { ...config, sessionTtlHours: 24 * 366, publishLocalTest: true },
    logger: { info: () => undefined, error: (m, e) => console.error(m, e) },
    now: () => clock,
  });
  const at = (date: string, time: string) => instantAt(date, time, tz);

  async function call<T>(
    method: string,
    path: string,
    token: string,
    body?: unknown,
    okStatuses = [200, 201],
  ): Promise<T> {
    const response = await app.request(path, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!okStatuses.includes(response.status))
      throw new DemoRefusal(response.status, text, `${method} ${path}`);
    return (text ? JSON.parse(text) : {}) as T;
  }
  const login = async (username: string, secret: { password?: string; pin?: string }) =>
    (await call<{ token: string }>('POST', '/api/auth/login', '', { username, ...secret })).token;

  // --- People -------------------------------------------------------------------------------
  const people = [
    {
      username: 'wang',
      displayName: '王店长',
      role: 'manager' as const,
      pin: '8264',
      password: 'demo-manager-pass',
    },
    { username: 'li', displayName: '李姐', role: 'cashier' as const, pin: '1357' },
    { username: 'zhang', displayName: '张师傅', role: 'cashier' as const, pin: '2468' },
    {
      username: 'zhao',
      displayName: '赵会计',
      role: 'accountant' as const,
      password: 'demo-accountant-pass',
    },
  ];
  for (const person of people) await createUser(database.db, person);
  const manager = await login('wang', { password: 'demo-manager-pass' });
  const cashiers = {
    'counter-1': await login('li', { pin: '1357' }),
    'counter-2': await login('zhang', { pin: '2468' }),
  };
  const accountant = await login('zhao', { password: 'demo-accountant-pass' });
  console.log(
    `Demo: ${MONTHS} months from ${firstPeriod}; users wang (manager, PIN 8264), li and zhang (cashiers, PINs 1357/2468), zhao (accountant, password demo-accountant-pass).`,
  );

  // --- Opening capital and the catalog ---------------------------------------------------------
  await call('POST', '/api/journal', accountant, {
    date: `${firstPeriod}-01`,
    description: '社区居民出资（实收资本）',
    lines: [
      { account: '1002', debit: '30000.00' },
      { account: '3001', credit: '30000.00' },
    ],
  });
  const productIds = new Map<string, string>();
  for (const product of PRODUCTS) {
    const { product: created } = await call<{ product: { id: string } }>(
      'POST',
      '/api/products',
      manager,
      {
        sku: product.sku,
        name: product.name,
        nameEn: product.nameEn,
        category: product.category,
        price: product.price,
        unit: product.unit,
        tileOrder: productIds.size + 1,
      },
    );
    productIds.set(product.sku, created.id);
  }
  for (const product of PRODUCTS) {
    await call('PUT', `/api/categories/${encodeURIComponent(product.category)}`, manager, {
      nameEn: product.categoryEn,
    });
  }

  // --- Day by day ------------------------------------------------------------------------------
  const lastDate = periodBounds(previousPeriod(today.slice(0, 7))).last;
  let date = `${firstPeriod}-01`;
  let saleCount = 0;
  let pendingSettlement = { wechat: ZERO, alipay: ZERO };
  let period = firstPeriod;
  const started = Date.now();
  while (date <= lastDate) {
    const weekday = new Date(`${date}T12:00:00Z`).getUTCDay();
    const weekend = weekday === 0 || weekday === 6;
    clock = at(date, '05:30:00');

    await settlePayments(date);
    await monthlyCosts(date, weekday);

    // Production for the day.
    const baked = PRODUCTS.map((product) => ({
      productId: productIds.get(product.sku)!,
      quantity: String(
        Math.round(product.daily * SCALE * (weekend ? 1.25 : 1) * (0.9 + random() * 0.2)),
      ),
    }));
    await call('PUT', `/api/production/${date}`, manager, { items: baked });

    // Two registers, two shifts.
    const shifts: Record<string, string> = {};
    for (const registerId of Object.keys(cashiers) as (keyof typeof cashiers)[]) {
      clock = at(date, '06:00:00');
      const { shift } = await call<{ shift: { id: string } }>(
        'POST',
        '/api/shifts',
        cashiers[registerId],
        { id: demoId(), registerId, openingFloat: '200.00', openedAt: clock.toISOString() },
      );
      shifts[registerId] = shift.id;
    }
    const salesToday = Math.round(between(weekend ? 260 : 150, weekend ? 400 : 300) * SCALE);
    const madeSales: { id: string; registerId: keyof typeof cashiers; total: Money }[] = [];
    for (let i = 0; i < salesToday; i += 1) {
      // Busy mornings: most sales between 06:30 and 09:30, the rest until 19:00.
      const minute = random() < 0.6 ? between(30, 210) : between(211, 780);
      clock = at(
        date,
        `${String(6 + Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}:${String(between(0, 59)).padStart(2, '0')}`,
      );
      const registerId = random() < 0.55 ? 'counter-1' : 'counter-2';
      const lineCount = random() < 0.55 ? 1 : random() < 0.8 ? 2 : between(3, 4);
      const chosen = new Map<string, (typeof PRODUCTS)[number]>();
      while (chosen.size < lineCount) {
        const total = PRODUCTS.reduce((sum, product) => sum + product.weight, 0);
        let roll = random() * total;
        const product = PRODUCTS.find((candidate) => (roll -= candidate.weight) < 0) ?? PRODUCTS[0];
        chosen.set(product.sku, product);
      }
      const lines = [...chosen.values()].map((product) => ({
        productId: productIds.get(product.sku)!,
        quantity:
          product.unit === 'jin'
            ? pick(['0.5', '1', '1.5', '2', '2.5'])
            : String(pick([1, 2, 2, 3, 4, 5, 6, 10])),
        price: D(product.price),
      }));
      const due = lines.reduce(
        (sum, line) => sum.plus(roundFen(line.price.times(line.quantity))),
        ZERO,
      );
      const roll = random();
      const voucherAllowed = period !== firstPeriod;
      const method =
        voucherAllowed && roll < 0.012
          ? 'hardship_voucher'
          : roll < 0.47
            ? 'wechat'
            : roll < 0.72
              ? 'alipay'
              : 'cash';
      const tender: Record<string, unknown> = { method, amount: fen(due) };
      if (method === 'cash') tender.tendered = fen(cashTendered(due));
      if (method === 'wechat' || method === 'alipay')
        tender.reference = `${method === 'wechat' ? '4200' : '2026'}${String(between(10_000_000, 99_999_999))}`;
      if (method === 'hardship_voucher')
        tender.holder = { name: pick(['居民甲', '居民乙', '居民丙']), note: '社区帮扶券' };
      const id = demoId();
      try {
        const { sale } = await call<{ sale: { total: string } }>(
          'POST',
          '/api/sales',
          cashiers[registerId],
          {
            id,
            registerId,
            shiftId: shifts[registerId],
            createdAt: clock.toISOString(),
            lines: lines.map(({ productId, quantity }) => ({ productId, quantity })),
            tenders: [tender],
          },
        );
        saleCount += 1;
        madeSales.push({ id, registerId, total: D(sale.total) });
        if (method === 'wechat')
          pendingSettlement.wechat = pendingSettlement.wechat.plus(sale.total);
        if (method === 'alipay')
          pendingSettlement.alipay = pendingSettlement.alipay.plus(sale.total);
      } catch (error) {
        // Sold out or the hardship fund is empty: the customer picks something else.
        if (!(error instanceof DemoRefusal) || error.status !== 422) throw error;
      }
    }
    // About one refund every other day: a bun that came out wrong.
    if (random() < 0.5 && madeSales.length > 0) {
      const sale = pick(madeSales);
      clock = new Date(clock.getTime() + 60_000);
      await call('POST', `/api/sales/${sale.id}/refunds`, cashiers[sale.registerId], {
        id: demoId(),
        shiftId: shifts[sale.registerId],
        createdAt: clock.toISOString(),
        reason: pick(['顾客反映蒸得不透', '拿错了品种', '顾客改主意']),
      }).catch((error: unknown) => {
        if (!(error instanceof DemoRefusal)) throw error;
      });
    }

    // Evening: leftovers, then the blind count.
    clock = at(date, '19:20:00');
    // What is left on the shelf goes to the community canteen, is sold off cheaply, or is
    // thrown away: recorded from the catalog's own remaining counts.
    const { products: shelf } = await call<{
      products: { id: string; remaining: string | null }[];
    }>('GET', '/api/catalog', manager);
    const leftovers: {
      productId: string;
      disposition: 'donated' | 'discounted' | 'waste';
      quantity: string;
      reason: string;
    }[] = [];
    for (const item of shelf) {
      const remaining = D(item.remaining ?? '0').floor();
      if (!remaining.gt(0)) continue;
      const waste = remaining.times('0.15').floor();
      const donated = remaining.minus(waste).times('0.6').floor();
      const discounted = remaining.minus(waste).minus(donated);
      for (const [disposition, quantity, reason] of [
        ['waste', waste, '变形或蒸裂，不能出售'],
        ['donated', donated, '当日未售完，送社区食堂'],
        ['discounted', discounted, '晚间打折处理'],
      ] as const) {
        if (quantity.gt(0))
          leftovers.push({
            productId: item.id,
            disposition,
            quantity: quantity.toString(),
            reason,
          });
      }
    }
    if (leftovers.length > 0) {
      await call(
        'PUT',
        `/api/production/${date}/leftovers`,
        cashiers['counter-1'],
        { items: leftovers },
        [200, 201],
      ).catch((error: unknown) => {
        if (!(error instanceof DemoRefusal)) throw error;
      });
    }
    for (const registerId of Object.keys(cashiers) as (keyof typeof cashiers)[]) {
      clock = at(date, '19:30:00');
      // The manager sees what the drawer should hold; the cashier counts blind.
      const x = await call<{ xReport: { expectedCash: string } }>(
        'GET',
        `/api/shifts/${shifts[registerId]}/x-report`,
        manager,
      );
      const expected = D(x.xReport.expectedCash);
      const drift = random() < 0.15 ? D(pick(['-1.00', '-0.50', '0.50', '1.00', '-2.00'])) : ZERO;
      await call('POST', `/api/shifts/${shifts[registerId]}/close`, cashiers[registerId], {
        countedCash: fen(Money.max(ZERO, expected.plus(drift))),
        closedAt: clock.toISOString(),
      });
    }

    const next = new Date(`${date}T12:00:00Z`);
    next.setUTCDate(next.getUTCDate() + 1);
    const nextDate = next.toISOString().slice(0, 10);
    if (
      nextDate.slice(0, 7) !== period ||
      nextDate > lastDate ||
      nextDate.endsWith('-08') ||
      nextDate.endsWith('-15') ||
      nextDate.endsWith('-22')
    ) {
      const seconds = ((Date.now() - started) / 1000).toFixed(0);
      console.log(`  ${date}: ${saleCount} sales so far (${seconds} s)`);
    }
    // Close and publish a month on the 3rd of the next one, as the accountant would.
    const toClose = nextDate > lastDate ? period : previousPeriod(nextDate.slice(0, 7));
    if ((nextDate.slice(8) === '04' || nextDate > lastDate) && toClose >= firstPeriod) {
      if (nextDate > lastDate) {
        // The last month: settle its final day and close it a few days later.
        clock = at(nextDate, '09:00:00');
        await settlePayments(nextDate);
      }
      clock = at(nextDate, '10:00:00');
      const closed = await call<{
        surplus: string;
        allocation: { fund: string; amount: string }[];
      }>('POST', `/api/periods/${toClose}/close`, accountant);
      const published = await call<{ statement: { version: number; sha256: string } }>(
        'POST',
        `/api/statements/${toClose}/publish`,
        accountant,
      );
      console.log(
        `  closed ${toClose}: surplus ¥${closed.surplus}, allocated ${closed.allocation.map((a) => `${a.fund} ¥${a.amount}`).join(', ')}; published v${published.statement.version} (sha256 ${published.statement.sha256.slice(0, 16)}…)`,
      );
      await fundSpending(nextDate);
    }
    date = nextDate;
    period = date.slice(0, 7);
  }
  console.log(
    `Demo done: ${saleCount} sales over ${MONTHS} months, ${((Date.now() - started) / 1000).toFixed(0)} s.`,
  );
  console.log(`Start the shop with: ${nextCommand()}`);

  /** WeChat Pay and Alipay pay out the day's takings to the bank, less a 0.6 % fee. */
  async function settlePayments(day: string) {
    for (const [method, account] of [
      ['wechat', '1012.01'],
      ['alipay', '1012.02'],
    ] as const) {
      const amount = pendingSettlement[method];
      if (amount.isZero()) continue;
      const fee = roundFen(amount.times('0.006'));
      await call('POST', '/api/journal', accountant, {
        date: day,
        description: `${method === 'wechat' ? '微信支付' : '支付宝'}结算到账`,
        lines: settlementLines({ clearingAccount: account, amount, fee }).map((line) => ({
          account: line.account,
          ...(line.debit ? { debit: fen(line.debit) } : {}),
          ...(line.credit ? { credit: fen(line.credit) } : {}),
        })),
      });
    }
    pendingSettlement = { wechat: ZERO, alipay: ZERO };
  }

  async function monthlyCosts(day: string, weekday: number) {
    const dom = day.slice(8);
    // Every cost is paid from the bank: the credit is the sum of the debits.
    const paidFromBank = (description: string, debits: [string, string][]) =>
      call('POST', '/api/journal', accountant, {
        date: day,
        description,
        lines: [
          ...debits.map(([account, amount]) => ({ account, debit: amount })),
          {
            account: '1002',
            credit: fen(debits.reduce((sum, [, amount]) => sum.plus(amount), ZERO)),
          },
        ],
      });
    if (dom === '01') await paidFromBank('作坊房租', [['5602.03', '2500.00']]);
    if (weekday === 1) {
      await paidFromBank('面粉、杂粮及辅料采购', [
        ['5401.01', fen(D(String(between(900, 1500) * SCALE)))],
      ]);
    }
    if (dom === '10')
      await paidFromBank('水电燃气费', [['5602.02', fen(D(String(between(800, 1100))))]]);
    if (dom === '15') await paidFromBank('包装袋采购', [['5401.02', '260.00']]);
    if (dom === '28') {
      await paidFromBank('员工工资', [
        ['5401.03', '7800.00'],
        ['5601.02', '3600.00'],
      ]);
    }
  }

  async function fundSpending(day: string) {
    clock = at(day, '11:00:00');
    const month = Number(day.slice(5, 7));
    const event =
      month === 9
        ? '中秋节邻里联欢活动物资'
        : month === 10
          ? '重阳节敬老活动物资'
          : month === 11
            ? '社区读书角图书'
            : '社区义诊活动物资';
    const spending: Record<string, unknown>[] = [
      {
        fund: 'operations',
        amount: '800.00',
        category: 'center_rent',
        description: '社区服务中心活动室租金',
        recipient: '幸福里社区居委会',
      },
      {
        fund: 'operations',
        amount: '236.40',
        category: 'center_utilities',
        description: '服务中心水电费',
      },
      {
        fund: 'events',
        amount: fen(D(String(between(380, 720)))),
        category: 'event_supplies',
        description: event,
        recipient: '社区超市',
      },
      ...[
        { name: '陈某某', phone: '13700000001', reason: '独居老人冬季取暖' },
        { name: '刘某某', phone: '13700000002', reason: '家中重病' },
      ].map((family) => ({
        fund: 'hardship',
        amount: fen(D(String(between(200, 400)))),
        category: 'aid_cash',
        description: `${family.name}家${family.reason}补助`,
        recipient: { name: family.name, phone: family.phone, reason: family.reason },
      })),
    ];
    for (const item of spending) {
      // A fund that received too little this month simply spends less: refused, skipped.
      await call('POST', '/api/disbursements', accountant, {
        ...item,
        date: day,
        paidFrom: 'bank',
      }).catch((error: unknown) => {
        if (!(error instanceof DemoRefusal) || error.status !== 422) throw error;
      });
    }
  }
}

/** The exact command that starts the server on the database the demo just filled. */
function nextCommand(): string {
  if (config.databaseUrl) {
    // The URL as given, but never echo a password into a terminal's scrollback.
    const url = new URL(config.databaseUrl);
    if (url.password) url.password = '…';
    return `DATABASE_URL='${url.toString()}' npm start`;
  }
  return `DATA_DIR='${config.dataDir}' npm start`;
}
