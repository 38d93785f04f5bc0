import { Hono } from 'hono';
import { sql } from 'kysely';
import { z } from 'zod';
import { businessIso } from '../../ledger/core/business-time.js';
import { activeClose } from '../../ledger/books/close-period.js';
import { Refusal } from '../../ledger/core/errors.js';
import { canonicalFileName, publicCanonicalText } from '../../reports/public-canonical.js';
import { publishStatement } from '../../reports/publish-statement.js';
import { buildStatementModel } from '../../reports/statement-builder.js';
import { renderStatementPdf } from '../../reports/statement-pdf.js';
import { checkFigures } from '../../reports/statement-integrity.js';
import type { StatementModel } from '../../reports/statement-model.js';
import type { AppEnv } from '../app-env.js';
import { audit } from '../audit.js';
import { currentAuth, requireRole } from '../auth/middleware.js';
import { documentRoute } from '../openapi.js';
import {
  fundHistoryResponseSchema,
  statementListResponseSchema,
  statementResponseSchema,
} from '../schemas/public-statements.js';
import { publishUrlProblem } from '../config.js';
import { publishResponseSchema } from '../schemas/books-close.js';
import { fields, parseInput, readParam, readQuery } from '../validate.js';

const publishBody = z.strictObject({ note: z.string().trim().max(2000).optional() });

export function pdfUrl(period: string, version: number, lang: 'zh-CN' | 'en' = 'zh-CN'): string {
  return `/api/public/statements/${period}/versions/${version}${lang === 'en' ? '.en' : ''}.pdf`;
}

/** Accountants publish closed months. */
export const statementRoutes = new Hono<AppEnv>().post(
  '/:period/publish',
  requireRole('accountant'),
  async (c) => {
    const auth = currentAuth(c);
    const period = readParam(c, 'period', fields.period);
    // The body is optional: publishing version 1 needs no note.
    const text = await c.req.text();
    let raw: unknown = {};
    if (text.trim() !== '') {
      try {
        raw = JSON.parse(text);
      } catch {
        throw new Refusal('malformed_json', 'The request body is not valid JSON.');
      }
    }
    const body = parseInput(publishBody, raw);
    const { db, now, config } = c.var.deps;
    const urlProblem = publishUrlProblem(config);
    if (urlProblem) throw new Refusal('public_url_required', urlProblem);
    const published = await db.transaction().execute(async (trx) => {
      const result = await publishStatement(trx, {
        period,
        note: body.note,
        publishedBy: { id: auth.user.id, name: auth.user.displayName },
        now: now(),
        verifyUrl: `${config.publicUrl.replace(/\/$/, '')}/statements/${period}`,
        timeZone: config.businessTimeZone,
      });
      await audit(trx, {
        actorId: auth.user.id,
        action: 'statement_published',
        subject: `${period} v${result.version}`,
        details: { sha256: result.sha256 },
      });
      return result;
    });
    return c.json(
      {
        statement: {
          period: published.period,
          version: published.version,
          sha256: published.sha256,
          sha256En: published.sha256En,
          figuresSha256: published.figuresSha256,
          pdfUrl: pdfUrl(period, published.version),
          pdfUrlEn: pdfUrl(period, published.version, 'en'),
          publishedAt: published.publishedAt.toISOString(),
        },
      },
      201,
    );
  },
);

interface PublicationRow {
  period: string;
  version: number;
  sha256: string;
  sha256_en: string;
  figures_sha256: string | null;
  published_at: Date;
  correction_note: string | null;
  supersedes_version: number | null;
  reopened_at: Date | null;
}

function publicationJson(row: PublicationRow, current: boolean) {
  return {
    period: row.period,
    version: row.version,
    current,
    sha256: row.sha256,
    sha256En: row.sha256_en,
    // The SHA-256 of the figures' canonical JSON, recorded at publication (null: published
    // before it was recorded).
    figuresSha256: row.figures_sha256,
    publishedAt: row.published_at.toISOString(),
    pdfUrl: pdfUrl(row.period, row.version),
    pdfUrlEn: pdfUrl(row.period, row.version, 'en'),
    correction:
      row.supersedes_version === null
        ? null
        : { supersedesVersion: row.supersedes_version, note: row.correction_note ?? '' },
  };
}

/** Published versions joined with their close, to tell whether the month was reopened since. */
function publications(db: AppEnv['Variables']['deps']['db']) {
  return db
    .selectFrom('statements as s')
    .innerJoin('period_closes as pc', 'pc.id', 's.close_id')
    .select([
      's.period',
      's.version',
      's.sha256',
      's.sha256_en',
      's.figures_sha256',
      's.published_at',
      's.correction_note',
      's.supersedes_version',
      'pc.reopened_at',
    ]);
}

/**
 * What residents see, without logging in: published statements only. Nothing here reads
 * an open month, the journal, or any private table; the figures are the stored ones.
 */
export const publicStatementRoutes = new Hono<AppEnv>()
  .get('/statements', async (c) => {
    // Only the parts the list shows, not every month's whole figures.
    const rows = await publications(c.var.deps.db)
      .select([
        sql<string>`s.figures->>'surplus'`.as('surplus'),
        sql<StatementModel['funds']>`s.figures->'funds'`.as('funds'),
      ])
      .orderBy('s.period', 'desc')
      .orderBy('s.version', 'desc')
      .limit(600)
      .execute();
    const latestVersion = new Map<string, number>();
    for (const row of rows)
      latestVersion.set(row.period, Math.max(latestVersion.get(row.period) ?? 0, row.version));
    return c.json({
      statements: rows.map((row) => {
        return {
          ...publicationJson(row, latestVersion.get(row.period) === row.version),
          surplus: row.surplus,
          funds: row.funds.map((fund) => ({
            fund: fund.fund,
            name: fund.name,
            nameEn: fund.nameEn,
            allocated: fund.allocated,
            spent: fund.spent,
            closing: fund.closing,
          })),
        };
      }),
    });
  })
  .get('/statements/:period', async (c) => {
    const period = readParam(c, 'period', fields.period);
    return c.json(await statementAnswer(c.var.deps.db, period, undefined));
  })
  .get('/statements/:period/versions/:file', async (c) => {
    const period = readParam(c, 'period', fields.period);
    const match = readParam(c, 'file', z.string().max(16)).match(/^([1-9]\d{0,3})(\.en)?(\.pdf)?$/);
    if (!match) throw new Refusal('not_found', 'No such statement version.');
    const version = Number(match[1]);
    if (!match[3]) return c.json(await statementAnswer(c.var.deps.db, period, version));
    const english = Boolean(match[2]);
    const row = await c.var.deps.db
      .selectFrom('statements')
      .select(english ? ['pdf_en as pdf', 'sha256_en as sha256'] : ['pdf', 'sha256'])
      .where('period', '=', period)
      .where('version', '=', version)
      .executeTakeFirst();
    if (!row)
      throw new Refusal('not_found', `No published statement ${period} version ${version}.`);
    const filename = `xinmofang-statement-${period}-v${version}${english ? '-en' : ''}.pdf`;
    return c.body(new Uint8Array(row.pdf), 200, {
      'content-type': 'application/pdf',
      'content-disposition': `inline; filename="${filename}"`,
      'x-content-sha256': row.sha256,
      'cache-control': 'public, max-age=31536000, immutable',
    });
  })
  .get('/statements/:period/versions/:version/canonical', async (c) => {
    const period = readParam(c, 'period', fields.period);
    const version = readParam(
      c,
      'version',
      z
        .string()
        .regex(/^[1-9]\d{0,3}$/)
        .transform(Number),
    );
    const { text, sha256 } = await publicCanonicalText(c.var.deps.db, period, version);
    return c.body(text, 200, {
      'content-type': 'text/plain; charset=utf-8',
      'content-disposition': `attachment; filename="${canonicalFileName(period, version)}"`,
      'x-content-sha256': sha256,
      // Reopening the month changes the journal, so this answer is not immutable.
      'cache-control': 'no-cache',
    });
  })
  .get('/funds', async (c) => {
    const rows = await c.var.deps.db
      .selectFrom('statements')
      .select(['period', 'version', sql<StatementModel['funds']>`figures->'funds'`.as('funds')])
      .orderBy('period')
      .orderBy('version')
      .execute();
    const latest = new Map<string, StatementModel['funds']>();
    for (const row of rows) latest.set(row.period, row.funds);
    return c.json({
      history: [...latest.entries()].map(([period, funds]) => ({
        period,
        funds: funds.map((fund) => ({
          fund: fund.fund,
          name: fund.name,
          nameEn: fund.nameEn,
          closing: fund.closing,
        })),
      })),
    });
  });

async function statementAnswer(
  db: AppEnv['Variables']['deps']['db'],
  period: string,
  version: number | undefined,
) {
  const versions = await publications(db)
    .where('s.period', '=', period)
    .orderBy('s.version', 'desc')
    .execute();
  const latest = versions[0];
  const chosen = version === undefined ? latest : versions.find((row) => row.version === version);
  if (!latest) throw new Refusal('not_found', `No published statement for ${period}.`);
  if (!chosen)
    // The month is published; only this version is not. Say which ones exist.
    throw new Refusal(
      'not_found',
      `Version ${version} of ${period} does not exist; published versions: ${versions
        .map((row) => row.version)
        .reverse()
        .join(', ')}.`,
      { versions: versions.map((row) => row.version).reverse() },
    );
  const figures = await db
    .selectFrom('statements')
    .select('figures')
    .where('period', '=', period)
    .where('version', '=', chosen.version)
    .executeTakeFirstOrThrow();
  // Figures edited after publication (behind the database's triggers) are still served, so
  // that what changed can be seen, but flagged: docs/decisions/0023-tamper-evidence.md.
  const check = checkFigures(figures.figures, chosen.figures_sha256);
  return {
    statement: figures.figures as StatementModel,
    integrity: {
      ok: check.ok,
      recordedFiguresSha256: check.recordedSha256,
      servedFiguresSha256: check.servedSha256,
    },
    publication: publicationJson(chosen, chosen.version === latest.version),
    versions: versions.map((row) => publicationJson(row, row.version === latest.version)),
  };
}

documentRoute({
  method: 'post',
  path: '/api/statements/{period}/publish',
  summary:
    'Publish a closed month’s statement (PDF zh-CN and en + figures + SHA-256); a correction after a reopen needs a note',
  tag: 'statements',
  roles: ['accountant'],
  response: { 201: publishResponseSchema },
  body: publishBody,
  responses: {
    201: '{"statement":{"period","version","sha256","pdfUrl"}}',
  },
  errors: [
    'period_not_closed',
    'already_published',
    'correction_note_required',
    'public_url_required',
  ],
});
documentRoute({
  method: 'get',
  path: '/api/public/statements',
  summary: 'Every published statement version, newest first',
  tag: 'public',
  roles: ['public'],
  responses: { 200: '{"statements":[…]}' },
  errors: [],
  response: { 200: statementListResponseSchema },
});
documentRoute({
  method: 'get',
  path: '/api/public/statements/{period}',
  summary: 'The figures of the latest version of a month, and its versions',
  tag: 'public',
  roles: ['public'],
  responses: { 200: '{"statement","publication","versions"}' },
  errors: ['not_found'],
  response: { 200: statementResponseSchema },
});
documentRoute({
  method: 'get',
  path: '/api/public/statements/{period}/versions/{file}',
  summary:
    '`{n}` the figures of version n; `{n}.pdf` / `{n}.en.pdf` the stored PDF bytes, whose SHA-256 is the published one',
  tag: 'public',
  roles: ['public'],
  responses: {
    200: '`{n}`: {"statement","publication","versions"} as JSON; `{n}.pdf` / `{n}.en.pdf`: application/pdf',
  },
  errors: ['not_found'],
  // The JSON form; the PDF form is bytes whose SHA-256 is the publication's.
  response: { 200: statementResponseSchema },
});
documentRoute({
  method: 'get',
  path: '/api/public/statements/{period}/versions/{version}/canonical',
  summary:
    'The canonical journal text of a published month (docs/period-digest.md): sha256sum of the download is the digest printed on version n, so anyone can recompute it',
  tag: 'public',
  roles: ['public'],
  responses: {
    200: 'text/plain; the same bytes as the accountant’s `?format=canonical` export',
  },
  errors: ['not_found', 'canonical_withheld', 'canonical_superseded'],
});
documentRoute({
  method: 'get',
  path: '/api/public/funds',
  summary: 'Fund balances at the end of each published month',
  tag: 'public',
  roles: ['public'],
  responses: { 200: '{"history":[…]}' },
  errors: [],
  response: { 200: fundHistoryResponseSchema },
});

const previewQuery = z.strictObject({
  lang: z.enum(['zh-CN', 'en']).optional(),
  /** The correction note (更正说明) the next version would carry, to preview a correction. */
  note: z.string().trim().max(2000).optional(),
});

/**
 * The statement the next publication of a closed month would produce, rendered by the same
 * code and never stored: the accountant reads it before publishing. The version number,
 * the correction note and "published by" are what publishing now would put there; the
 * bytes differ from the published ones only by the time of rendering.
 */
statementRoutes.get('/:period/preview.pdf', requireRole('accountant'), async (c) => {
  const auth = currentAuth(c);
  const period = readParam(c, 'period', fields.period);
  const query = readQuery(c, previewQuery);
  const { db, now, config } = c.var.deps;
  const at = now();
  const pdf = await db.transaction().execute(async (trx) => {
    const periodRow = await trx
      .selectFrom('periods')
      .select(['status'])
      .where('period', '=', period)
      .executeTakeFirst();
    const close = await activeClose(trx, period);
    if (!periodRow || periodRow.status !== 'closed' || !close) {
      throw new Refusal(
        'period_not_closed',
        `The month ${period} is not closed; close it before previewing its statement.`,
      );
    }
    const latest = await trx
      .selectFrom('statements')
      .select(['version'])
      .where('period', '=', period)
      .orderBy('version', 'desc')
      .executeTakeFirst();
    const model = await buildStatementModel(trx, {
      period,
      version: (latest?.version ?? 0) + 1,
      correction: latest
        ? {
            supersedesVersion: latest.version,
            note: query.note || '（更正说明 / correction note）',
          }
        : null,
      publishedBy: { name: auth.user.displayName, at: businessIso(at, config.businessTimeZone) },
      verifyUrl: `${config.publicUrl.replace(/\/$/, '')}/statements/${period}`,
      timeZone: config.businessTimeZone,
    });
    return renderStatementPdf(model, { lang: query.lang ?? 'zh-CN', creationDate: at });
  });
  return c.body(new Uint8Array(pdf), 200, {
    'content-type': 'application/pdf',
    'content-disposition': `inline; filename="xinmofang-statement-${period}-preview.pdf"`,
    'cache-control': 'no-store',
  });
});

documentRoute({
  method: 'get',
  path: '/api/statements/{period}/preview.pdf',
  summary:
    'The statement PDF the next publication of a closed month would produce (zh-CN, or `?lang=en`; `?note=` previews a correction), rendered and not stored',
  tag: 'statements',
  roles: ['accountant'],
  query: previewQuery,
  responses: { 200: 'application/pdf' },
  errors: ['period_not_closed'],
});
