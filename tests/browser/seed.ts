import { randomUUID } from 'node:crypto';
import { ApiClient, login } from './http-client.js';

/**
 * Distinctive details of an aid recipient. They go in through the accountant's API and
 * must come out nowhere public: not in any page's HTML or text, JSON answer or PDF.
 */
export const AID_RECIPIENT = {
  name: '隐私测试户甄珍惜',
  phone: '13912345678',
  idNumber: '110105193712120019',
  address: '广福里社区幸福路88号3单元402室',
};

/** Who paid with a hardship voucher at the till: private in the same way. */
export const VOUCHER_HOLDER = { name: '帮扶券测试户郝隐秘', phone: '13687654321' };

export const PRIVATE_STRINGS = [...Object.values(AID_RECIPIENT), ...Object.values(VOUCHER_HOLDER)];

export interface SeededMonths {
  /** The earlier month: surplus allocated, nothing spent. */
  first: string;
  /** The later month: sales, a cost, aid to a household and an event's supplies. */
  second: string;
  accountantToken: string;
}

const ACCOUNTANT = {
  username: 'browser-accountant',
  displayName: '李会计',
  password: 'accountant-pass-123',
};

/** YYYY-MM of `monthsAgo` calendar months before now (the server's clock is real). */
export function pastPeriod(monthsAgo: number, now = new Date()): string {
  const index = now.getUTCFullYear() * 12 + now.getUTCMonth() - monthsAgo;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

async function postEntry(
  api: ApiClient,
  date: string,
  description: string,
  lines: { account: string; debit?: string; credit?: string }[],
): Promise<void> {
  await api.post('/api/journal', { id: randomUUID(), date, description, lines });
}

/**
 * Seeds two published months through the real HTTP API, as an admin and an accountant
 * would: the earlier month's surplus fills the funds, the later month spends from them
 * (including hardship aid to a household with distinctive private details); both are
 * closed and published.
 */
export async function seedPublishedMonth(
  baseUrl: string,
  adminToken: string,
  options: { beforeClose?: (period: string) => Promise<void> } = {},
): Promise<SeededMonths> {
  const admin = new ApiClient(baseUrl, adminToken);
  await admin.post('/api/users', { ...ACCOUNTANT, role: 'accountant' });
  const accountantToken = await login(baseUrl, ACCOUNTANT.username, ACCOUNTANT.password);
  const books = new ApiClient(baseUrl, accountantToken);
  const first = pastPeriod(3);
  const second = pastPeriod(2);

  await postEntry(books, `${first}-05`, '门店现金销售（汇总）', [
    { account: '1001', debit: '5000.00' },
    { account: '5001', credit: '5000.00' },
  ]);
  await postEntry(books, `${first}-06`, '团购订单银行收款', [
    { account: '1002', debit: '3000.00' },
    { account: '5001', credit: '3000.00' },
  ]);
  await postEntry(books, `${first}-10`, '面粉采购（银行转账）', [
    { account: '5401.01', debit: '1800.00' },
    { account: '1002', credit: '1800.00' },
  ]);
  await options.beforeClose?.(first);
  await books.post(`/api/periods/${first}/close`);

  await postEntry(books, `${second}-04`, '门店现金销售（汇总）', [
    { account: '1001', debit: '4200.50' },
    { account: '5001', credit: '4200.50' },
  ]);
  await postEntry(books, `${second}-09`, '面粉采购（银行转账）', [
    { account: '5401.01', debit: '1523.40' },
    { account: '1002', credit: '1523.40' },
  ]);
  await books.post('/api/disbursements', {
    id: randomUUID(),
    fund: 'hardship',
    date: `${second}-12`,
    amount: '300.00',
    category: 'aid_cash',
    description: `${AID_RECIPIENT.name}家生活困难，临时补助`,
    paidFrom: 'bank',
    recipient: {
      name: AID_RECIPIENT.name,
      phone: AID_RECIPIENT.phone,
      idNumber: AID_RECIPIENT.idNumber,
      address: AID_RECIPIENT.address,
    },
  });
  await books.post('/api/disbursements', {
    id: randomUUID(),
    fund: 'events',
    date: `${second}-15`,
    amount: '215.60',
    category: 'event_supplies',
    description: '重阳节活动物资',
    paidFrom: 'bank',
    recipient: '社区便民超市',
  });
  await options.beforeClose?.(second);
  await books.post(`/api/periods/${second}/close`);

  await books.post(`/api/statements/${first}/publish`);
  await books.post(`/api/statements/${second}/publish`);
  return { first, second, accountantToken };
}

export const CORRECTION_NOTE = '补记一笔漏记的包装材料费用 86.00 元，本月结余与分配相应调整。';

/**
 * Publishes a correction of `period` (the latest closed month): an admin reopens it, the
 * accountant books a forgotten cost, closes it again and publishes version 2 with a note.
 */
export async function seedCorrection(
  baseUrl: string,
  adminToken: string,
  accountantToken: string,
  period: string,
): Promise<void> {
  const admin = new ApiClient(baseUrl, adminToken);
  const books = new ApiClient(baseUrl, accountantToken);
  await admin.post(`/api/periods/${period}/reopen`, { reason: '漏记包装材料费用' });
  await postEntry(books, `${period}-20`, '包装材料（漏记补录）', [
    { account: '5401.02', debit: '86.00' },
    { account: '1001', credit: '86.00' },
  ]);
  await books.post(`/api/periods/${period}/close`);
  await books.post(`/api/statements/${period}/publish`, { note: CORRECTION_NOTE });
}

interface Product {
  id: string;
}

/**
 * A day of till trading in a past month, made as a tablet that was offline would send it:
 * three products with the day's production, a shift, sales in every tender (a hardship
 * voucher with its holder's private details when `voucher`), and the shift's close.
 * Gives the statement's sales-by-category, tender and production tables real rows.
 */
export function tillTrader(baseUrl: string, adminToken: string) {
  const api = new ApiClient(baseUrl, adminToken);
  let products: { mantou: Product; bun: Product; cake: Product } | undefined;

  async function product(
    sku: string,
    name: string,
    nameEn: string,
    category: string,
    price: string,
    unit: string,
  ) {
    const answer = await api.post<{ product: Product }>('/api/products', {
      sku,
      name,
      nameEn,
      category,
      price,
      unit,
    });
    return answer.product;
  }

  return async function tradeDay(date: string, voucher: boolean): Promise<void> {
    products ??= {
      mantou: await product('MT-01', '馒头', 'Plain mantou', '馒头类', '1.50', 'piece'),
      bun: await product('DB-01', '豆包', 'Red-bean bun', '包子豆包', '2.50', 'piece'),
      cake: await product('ZG-01', '枣糕', 'Jujube cake', '发糕枣糕', '12.00', 'jin'),
    };
    const { mantou, bun, cake } = products;
    await api.request('PUT', `/api/production/${date}`, {
      items: [
        { productId: mantou.id, quantity: '60' },
        { productId: bun.id, quantity: '30' },
        { productId: cake.id, quantity: '3' },
      ],
    });
    const at = (time: string) => `${date}T${time}:00+08:00`;
    const shift = await api.post<{ shift: { id: string } }>('/api/shifts', {
      id: randomUUID(),
      registerId: 'counter-1',
      openingFloat: '200.00',
      openedAt: at('07:00'),
    });
    const sale = (
      time: string,
      lines: { productId: string; quantity: string }[],
      tenders: unknown[],
    ) =>
      api.post('/api/sales', {
        id: randomUUID(),
        registerId: 'counter-1',
        shiftId: shift.shift.id,
        createdAt: at(time),
        offline: true,
        lines,
        tenders,
      });
    await sale(
      '07:30',
      [
        { productId: mantou.id, quantity: '10' },
        { productId: bun.id, quantity: '2' },
      ],
      [{ method: 'cash', amount: '20.00', tendered: '50.00' }],
    );
    await sale(
      '08:10',
      [
        { productId: mantou.id, quantity: '6' },
        { productId: cake.id, quantity: '0.5' },
      ],
      [{ method: 'wechat', amount: '15.00', reference: `WX${date.replace(/-/g, '')}0001` }],
    );
    await sale(
      '09:45',
      [{ productId: bun.id, quantity: '4' }],
      [{ method: 'alipay', amount: '10.00', reference: `AP${date.replace(/-/g, '')}0001` }],
    );
    if (voucher) {
      await sale(
        '10:20',
        [{ productId: mantou.id, quantity: '4' }],
        [
          {
            method: 'hardship_voucher',
            amount: '6.00',
            reference: 'HV-0001',
            holder: VOUCHER_HOLDER,
          },
        ],
      );
    }
    // Counted 0.50 short of the 220.00 expected: an over/short line, as in real life.
    await api.post(`/api/shifts/${shift.shift.id}/close`, {
      countedCash: '219.50',
      closedAt: at('19:30'),
    });
  };
}
