import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { z } from 'zod';
import { Refusal } from '../../ledger/core/errors.js';
import {
  getListedEntry,
  listEntries,
  MAX_JOURNAL_PAGE_SIZE,
} from '../../ledger/books/journal-listing.js';
import {
  entryTotals,
  getEntry,
  MAX_LINES_PER_ENTRY,
  postEntry,
  reverseEntry,
} from '../../ledger/books/journal.js';
import type { AppEnv } from '../app-env.js';
import { audit } from '../audit.js';
import { currentAuth, requireRole } from '../auth/middleware.js';
import { ledgerFields } from '../ledger-fields.js';
import { entryJson } from '../ledger-json.js';
import { documentRoute } from '../openapi.js';
import { fields, readJson, readParam, readQuery } from '../validate.js';
import { assertNotInFuture } from '../../ledger/core/business-time.js';
import { journalEntryResponseSchema, journalPageResponseSchema } from '../schemas/books-ledger.js';

const lineBody = z.strictObject({
  account: z.string().trim().min(1).max(32),
  debit: fields.money.optional(),
  credit: fields.money.optional(),
  memo: z.string().max(500).nullable().optional(),
});

const postEntryBody = z.strictObject({
  /** The client's id for the entry; posting it again is idempotent. */
  id: fields.id.optional(),
  date: ledgerFields.calendarDate,
  description: fields.text(500),
  // Well-formed but too many lines is the ledger's refusal (entry_too_large), not a 400;
  // the body limit bounds the array anyway.
  lines: z.array(lineBody).max(MAX_LINES_PER_ENTRY * 2),
});

const listQuery = z.strictObject({
  period: fields.period.optional(),
  page: ledgerFields.page.optional(),
  pageSize: z
    .string()
    .regex(/^[1-9][0-9]{0,2}$/, 'a page size from 1')
    .transform(Number)
    .refine((size) => size <= MAX_JOURNAL_PAGE_SIZE, `at most ${MAX_JOURNAL_PAGE_SIZE}`)
    .optional(),
  order: z.enum(['asc', 'desc']).optional(),
});

const reverseBody = z.strictObject({
  date: ledgerFields.calendarDate,
  reason: fields.text(400),
});

/** Sources whose entries an accountant may reverse by hand; the others have their own workflow. */
const REVERSIBLE_SOURCES = new Set(['manual']);

/** A unique index refused a row that a concurrent request inserted first (SQLSTATE 23505). */
function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === '23505';
}

export const journalRoutes = new Hono<AppEnv>()
  .use(requireRole('accountant'))
  .post('/', async (c) => {
    const auth = currentAuth(c);
    const body = await readJson(c, postEntryBody);
    assertNotInFuture(body.date, c.var.deps.now(), c.var.deps.config.businessTimeZone);
    const { db } = c.var.deps;
    const id = body.id ?? randomUUID();
    const idempotencyKey = `manual:${id}`;
    const post = () =>
      db.transaction().execute(async (trx) => {
        // The client chose the id; it must not be another entry's (a sale's, say).
        const holder = await trx
          .selectFrom('journal_entries')
          .select(['idempotency_key'])
          .where('id', '=', id)
          .executeTakeFirst();
        if (holder && holder.idempotency_key !== idempotencyKey) {
          throw new Refusal('idempotency_conflict', `The id ${id} belongs to another entry.`, {
            entryId: id,
          });
        }
        const posted = await postEntry(trx, {
          id,
          idempotencyKey,
          date: body.date,
          description: body.description,
          source: 'manual',
          postedBy: auth.user.id,
          lines: body.lines,
        });
        if (posted.created) {
          await audit(trx, {
            actorId: auth.user.id,
            action: 'journal_entry_posted',
            subject: posted.entry.id,
            details: {
              seq: posted.entry.seq,
              date: posted.entry.date,
              total: entryTotals(posted.entry).debit.toFixed(2),
              lines: posted.entry.lines.length,
            },
          });
        }
        return posted;
      });
    let posted;
    try {
      posted = await post();
    } catch (error) {
      // Two requests with one new id raced past the key check and the loser hit the primary
      // key: nothing was written, and a second try reads the winner's entry back.
      if (!isUniqueViolation(error)) throw error;
      posted = await post();
    }
    return c.json({ entry: entryJson(posted.entry) }, posted.created ? 201 : 200);
  })
  .get('/', async (c) => {
    const query = readQuery(c, listQuery);
    const result = await listEntries(c.var.deps.db, {
      period: query.period,
      page: query.page ?? 1,
      pageSize: query.pageSize ?? 50,
      order: query.order,
    });
    return c.json({
      period: query.period ?? null,
      page: result.page,
      pageSize: result.pageSize,
      total: result.total,
      pages: Math.ceil(result.total / result.pageSize),
      entries: result.entries.map(entryJson),
    });
  })
  .get('/:id', async (c) => {
    const id = readParam(c, 'id', fields.id);
    const entry = await getListedEntry(c.var.deps.db, id);
    if (!entry) throw new Refusal('entry_not_found', `There is no entry ${id}.`);
    return c.json({ entry: entryJson(entry) });
  })
  .post('/:id/reverse', async (c) => {
    const auth = currentAuth(c);
    const id = readParam(c, 'id', fields.id);
    const body = await readJson(c, reverseBody);
    assertNotInFuture(body.date, c.var.deps.now(), c.var.deps.config.businessTimeZone);
    const { db } = c.var.deps;
    let reversed;
    try {
      reversed = await db.transaction().execute(async (trx) => {
        const original = await getEntry(trx, id);
        if (!original) throw new Refusal('entry_not_found', `There is no entry ${id}.`);
        if (original.source !== 'reversal' && !REVERSIBLE_SOURCES.has(original.source)) {
          throw new Refusal(
            'entry_not_reversible',
            `Entry #${original.seq} comes from a ${original.source}; correct it through that workflow, not by reversing its journal entry.`,
            { source: original.source },
          );
        }
        const result = await reverseEntry(trx, {
          entryId: id,
          date: body.date,
          description: `冲销 Reversal of #${original.seq}: ${body.reason}`,
          postedBy: auth.user.id,
        });
        if (result.created) {
          await audit(trx, {
            actorId: auth.user.id,
            action: 'journal_entry_reversed',
            subject: id,
            details: {
              reversalId: result.entry.id,
              seq: result.entry.seq,
              date: result.entry.date,
              reason: body.reason,
            },
          });
        }
        return result;
      });
    } catch (error) {
      // The reversal key is per entry: another date or reason means it was already reversed.
      if (error instanceof Refusal && error.code === 'idempotency_conflict') {
        throw new Refusal('entry_already_reversed', `Entry ${id} was already reversed.`, {
          reversalId: (await getListedEntry(db, id))?.reversedBy ?? null,
        });
      }
      throw error;
    }
    return c.json({ entry: entryJson(reversed.entry) }, reversed.created ? 201 : 200);
  });

documentRoute({
  method: 'post',
  path: '/api/journal',
  summary:
    'Post a manual journal entry. With an `id`, the request is idempotent: the same id and content return the same entry (200); other content is 409',
  tag: 'ledger',
  roles: ['accountant'],
  response: { 201: journalEntryResponseSchema, 200: journalEntryResponseSchema },
  body: postEntryBody,
  responses: {
    201: '{"entry":{"id","seq","date","period","description","source","lines":[{"account","debit","credit","memo"}],…}}',
    200: 'the same entry, posted earlier with the same id and content',
  },
  errors: [
    'period_closed',
    'idempotency_conflict',
    'entry_unbalanced',
    'entry_too_few_lines',
    'entry_too_large',
    'account_unknown',
    'account_not_postable',
    'account_inactive',
    'amount_invalid',
    'date_in_future',
    'memo_too_long',
  ],
});
documentRoute({
  method: 'get',
  path: '/api/journal',
  summary: `The journal in sequence order, a page at a time (pageSize ≤ ${MAX_JOURNAL_PAGE_SIZE}, default 50)`,
  tag: 'ledger',
  roles: ['accountant'],
  response: { 200: journalPageResponseSchema },
  query: listQuery,
  responses: {
    200: '{"period","page","pageSize","total","pages","entries":[…]}',
  },
  errors: [],
});
documentRoute({
  method: 'get',
  path: '/api/journal/{id}',
  summary: 'One entry with its lines; `reversedBy` names its reversal, if any',
  tag: 'ledger',
  roles: ['accountant'],
  response: { 200: journalEntryResponseSchema },
  responses: { 200: '{"entry":{…}}' },
  errors: ['entry_not_found'],
});
documentRoute({
  method: 'post',
  path: '/api/journal/{id}/reverse',
  summary:
    'Reverse a manual entry with a mirror-image entry dated `date` (at most once; the same request again returns the same reversal)',
  tag: 'ledger',
  roles: ['accountant'],
  response: { 201: journalEntryResponseSchema, 200: journalEntryResponseSchema },
  body: reverseBody,
  responses: {
    201: '{"entry":{…,"source":"reversal","reversesId"}}',
    200: 'the same reversal, posted earlier with the same date and reason',
  },
  errors: [
    'entry_not_found',
    'entry_already_reversed',
    'period_closed',
    'entry_not_reversible',
    'date_in_future',
  ],
});
