import { Hono } from 'hono';
import { z } from 'zod';
import { canonicalPeriodText, sha256Hex } from '../../ledger/books/digest.js';
import { journalLedgerChunks } from '../../reports/journal-ledger-stream.js';
import type { AppEnv, Logger } from '../app-env.js';
import { audit } from '../audit.js';
import { currentAuth, requireRole } from '../auth/middleware.js';
import { ledgerFields } from '../ledger-fields.js';
import { documentRoute } from '../openapi.js';
import { fields, readQuery } from '../validate.js';

const ledgerFormatQuery = z
  .strictObject({
    format: z.literal('ledger'),
    from: ledgerFields.calendarDate.optional(),
    to: ledgerFields.calendarDate.optional(),
    /** Bring balances from before `from` forward as one opening transaction. */
    opening: z.enum(['true', 'false']).optional(),
  })
  .refine((query) => !query.from || !query.to || query.from <= query.to, {
    error: 'from must not be after to',
  });

const canonicalFormatQuery = z.strictObject({
  format: z.literal('canonical'),
  period: fields.period,
});

const exportQuery = z.discriminatedUnion('format', [ledgerFormatQuery, canonicalFormatQuery]);

/** The same parameters flattened for the OpenAPI document, which lists query parameters one by one. */
const exportQueryDoc = z.strictObject({
  format: z.enum(['ledger', 'canonical']),
  from: fields.date.optional(),
  to: fields.date.optional(),
  opening: z.enum(['true', 'false']).optional(),
  period: fields.period.optional(),
});

/**
 * Turns text chunks into a byte stream that asks for the next chunk only when the client
 * has taken the previous one, so a slow download holds one page in memory, not the journal.
 */
function textStream(
  first: string,
  rest: AsyncGenerator<string>,
  logger: Logger,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let pending: string | undefined = first;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        if (pending !== undefined) {
          controller.enqueue(encoder.encode(pending));
          pending = undefined;
          return;
        }
        const next = await rest.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      } catch (error) {
        // The status line is gone already; cutting the stream short is the honest answer.
        logger.error('Journal export failed mid-stream', error);
        controller.error(error);
      }
    },
    async cancel() {
      await rest.return(undefined);
    },
  });
}

function attachmentHeaders(filename: string): Record<string, string> {
  return {
    'content-type': 'text/plain; charset=utf-8',
    'content-disposition': `attachment; filename="${filename}"`,
    'cache-control': 'no-store',
  };
}

export const journalExportRoutes = new Hono<AppEnv>().get(
  '/journal',
  requireRole('accountant'),
  async (c) => {
    const auth = currentAuth(c);
    const query = readQuery(c, exportQuery);
    const { db, logger } = c.var.deps;
    // Memos can name aid recipients: who took the books out, and which part, is recorded.
    await audit(db, {
      actorId: auth.user.id,
      action: 'journal_exported',
      subject:
        query.format === 'canonical' ? query.period : `${query.from ?? ''}..${query.to ?? ''}`,
      details: { ...query },
    });

    if (query.format === 'canonical') {
      const { text } = await canonicalPeriodText(db, query.period);
      return c.body(text, 200, {
        ...attachmentHeaders(`xinmofang-journal-${query.period}.canonical.txt`),
        'x-content-sha256': sha256Hex(text),
      });
    }

    const chunks = journalLedgerChunks(db, {
      from: query.from,
      to: query.to,
      opening: query.opening === 'true',
    });
    // The first chunk is read before answering, so a failure to start is a proper error
    // response rather than a 200 that breaks off.
    const first = await chunks.next();
    const filename = `xinmofang-journal_${query.from ?? 'start'}_${query.to ?? 'end'}.journal`;
    return c.body(
      textStream(first.done ? '' : first.value, chunks, logger),
      200,
      attachmentHeaders(filename),
    );
  },
);

documentRoute({
  method: 'get',
  path: '/api/export/journal',
  summary:
    '`format=ledger` (from, to optional; opening=true brings earlier balances forward): the journal as plain text that hledger and ledger-cli read, streamed. ' +
    '`format=canonical&period=YYYY-MM`: exactly the canonical text of the period digest, so sha256sum of the download is the digest (docs/period-digest.md)',
  tag: 'ledger',
  roles: ['accountant'],
  query: exportQueryDoc,
  responses: {
    200: 'text/plain; charset=utf-8, as an attachment',
  },
  errors: [],
});
