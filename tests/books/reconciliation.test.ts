import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { sql } from 'kysely';
import { beforeAll, expect, test } from 'vitest';
import { accountBalance } from '../../ledger/books/balances.js';
import type { Executor } from '../../ledger/core/executor.js';
import { MAX_BILL_BYTES } from '../../ledger/books/reconciliation/bill.js';
import { TestClock } from '../helpers/app.js';
import { describeEachDatabase } from '../helpers/databases.js';
import {
  errorCode,
  json,
  newRegister,
  openShift,
  saleBody,
  sell,
  setupShop,
  type Shop,
} from '../selling/helpers.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
const WECHAT_BILL = fixture('wechat-2026-11-03.csv');
const ALIPAY_BILL = fixture('alipay-2026-11-03.gbk.csv');
/** Beijing wall-clock time on the bill's day. */
const bj = (time: string) => new Date(`2026-11-03T${time}+08:00`).toISOString();

interface Side {
  note: string | null;
  bill?: { rowNo: number; kind: string; amount: string; fee: string; transactionId: string };
  books?: {
    kind: string;
    saleId?: string;
    refundId?: string;
    amount: string;
    reference: string | null;
  };
}
interface Reconciliation {
  id: string;
  provider: string;
  fromDate: string;
  toDate: string;
  rowCount: number;
  billAmount: string;
  billFee: string;
  billNet: string;
  settlementEntryId: string | null;
  matched: (Side & { method: string })[];
  onlyInBill: Side[];
  onlyInBooks: Side[];
  totals: Record<string, { count: number; amount: string; fee?: string; net?: string }>;
}

const RECONCILIATION_TABLES = [
  'reconciliation_imports',
  'reconciliation_bill_rows',
  'reconciliation_matches',
  'journal_entries',
  'journal_lines',
] as const;

async function counts(db: Executor) {
  const result: Record<string, number> = {};
  for (const table of RECONCILIATION_TABLES) {
    const row = await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(db);
    result[table] = Number(row.rows[0]!.n);
  }
  return result;
}

describeEachDatabase('books: reconciliation of the payment clearing accounts', (database) => {
  let shop: Shop;
  let accountant: string;
  const db = () => database.current.db;
  const sales: Record<string, string> = {};
  let wechat: Reconciliation;

  async function sale(
    key: string,
    time: string,
    method: 'wechat' | 'alipay',
    lines: [string, string][],
    reference?: string,
  ) {
    shop.t.clock.set(bj(time));
    const amount = lines
      .reduce(
        (sum, [product, quantity]) =>
          sum + Number(shop.products[product]!.price) * 100 * Number(quantity),
        0,
      )
      .toString();
    const total = `${amount.slice(0, -2) || '0'}.${amount.slice(-2).padStart(2, '0')}`;
    const response = await sell(
      shop.t,
      shop.cashier.token,
      saleBody(shop.t, {
        registerId,
        shiftId,
        lines: lines.map(([product, quantity]) => ({
          productId: shop.products[product]!.id,
          quantity,
        })),
        tenders: [{ method, amount: total, ...(reference ? { reference } : {}) }],
      }),
    );
    expect(response.status, await response.clone().text()).toBe(201);
    sales[key] = (await json<{ sale: { id: string } }>(response)).sale.id;
  }
  async function refund(
    saleKey: string,
    time: string,
    lines?: { productId: string; quantity: string }[],
  ) {
    shop.t.clock.set(bj(time));
    const response = await shop.t.request('POST', `/api/sales/${sales[saleKey]}/refunds`, {
      token: shop.cashier.token,
      body: { id: randomUUID(), reason: '顾客退货', ...(lines ? { lines } : {}) },
    });
    expect(response.status, await response.clone().text()).toBe(201);
    return (await json<{ refund: { id: string } }>(response)).refund.id;
  }
  function upload(provider: string, bytes: Buffer, fileName = 'bill.csv') {
    return shop.t.request('POST', '/api/reconciliations', {
      token: accountant,
      body: { provider, fileName, contentBase64: bytes.toString('base64') },
    });
  }
  let registerId: string;
  let shiftId: string;

  beforeAll(async () => {
    shop = await setupShop(
      database,
      {
        mantou: { name: '老面馒头', price: '2.50' },
        huajuan: { name: '花卷', price: '2.00' },
        baozi: { name: '包子', price: '3.00' },
      },
      { clock: new TestClock(new Date(bj('07:00:00'))) },
    );
    registerId = newRegister('counter');
    shiftId = await openShift(shop.t, shop.cashier.token, registerId);
    // WeChat Pay: by 微信订单号, by amount and time (two alike, nearest first), a sale the
    // bill does not have, a sale paid back in full (matched by 商户订单号).
    await sale('s1', '08:15:00', 'wechat', [['mantou', '5']], '4200001234202611030001');
    await sale('s2', '09:02:10', 'wechat', [['huajuan', '4']]);
    await sale('s2b', '09:06:00', 'wechat', [['huajuan', '4']]);
    await sale('s3', '09:30:00', 'wechat', [['baozi', '2']]);
    await sale('s5', '10:30:00', 'wechat', [['mantou', '8']], 'XMF20261103103000');
    sales.r5 = await refund('s5', '11:00:00');
    // Alipay: by 支付宝交易号, by amount and time, and one 老面馒头 paid back.
    await sale(
      'a1',
      '13:00:00',
      'alipay',
      [
        ['mantou', '3'],
        ['huajuan', '1'],
      ],
      '2026110322001400001',
    );
    await sale('a2', '13:20:00', 'alipay', [['huajuan', '2']]);
    sales.ra1 = await refund('a1', '15:10:00', [
      { productId: shop.products.mantou!.id, quantity: '1' },
    ]);
    // The next morning, the accountant logs in (sessions from yesterday have expired).
    shop.t.clock.set('2026-11-04T02:00:00Z');
    accountant = (await shop.t.login('accountant')).token;
  });

  test('a cashier cannot import a bill', async () => {
    const response = await shop.t.request('POST', '/api/reconciliations', {
      token: (await shop.t.login('cashier')).token,
      body: {
        provider: 'wechat',
        fileName: 'x.csv',
        contentBase64: WECHAT_BILL.toString('base64'),
      },
    });
    expect(response.status).toBe(403);
  });

  test('WeChat Pay bill: matched by reference and by amount and time, only in bill, only in books, a refund, fees', async () => {
    const before = await accountBalance(db(), '1012.01');
    expect(before.toFixed(2)).toBe('34.50');
    const response = await upload('wechat', WECHAT_BILL, 'wechat-2026-11-03.csv');
    expect(response.status, await response.clone().text()).toBe(201);
    wechat = (await json<{ reconciliation: Reconciliation }>(response)).reconciliation;
    expect([wechat.fromDate, wechat.toDate, wechat.rowCount]).toEqual([
      '2026-11-03',
      '2026-11-03',
      6,
    ]);
    expect([wechat.billAmount, wechat.billFee, wechat.billNet]).toEqual(['43.50', '0.27', '43.23']);
    expect(
      wechat.matched.map((match) => [
        match.bill!.rowNo,
        match.method,
        match.books!.kind,
        match.books!.saleId ?? match.books!.refundId,
        match.bill!.amount,
        match.bill!.fee,
      ]),
    ).toEqual([
      [1, 'reference', 'sale', sales.s1, '12.50', '0.08'],
      [2, 'amount_time', 'sale', sales.s2, '8.00', '0.05'],
      [3, 'amount_time', 'sale', sales.s2b, '8.00', '0.05'],
      [5, 'reference', 'sale', sales.s5, '20.00', '0.12'],
      [6, 'reference', 'refund', sales.r5, '-20.00', '-0.12'],
    ]);
    expect(wechat.onlyInBill.map((side) => [side.bill!.rowNo, side.bill!.amount])).toEqual([
      [4, '15.00'],
    ]);
    expect(wechat.onlyInBooks.map((side) => [side.books!.saleId, side.books!.amount])).toEqual([
      [sales.s3, '6.00'],
    ]);
    expect(wechat.totals).toEqual({
      bill: { count: 6, amount: '43.50', fee: '0.27', net: '43.23' },
      matched: { count: 5, amount: '28.50', fee: '0.18', net: '28.32' },
      onlyInBill: { count: 1, amount: '15.00', fee: '0.09', net: '14.91' },
      onlyInBooks: { count: 1, amount: '6.00' },
    });
    // The list and the single view agree.
    const list = await json<{ reconciliations: { id: string }[] }>(
      await shop.t.request('GET', '/api/reconciliations', { token: accountant }),
    );
    expect(list.reconciliations.map((item) => item.id)).toContain(wechat.id);
    const again = await json<{ reconciliation: Reconciliation }>(
      await shop.t.request('GET', `/api/reconciliations/${wechat.id}`, { token: accountant }),
    );
    expect(again.reconciliation).toEqual(wechat);
  });

  test('the same file again is 200 and the same import; nothing more is stored', async () => {
    const before = await counts(db());
    const response = await upload('wechat', WECHAT_BILL, 'renamed.csv');
    expect(response.status).toBe(200);
    expect((await json<{ reconciliation: Reconciliation }>(response)).reconciliation.id).toBe(
      wechat.id,
    );
    expect(await counts(db())).toEqual(before);
  });

  test('settling posts one balanced entry and empties the clearing account for the matched rows', async () => {
    const entryId = randomUUID();
    const response = await shop.t.request('POST', `/api/reconciliations/${wechat.id}/settle`, {
      token: accountant,
      body: { id: entryId, date: '2026-11-04' },
    });
    expect(response.status, await response.clone().text()).toBe(201);
    const answer = await json<{
      entry: { id: string; lines: { account: string; debit: string; credit: string }[] };
      reconciliation: { settlementEntryId: string };
    }>(response);
    expect(answer.entry.id).toBe(entryId);
    expect(answer.reconciliation.settlementEntryId).toBe(entryId);
    expect(answer.entry.lines.map((line) => [line.account, line.debit, line.credit])).toEqual([
      ['1002', '28.32', '0.00'],
      ['5601.01', '0.18', '0.00'],
      ['1012.01', '0.00', '28.50'],
    ]);
    // What is left on the clearing account is exactly the sale with no money.
    expect((await accountBalance(db(), '1012.01')).toFixed(2)).toBe('6.00');

    const before = await counts(db());
    const replay = await shop.t.request('POST', `/api/reconciliations/${wechat.id}/settle`, {
      token: accountant,
      body: { id: entryId, date: '2026-11-04' },
    });
    expect(replay.status).toBe(200);
    expect((await json<{ entry: { id: string } }>(replay)).entry.id).toBe(entryId);
    const other = await shop.t.request('POST', `/api/reconciliations/${wechat.id}/settle`, {
      token: accountant,
      body: { id: randomUUID(), date: '2026-11-04' },
    });
    expect([other.status, await errorCode(other)]).toEqual([409, 'reconciliation_settled']);
    expect(await counts(db())).toEqual(before);
    expect((await accountBalance(db(), '1012.01')).toFixed(2)).toBe('6.00');
  });

  test('a settled import, its rows and its matches cannot be changed or deleted', async () => {
    for (const statement of [
      sql`UPDATE reconciliation_imports SET file_name = 'x' WHERE id = ${wechat.id}`,
      sql`UPDATE reconciliation_imports SET settlement_entry_id = NULL, settled_at = NULL WHERE id = ${wechat.id}`,
      sql`DELETE FROM reconciliation_imports WHERE id = ${wechat.id}`,
      sql`UPDATE reconciliation_bill_rows SET amount = 1 WHERE import_id = ${wechat.id}`,
      sql`DELETE FROM reconciliation_matches WHERE import_id = ${wechat.id}`,
    ]) {
      await expect(statement.execute(db())).rejects.toThrow(/entry_immutable/);
    }
  });

  test('a sale matched by one import is never matched by another', async () => {
    // The same bill with one more blank line: other bytes, a new import.
    const response = await upload('wechat', Buffer.concat([WECHAT_BILL, Buffer.from('\r\n')]));
    expect(response.status).toBe(201);
    const second = (await json<{ reconciliation: Reconciliation }>(response)).reconciliation;
    expect(second.matched).toEqual([]);
    expect(second.onlyInBill).toHaveLength(6);
    const settle = await shop.t.request('POST', `/api/reconciliations/${second.id}/settle`, {
      token: accountant,
      body: { id: randomUUID(), date: '2026-11-04' },
    });
    expect([settle.status, await errorCode(settle)]).toEqual([422, 'nothing_to_settle']);
  });

  test('Alipay bill in GBK: matched, only in bill, a partial refund by reference, settled with its fees', async () => {
    expect((await accountBalance(db(), '1012.02')).toFixed(2)).toBe('11.00');
    const response = await upload('alipay', ALIPAY_BILL, 'alipay-2026-11-03.csv');
    expect(response.status, await response.clone().text()).toBe(201);
    const alipay = (await json<{ reconciliation: Reconciliation }>(response)).reconciliation;
    expect(
      alipay.matched.map((match) => [match.bill!.rowNo, match.method, match.books!.amount]),
    ).toEqual([
      [1, 'reference', '9.50'],
      [2, 'amount_time', '4.00'],
      [4, 'reference', '-2.50'],
    ]);
    expect(alipay.matched[2]!.books!.refundId).toBe(sales.ra1);
    expect(alipay.onlyInBill.map((side) => side.bill!.amount)).toEqual(['3.00']);
    expect(alipay.onlyInBooks).toEqual([]);
    expect(alipay.totals.matched).toEqual({ count: 3, amount: '11.00', fee: '0.07', net: '10.93' });
    const settle = await shop.t.request('POST', `/api/reconciliations/${alipay.id}/settle`, {
      token: accountant,
      body: { id: randomUUID(), date: '2026-11-04' },
    });
    expect(settle.status).toBe(201);
    const { entry } = await json<{
      entry: { lines: { account: string; debit: string; credit: string }[] };
    }>(settle);
    expect(entry.lines.map((line) => [line.account, line.debit, line.credit])).toEqual([
      ['1002', '10.93', '0.00'],
      ['5601.01', '0.07', '0.00'],
      ['1012.02', '0.00', '11.00'],
    ]);
    expect((await accountBalance(db(), '1012.02')).toFixed(2)).toBe('0.00');
  });

  test('the same bill uploaded twice at once, and settled twice at once, is stored and posted once', async () => {
    const bytes = Buffer.concat([ALIPAY_BILL, Buffer.from('\r\n\r\n')]);
    const uploads = await Promise.all([upload('alipay', bytes), upload('alipay', bytes)]);
    expect(uploads.map((response) => response.status).sort()).toEqual([200, 201]);
    const ids = await Promise.all(
      uploads.map(
        async (response) =>
          (await json<{ reconciliation: Reconciliation }>(response)).reconciliation.id,
      ),
    );
    expect(ids[0]).toBe(ids[1]);
    // Its rows were all matched by the first Alipay import: nothing to settle, twice.
    const settles = await Promise.all(
      [randomUUID(), randomUUID()].map((id) =>
        shop.t.request('POST', `/api/reconciliations/${ids[0]}/settle`, {
          token: accountant,
          body: { id, date: '2026-11-04' },
        }),
      ),
    );
    expect(await Promise.all(settles.map((response) => errorCode(response)))).toEqual([
      'nothing_to_settle',
      'nothing_to_settle',
    ]);
  });

  test('two settlements of one bill at once: one entry, the other is reconciliation_settled', async () => {
    const cashier = await shop.t.login('cashier');
    const register = newRegister('counter');
    const shift = await openShift(shop.t, cashier.token, register);
    const sold = await sell(
      shop.t,
      cashier.token,
      saleBody(shop.t, {
        registerId: register,
        shiftId: shift,
        lines: [{ productId: shop.products.mantou!.id, quantity: '2' }],
        tenders: [{ method: 'wechat', amount: '5.00', reference: '4200001234202611040001' }],
      }),
    );
    expect(sold.status).toBe(201);
    const text = new TextDecoder().decode(WECHAT_BILL.subarray(3)).split('\r\n');
    const line = text[1]!
      .replace('2026-11-03 08:15:22', '2026-11-04 10:00:05')
      .replace('4200001234202611030001', '4200001234202611040001')
      .replaceAll('`12.50', '`5.00')
      .replace('`0.08', '`0.03');
    const bill = [text[0], line, text[7], '`1,`5.00,`0.00,`0.00,`0.03,`5.00,`0.00', ''].join(
      '\r\n',
    );
    const imported = await upload('wechat', Buffer.from(bill));
    expect(imported.status, await imported.clone().text()).toBe(201);
    const { reconciliation } = await json<{ reconciliation: Reconciliation }>(imported);
    expect(reconciliation.totals.matched).toEqual({
      count: 1,
      amount: '5.00',
      fee: '0.03',
      net: '4.97',
    });
    const before = await counts(db());
    const settles = await Promise.all(
      [randomUUID(), randomUUID()].map((id) =>
        shop.t.request('POST', `/api/reconciliations/${reconciliation.id}/settle`, {
          token: accountant,
          body: { id, date: '2026-11-04' },
        }),
      ),
    );
    expect(settles.map((response) => response.status).sort()).toEqual([201, 409]);
    const after = await counts(db());
    expect(after.journal_entries! - before.journal_entries!).toBe(1);
    expect((await accountBalance(db(), '1012.01')).toFixed(2)).toBe('6.00');
  });

  test('bad files are 4xx with a code and nothing is written', async () => {
    const before = await counts(db());
    const text = new TextDecoder().decode(WECHAT_BILL);
    const cases: [string, Buffer | string, number, string][] = [
      ['alipay', WECHAT_BILL, 422, 'bill_layout_invalid'],
      ['wechat', Buffer.from('日期,金额\n2026-11-03,3.00\n'), 422, 'bill_layout_invalid'],
      ['wechat', Buffer.from(text, 'utf16le'), 422, 'bill_encoding_invalid'],
      ['wechat', Buffer.from([0x81, 0xff, 0x00, 0x41]), 422, 'bill_encoding_invalid'],
      [
        'wechat',
        Buffer.from(text.replace('`15.00,`0.00', '`15.01,`0.00')),
        422,
        'bill_totals_mismatch',
      ],
      ['wechat', iconv.encode(text.replace('`6,', '`7,'), 'gbk'), 422, 'bill_totals_mismatch'],
      ['wechat', Buffer.alloc(MAX_BILL_BYTES + 1, 0x41), 413, 'bill_too_large'],
      ['wechat', 'not base64!', 400, 'invalid_input'],
      ['paypal', WECHAT_BILL, 400, 'invalid_input'],
    ];
    for (const [provider, content, status, code] of cases) {
      const response = await shop.t.request('POST', '/api/reconciliations', {
        token: accountant,
        body: {
          provider,
          fileName: 'bad.csv',
          contentBase64: typeof content === 'string' ? content : content.toString('base64'),
        },
      });
      expect([provider, status, code, response.status, await errorCode(response)]).toEqual([
        provider,
        status,
        code,
        status,
        code,
      ]);
    }
    const huge = await shop.t.request('POST', '/api/reconciliations', {
      token: accountant,
      body: {
        provider: 'wechat',
        fileName: 'huge.csv',
        contentBase64: 'A'.repeat(12 * 1024 * 1024),
      },
    });
    expect([huge.status, await errorCode(huge)]).toEqual([413, 'body_too_large']);
    expect(await counts(db())).toEqual(before);
  });

  test('settling an unknown import is 404; a date after this month is refused', async () => {
    const missing = await shop.t.request('POST', `/api/reconciliations/${randomUUID()}/settle`, {
      token: accountant,
      body: { id: randomUUID(), date: '2026-11-04' },
    });
    expect([missing.status, await errorCode(missing)]).toEqual([404, 'not_found']);
    const future = await shop.t.request('POST', `/api/reconciliations/${wechat.id}/settle`, {
      token: accountant,
      body: { id: randomUUID(), date: '2027-01-04' },
    });
    expect([future.status, await errorCode(future)]).toEqual([422, 'date_in_future']);
  });
});
