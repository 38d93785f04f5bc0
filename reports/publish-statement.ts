import { businessIso } from '../ledger/core/business-time.js';
import { activeClose } from '../ledger/books/close-period.js';
import { Refusal } from '../ledger/core/errors.js';
import type { Executor } from '../ledger/core/executor.js';
import { sha256Hex } from '../ledger/books/digest.js';
import { buildStatementModel } from './statement-builder.js';
import type { StatementModel } from './statement-model.js';
import { figuresSha256 } from './statement-integrity.js';
import { renderStatementPdf } from './statement-pdf.js';

export interface PublishStatementOptions {
  period: string;
  note?: string | undefined;
  publishedBy: { id: string; name: string };
  now: Date;
  /** The residents' page of this month, printed in the PDF for verification. */
  verifyUrl: string;
  timeZone: string;
}

export interface PublishedStatement {
  period: string;
  version: number;
  sha256: string;
  sha256En: string;
  /** SHA-256 of the figures' canonical JSON, published beside the PDFs' hashes. */
  figuresSha256: string;
  publishedAt: Date;
  model: StatementModel;
}

/**
 * Publishes a closed month's statement inside the caller's transaction: builds the figures
 * from the books, renders the PDF in Chinese and English, and stores bytes, figures and
 * the SHA-256 of each (PDFs and figures) as the next version. Version 1 needs no note; a later version (after a reopen
 * and re-close) needs a correction note (更正说明) and names the version it supersedes.
 *
 * @example await publishStatement(trx, { period: '2026-10', publishedBy, now: new Date(), verifyUrl })
 */
export async function publishStatement(
  trx: Executor,
  options: PublishStatementOptions,
): Promise<PublishedStatement> {
  const { period } = options;
  const periodRow = await trx
    .selectFrom('periods')
    .select(['status'])
    .where('period', '=', period)
    .forUpdate()
    .executeTakeFirst();
  const close = await activeClose(trx, period);
  if (!periodRow || periodRow.status !== 'closed' || !close) {
    throw new Refusal(
      'period_not_closed',
      `The month ${period} is not closed; close it before publishing.`,
    );
  }
  const latest = await trx
    .selectFrom('statements')
    .select(['version', 'close_id'])
    .where('period', '=', period)
    .orderBy('version', 'desc')
    .executeTakeFirst();
  if (latest && latest.close_id === close.closeId) {
    throw new Refusal(
      'already_published',
      `Version ${latest.version} of ${period} already shows this close.`,
      { version: latest.version },
    );
  }
  const note = options.note?.trim() || null;
  if (latest && !note) {
    throw new Refusal(
      'correction_note_required',
      `Version ${latest.version} is published; a new version needs a correction note (更正说明).`,
    );
  }
  const version = (latest?.version ?? 0) + 1;
  const publishedAt = options.now;
  const model = await buildStatementModel(trx, {
    period,
    version,
    correction: latest ? { supersedesVersion: latest.version, note: note! } : null,
    publishedBy: { name: options.publishedBy.name, at: businessIso(publishedAt, options.timeZone) },
    verifyUrl: options.verifyUrl,
    timeZone: options.timeZone,
  });
  const pdf = await renderStatementPdf(model, { lang: 'zh-CN', creationDate: publishedAt });
  const pdfEn = await renderStatementPdf(model, { lang: 'en', creationDate: publishedAt });
  const sha256 = sha256Hex(pdf);
  const sha256En = sha256Hex(pdfEn);
  const figures = JSON.stringify(model);
  // Hashed as stored and served (a JSON round trip), so that the check on read compares like with like.
  const figuresHash = figuresSha256(JSON.parse(figures));
  await trx
    .insertInto('statements')
    .values({
      period,
      version,
      close_id: close.closeId,
      figures,
      figures_sha256: figuresHash,
      pdf,
      sha256,
      pdf_en: pdfEn,
      sha256_en: sha256En,
      digest: model.digest.value,
      correction_note: latest ? note : null,
      supersedes_version: latest ? latest.version : null,
      published_by: options.publishedBy.id,
      published_at: publishedAt,
    })
    .execute();
  return { period, version, sha256, sha256En, figuresSha256: figuresHash, publishedAt, model };
}
