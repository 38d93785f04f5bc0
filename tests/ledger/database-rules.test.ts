import { sql } from 'kysely';
import { expect, test } from 'vitest';
import { Refusal } from '../../ledger/core/errors.js';
import { postEntry, refusalFromDatabaseError } from '../../ledger/books/journal.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { post } from '../helpers/ledger.js';

/** What a rejected statement threw: the driver's error, with SQLSTATE and constraint name. */
async function refusedWith(statement: Promise<unknown>): Promise<Error> {
  try {
    await statement;
  } catch (error) {
    return error as Error;
  }
  throw new Error('the database accepted what it should refuse');
}

/**
 * The database names each rule it enforced (migrations/0012_name_trigger_rules.ts): the
 * SQLSTATE says what kind of refusal, the constraint name which rule. The server maps
 * those two to a refusal code, never the message's words.
 */
describeEachDatabase('database rules are named, not worded', (database) => {
  const db = () => database.current.db;

  /** Inserts a raw entry with the given lines in one transaction, behind postEntry's back. */
  function rawEntry(lines: [account: string, debit: number, credit: number][]) {
    const id = crypto.randomUUID();
    return db()
      .transaction()
      .execute(async (trx) => {
        await sql`INSERT INTO periods (period) VALUES ('2026-03') ON CONFLICT DO NOTHING`.execute(
          trx,
        );
        await sql`INSERT INTO journal_entries (id, entry_date, period, description, source, idempotency_key, content_hash)
          VALUES (${id}, '2026-03-12', '2026-03', 'raw', 'manual', ${`raw-${id}`}, 'x')`.execute(
          trx,
        );
        for (const [index, [account, debit, credit]] of lines.entries()) {
          await sql`INSERT INTO journal_lines (entry_id, line_no, account_code, debit, credit, period, entry_date)
            VALUES (${id}, ${index + 1}, ${account}, ${debit}, ${credit}, '2026-03', '2026-03-12')`.execute(
            trx,
          );
        }
      });
  }

  test('each trigger refusal carries its SQLSTATE and rule name, and maps to its code', async () => {
    // Thunks: each statement runs when its case is checked, none left rejected unawaited.
    const cases: [string, () => Promise<unknown>, string, string, string][] = [
      [
        'unbalanced',
        () =>
          rawEntry([
            ['1001', 5, 0],
            ['5001', 0, 4],
          ]),
        '23514',
        'xmf_entry_unbalanced',
        'entry_unbalanced',
      ],
      [
        'one line',
        () => rawEntry([['1001', 5, 0]]),
        '23514',
        'xmf_entry_too_few_lines',
        'entry_too_few_lines',
      ],
      [
        'heading account',
        () =>
          rawEntry([
            ['1012', 5, 0],
            ['5001', 0, 5],
          ]),
        '23514',
        'xmf_account_not_postable',
        'account_not_postable',
      ],
    ];
    for (const [what, statement, sqlState, constraint, code] of cases) {
      const error = await refusedWith(statement());
      expect({ what, sqlState: (error as { code?: string }).code }).toEqual({ what, sqlState });
      expect({ what, constraint: (error as { constraint?: string }).constraint }).toEqual({
        what,
        constraint,
      });
      expect({ what, code: refusalFromDatabaseError(error)?.code }).toEqual({ what, code });
    }

    const { entry } = await post(db(), '2026-03-12', [
      ['1001', '5.00', null],
      ['5001', null, '5.00'],
    ]);
    const immutable = await refusedWith(
      sql`UPDATE journal_entries SET description = 'x' WHERE id = ${entry.id}`.execute(db()),
    );
    expect((immutable as { constraint?: string }).constraint).toBe('xmf_entry_immutable');
    const refusal = refusalFromDatabaseError(immutable);
    expect(refusal?.code).toBe('conflict');
    // The message keeps its words for people, without the code in front.
    expect(refusal?.message).toMatch(/^posted journal journal_entries cannot be changed/);
  });
});

describeEachDatabase('journal refusals say what is wrong', (database) => {
  test('a memo longer than 500 characters is memo_too_long, not amount_invalid', async () => {
    const posting = postEntry(database.current.db, {
      idempotencyKey: `memo-${crypto.randomUUID()}`,
      date: '2026-03-13',
      description: 'a long memo',
      source: 'manual',
      postedBy: null,
      lines: [
        { account: '1001', debit: '1.00', memo: '长'.repeat(501) },
        { account: '5001', credit: '1.00' },
      ],
    });
    const error = await refusedWith(posting);
    expect(error).toBeInstanceOf(Refusal);
    expect((error as Refusal).code).toBe('memo_too_long');
  });
});

test('a message that merely starts like a rule is not taken for one', () => {
  const worded = Object.assign(new Error('period_closed: looks like a rule'), { code: '23514' });
  expect(refusalFromDatabaseError(worded)).toBeUndefined();
  const wrongState = Object.assign(new Error('period_closed: x'), {
    code: 'P0001',
    constraint: 'xmf_period_closed',
  });
  expect(refusalFromDatabaseError(wrongState)).toBeUndefined();
  const named = Object.assign(new Error('period_closed: period 2026-01 is closed'), {
    code: '23514',
    constraint: 'xmf_period_closed',
  });
  expect(refusalFromDatabaseError(named)?.code).toBe('period_closed');
});
