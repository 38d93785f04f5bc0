import { sql } from 'kysely';
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { accountBalance, generalLedger, trialBalance } from '../../ledger/books/balances.js';
import { periodDigest } from '../../ledger/books/digest.js';
import { Refusal } from '../../ledger/core/errors.js';
import { getEntry, postEntry, reverseEntry } from '../../ledger/books/journal.js';
import { D, ZERO } from '../../ledger/core/money.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { post } from '../helpers/ledger.js';

async function refusalCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Refusal) return error.code;
    throw error;
  }
  return 'posted';
}

describeEachDatabase('ledger: journal', (database) => {
  const db = () => database.current.db;

  test.each([
    [
      'cash sale',
      [
        ['1001', '12.50', null],
        ['5001', null, '12.50'],
      ],
      'posted',
    ],
    [
      'split with VAT',
      [
        ['1012.01', '10.30', null],
        ['5001', null, '10.00'],
        ['2221.01', null, '0.30'],
      ],
      'posted',
    ],
    [
      'unbalanced by a fen',
      [
        ['1001', '12.50', null],
        ['5001', null, '12.49'],
      ],
      'entry_unbalanced',
    ],
    ['one line', [['1001', '12.50', null]], 'entry_too_few_lines'],
    [
      'unknown account',
      [
        ['9999', '1.00', null],
        ['5001', null, '1.00'],
      ],
      'account_unknown',
    ],
    [
      'heading account',
      [
        ['1012', '1.00', null],
        ['5001', null, '1.00'],
      ],
      'account_not_postable',
    ],
    [
      'three decimals',
      [
        ['1001', '1.005', null],
        ['5001', null, '1.005'],
      ],
      'amount_invalid',
    ],
    [
      'negative',
      [
        ['1001', '-1.00', null],
        ['5001', null, '-1.00'],
      ],
      'amount_invalid',
    ],
    [
      'both sides on a line',
      [
        ['1001', '1.00', '1.00'],
        ['5001', null, '0.00'],
      ],
      'amount_invalid',
    ],
    [
      'zero line',
      [
        ['1001', '0.00', null],
        ['5001', null, '0.00'],
      ],
      'amount_invalid',
    ],
    [
      'too large',
      [
        ['1001', '99999999999999999.00', null],
        ['5001', null, '99999999999999999.00'],
      ],
      'amount_invalid',
    ],
  ] as const)('%s → %s', async (_name, lines, expected) => {
    const code = await refusalCode(
      post(
        db(),
        '2026-03-05',
        lines.map((line) => [...line]),
      ),
    );
    expect(code).toBe(expected);
  });

  test('more than 500 lines is entry_too_large', async () => {
    const lines: [string, string | null, string | null][] = [];
    for (let i = 0; i < 251; i += 1) lines.push(['1001', '1.00', null], ['5001', null, '1.00']);
    expect(await refusalCode(post(db(), '2026-03-05', lines))).toBe('entry_too_large');
  });

  test('an inactive account is refused', async () => {
    await db().updateTable('accounts').set({ active: false }).where('code', '=', '5051').execute();
    try {
      expect(
        await refusalCode(
          post(db(), '2026-03-05', [
            ['1001', '1.00', null],
            ['5051', null, '1.00'],
          ]),
        ),
      ).toBe('account_inactive');
    } finally {
      await db().updateTable('accounts').set({ active: true }).where('code', '=', '5051').execute();
    }
  });

  test('idempotency: same key and content returns the first entry; different content is a conflict', async () => {
    const options = {
      idempotencyKey: `idem-${database.kind}`,
      date: '2026-03-06',
      description: '面粉 10 袋',
      source: 'manual' as const,
      postedBy: null,
      lines: [
        { account: '5401.01', debit: '850.00' },
        { account: '1002', credit: '850.00' },
      ],
    };
    const first = await postEntry(db(), options);
    const second = await postEntry(db(), options);
    expect(first.created).toBe(true);
    expect(second.created).toBe(false);
    expect(second.entry.id).toBe(first.entry.id);
    const different = {
      ...options,
      lines: [
        { account: '5401.01', debit: '851.00' },
        { account: '1002', credit: '851.00' },
      ],
    };
    expect(await refusalCode(postEntry(db(), different))).toBe('idempotency_conflict');
  });

  test('a reversal nets every account to zero and can happen only once', async () => {
    const { entry } = await post(db(), '2026-03-07', [
      ['1012.02', '33.30', null],
      ['5001', null, '30.00'],
      ['2221.01', null, '3.30'],
    ]);
    const reversal = await reverseEntry(db(), {
      entryId: entry.id,
      date: '2026-03-08',
      postedBy: null,
    });
    expect(reversal.entry.reversesId).toBe(entry.id);
    expect(reversal.entry.source).toBe('reversal');
    for (const line of entry.lines) {
      const mirrored = reversal.entry.lines.find((other) => other.lineNo === line.lineNo)!;
      expect(mirrored.debit.equals(line.credit) && mirrored.credit.equals(line.debit)).toBe(true);
    }
    const again = await reverseEntry(db(), {
      entryId: entry.id,
      date: '2026-03-08',
      postedBy: null,
    });
    expect(again.created).toBe(false);
    expect(
      await refusalCode(
        reverseEntry(db(), {
          entryId: entry.id,
          date: '2026-03-09',
          postedBy: null,
          idempotencyKey: 'other',
        }),
      ),
    ).toBe('entry_already_reversed');
    expect(
      await refusalCode(
        reverseEntry(db(), { entryId: reversal.entry.id, date: '2026-03-09', postedBy: null }),
      ),
    ).toBe('entry_already_reversed');
  });

  test('property: random balanced entries post and the trial balance stays balanced; reversals net to zero', async () => {
    const amount = fc
      .bigInt({ min: 1n, max: 10_000_000n })
      .map((fen) => D(fen.toString()).div(100).toFixed(2));
    const accounts = [
      '1001',
      '1002',
      '1012.01',
      '1012.02',
      '5001',
      '5401.01',
      '5602.02',
      '2221.01',
      '3104.13',
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ account: fc.constantFrom(...accounts), amount, side: fc.boolean() }), {
          minLength: 1,
          maxLength: 8,
        }),
        fc.constantFrom(...accounts),
        async (legs, balancingAccount) => {
          // Balance the random legs with one line on the other side.
          let net = ZERO;
          const lines: [string, string | null, string | null][] = legs.map((leg) => {
            net = leg.side ? net.plus(leg.amount) : net.minus(leg.amount);
            return leg.side ? [leg.account, leg.amount, null] : [leg.account, null, leg.amount];
          });
          if (net.isZero()) return;
          lines.push(
            net.gt(0)
              ? [balancingAccount, null, net.toFixed(2)]
              : [balancingAccount, net.neg().toFixed(2), null],
          );
          const before = await accountBalance(db(), balancingAccount, { period: '2026-04' });
          const { entry } = await post(db(), '2026-04-10', lines);
          const tb = await trialBalance(db(), { period: '2026-04', scope: 'period' });
          expect(tb.totals.debit.equals(tb.totals.credit)).toBe(true);
          await reverseEntry(db(), { entryId: entry.id, date: '2026-04-11', postedBy: null });
          expect(
            (await accountBalance(db(), balancingAccount, { period: '2026-04' })).equals(before),
          ).toBe(true);
        },
      ),
      { numRuns: 25 },
    );
  });

  test('property: unbalanced entries are refused by the code, and by the database when written with raw SQL', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.bigInt({ min: 1n, max: 1_000_000n }),
        fc.bigInt({ min: 1n, max: 1_000_000n }),
        async (debitFen, creditFen) => {
          fc.pre(debitFen !== creditFen);
          const debit = D(debitFen.toString()).div(100).toFixed(2);
          const credit = D(creditFen.toString()).div(100).toFixed(2);
          expect(
            await refusalCode(
              post(db(), '2026-03-10', [
                ['1001', debit, null],
                ['5001', null, credit],
              ]),
            ),
          ).toBe('entry_unbalanced');
          const id = crypto.randomUUID();
          const raw = db()
            .transaction()
            .execute(async (trx) => {
              await sql`INSERT INTO periods (period) VALUES ('2026-03') ON CONFLICT DO NOTHING`.execute(
                trx,
              );
              await sql`INSERT INTO journal_entries (id, entry_date, period, description, source, idempotency_key, content_hash)
              VALUES (${id}, '2026-03-10', '2026-03', 'raw', 'manual', ${`raw-${id}`}, 'x')`.execute(
                trx,
              );
              await sql`INSERT INTO journal_lines (entry_id, line_no, account_code, debit, credit, period, entry_date)
              VALUES (${id}, 1, '1001', ${debit}, 0, '2026-03', '2026-03-10'), (${id}, 2, '5001', 0, ${credit}, '2026-03', '2026-03-10')`.execute(
                trx,
              );
            });
          await expect(raw).rejects.toThrow(/entry_unbalanced/);
          expect(await getEntry(db(), id)).toBeUndefined();
        },
      ),
      { numRuns: 10 },
    );
  });

  test('the database refuses, even to raw SQL: a one-line entry, updates, deletes, truncates, late lines', async () => {
    const id = crypto.randomUUID();
    const oneLine = db()
      .transaction()
      .execute(async (trx) => {
        await sql`INSERT INTO periods (period) VALUES ('2026-03') ON CONFLICT DO NOTHING`.execute(
          trx,
        );
        await sql`INSERT INTO journal_entries (id, entry_date, period, description, source, idempotency_key, content_hash)
          VALUES (${id}, '2026-03-11', '2026-03', 'raw', 'manual', ${`raw-${id}`}, 'x')`.execute(
          trx,
        );
        await sql`INSERT INTO journal_lines (entry_id, line_no, account_code, debit, credit, period, entry_date)
          VALUES (${id}, 1, '1001', 5, 0, '2026-03', '2026-03-11')`.execute(trx);
      });
    await expect(oneLine).rejects.toThrow(/entry_too_few_lines/);

    const { entry } = await post(db(), '2026-03-11', [
      ['1001', '5.00', null],
      ['5001', null, '5.00'],
    ]);
    await expect(
      sql`UPDATE journal_lines SET debit = 6 WHERE entry_id = ${entry.id} AND line_no = 1`.execute(
        db(),
      ),
    ).rejects.toThrow(/entry_immutable/);
    await expect(
      sql`UPDATE journal_entries SET description = 'x' WHERE id = ${entry.id}`.execute(db()),
    ).rejects.toThrow(/entry_immutable/);
    await expect(
      sql`DELETE FROM journal_lines WHERE entry_id = ${entry.id}`.execute(db()),
    ).rejects.toThrow(/entry_immutable/);
    await expect(
      sql`DELETE FROM journal_entries WHERE id = ${entry.id}`.execute(db()),
    ).rejects.toThrow(/entry_immutable/);
    // CASCADE reaches past the foreign keys of sales and disbursements to the triggers.
    await expect(sql`TRUNCATE journal_lines`.execute(db())).rejects.toThrow(/entry_immutable/);
    await expect(sql`TRUNCATE journal_entries CASCADE`.execute(db())).rejects.toThrow(
      /entry_immutable/,
    );
    // Even a balanced pair of lines cannot be added to an entry posted earlier.
    await expect(
      sql`INSERT INTO journal_lines (entry_id, line_no, account_code, debit, credit, period, entry_date)
        VALUES (${entry.id}, 3, '1001', 1, 0, '2026-03', '2026-03-11'), (${entry.id}, 4, '5001', 0, 1, '2026-03', '2026-03-11')`.execute(
        db(),
      ),
    ).rejects.toThrow(/entry_immutable/);
    await expect(
      sql`INSERT INTO journal_lines (entry_id, line_no, account_code, debit, credit, period, entry_date)
        VALUES (${entry.id}, 3, '1012', 1, 0, '2026-03', '2026-03-11')`.execute(db()),
    ).rejects.toThrow();
    expect((await getEntry(db(), entry.id))!.lines).toHaveLength(2);
  });

  test('a closed period refuses postings, in code and in the database; so does any month before it', async () => {
    await post(db(), '2026-01-15', [
      ['1001', '1.00', null],
      ['5001', null, '1.00'],
    ]);
    const { digest } = await periodDigest(db(), '2026-01');
    await db()
      .updateTable('periods')
      .set({ status: 'closed', closed_at: new Date(), digest, entry_count: 1 })
      .where('period', '=', '2026-01')
      .execute();
    expect(
      await refusalCode(
        post(db(), '2026-01-20', [
          ['1001', '1.00', null],
          ['5001', null, '1.00'],
        ]),
      ),
    ).toBe('period_closed');
    expect(
      await refusalCode(
        post(db(), '2025-12-20', [
          ['1001', '1.00', null],
          ['5001', null, '1.00'],
        ]),
      ),
    ).toBe('period_closed');
    const id = crypto.randomUUID();
    await expect(
      sql`INSERT INTO journal_entries (id, entry_date, period, description, source, idempotency_key, content_hash)
        VALUES (${id}, '2026-01-20', '2026-01', 'raw', 'manual', ${`raw-${id}`}, 'x')`.execute(
        db(),
      ),
    ).rejects.toThrow(/period_closed/);
  });

  test('balances: at a date, over a period, with sub-accounts; general ledger running balance', async () => {
    // Other tests share this database: measure from an opening balance taken first.
    const opening = await accountBalance(db(), '1012', { toDate: '2027-04-30' });
    await post(db(), '2027-05-01', [
      ['1012.01', '100.00', null],
      ['5001', null, '100.00'],
    ]);
    await post(db(), '2027-05-02', [
      ['1012.02', '50.00', null],
      ['5001', null, '50.00'],
    ]);
    await post(db(), '2027-05-03', [
      ['1002', '99.40', null],
      ['5601.01', '0.60', null],
      ['1012.01', null, '100.00'],
    ]);
    expect(
      (await accountBalance(db(), '1012', { toDate: '2027-05-02' })).minus(opening).toFixed(2),
    ).toBe('150.00');
    expect((await accountBalance(db(), '1012', { period: '2027-05' })).toFixed(2)).toBe('50.00');
    expect((await accountBalance(db(), '5001', { period: '2027-05' })).toFixed(2)).toBe('150.00');
    expect(
      (
        await accountBalance(db(), '1012.02', { fromDate: '2027-05-02', toDate: '2027-05-02' })
      ).toFixed(2),
    ).toBe('50.00');
    const gl = await generalLedger(db(), {
      account: '1012',
      fromDate: '2027-05-02',
      toDate: '2027-05-31',
    });
    expect(gl.opening.minus(opening).toFixed(2)).toBe('100.00');
    expect(gl.lines.map((line) => line.balance.minus(opening).toFixed(2))).toEqual([
      '150.00',
      '50.00',
    ]);
    expect(gl.closing.minus(opening).toFixed(2)).toBe('50.00');
  });

  test('the digest changes when any posted value changes (triggers disabled by a superuser)', async () => {
    const { entry } = await post(
      db(),
      '2026-06-03',
      [
        ['1001', '7.00', null],
        ['5001', null, '7.00'],
      ],
      '豆包 7 个',
    );
    const before = (await periodDigest(db(), '2026-06')).digest;
    expect(before).toMatch(/^[0-9a-f]{64}$/);
    expect((await periodDigest(db(), '2026-06')).digest).toBe(before);
    await db()
      .transaction()
      .execute(async (trx) => {
        await sql`SET LOCAL session_replication_role = replica`.execute(trx);
        await sql`UPDATE journal_lines SET debit = 7.01 WHERE entry_id = ${entry.id} AND line_no = 1`.execute(
          trx,
        );
        await sql`UPDATE journal_lines SET credit = 7.01 WHERE entry_id = ${entry.id} AND line_no = 2`.execute(
          trx,
        );
      });
    expect((await periodDigest(db(), '2026-06')).digest).not.toBe(before);
  });
});

describeEachDatabase(
  'ledger: idempotency under concurrency',
  (database) => {
    test('the same key posted from 8 connections at once makes one entry', async () => {
      const options = {
        idempotencyKey: `concurrent-${database.kind}`,
        date: '2026-07-01',
        description: 'same key, eight connections',
        source: 'manual' as const,
        postedBy: null,
        lines: [
          { account: '1001', debit: '9.00' },
          { account: '5001', credit: '9.00' },
        ],
      };
      const results = await Promise.all(
        Array.from({ length: 8 }, () => postEntry(database.current.db, options)),
      );
      expect(new Set(results.map((result) => result.entry.id)).size).toBe(1);
      expect(results.filter((result) => result.created)).toHaveLength(1);
      const count = await database.current.db
        .selectFrom('journal_entries')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('idempotency_key', '=', options.idempotencyKey)
        .executeTakeFirstOrThrow();
      expect(count.n).toBe('1');
    });
  },
  { poolSize: 8 },
);
