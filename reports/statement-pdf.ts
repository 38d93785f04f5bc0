import { createHash } from 'node:crypto';
import PDFDocument from 'pdfkit';
import { D, ZERO, fen, type Money } from '../ledger/core/money.js';
import { canonicalJson } from './canonical-json.js';
import { categoryQuantityText } from '../contract/vocabulary.js';
import { canonicalUrlOf } from './public-canonical.js';
import {
  formatAmount,
  formatCount,
  formatPercent,
  formatPeriod,
  formatPeriodAxis,
  formatQuantity,
  formatTimestamp,
  formatYuan,
  type StatementLang,
} from './display-format.js';
import { drawDonut, drawLegend, drawLineChart } from './pdf-charts.js';
import { PdfFlow, type TextStyle } from './pdf-flow.js';
import { statementFont } from './pdf-font.js';
import { drawPageFrames } from './pdf-page-frame.js';
import { drawTable, measureTable, type TableColumn, type TableRow } from './pdf-table.js';
import {
  COLOR,
  FUND_COLOR,
  FUND_ORDER,
  MARGIN_BOTTOM,
  MARGIN_LEFT,
  MARGIN_RIGHT,
  MARGIN_TOP,
  TYPE,
} from './pdf-theme.js';
import { statementLabels, type StatementLabels } from './statement-labels.js';
import type { FundKey, StatementModel } from './statement-model.js';

export interface StatementPdfOptions {
  lang: StatementLang;
  /**
   * Written into the PDF's metadata. Defaults to the publication time (or, before
   * publication, the close time), so the same statement version always renders to the
   * same bytes.
   */
  creationDate?: Date;
}

/** A statement past this many spending lines is a bug upstream, not a long month. */
const MAX_SPENDING_LINES = 5000;

/**
 * Renders the monthly reinvestment statement as an A4 PDF: Chinese by default, Noto Sans
 * SC embedded as a subset (the text can be selected, searched and extracted), vector
 * charts, tables that repeat their header on every page, and on every page the period
 * digest and how to verify it.
 *
 * Rendering is deterministic: the same model and options give the same bytes, which is
 * what lets a published PDF be stored with its SHA-256 and re-rendered to check it.
 *
 * @example const pdf = await renderStatementPdf(model, { lang: 'zh-CN' });
 */
export async function renderStatementPdf(
  model: StatementModel,
  options: StatementPdfOptions,
): Promise<Buffer> {
  checkModel(model);
  const labels = statementLabels(options.lang);
  const creationDate = options.creationDate ?? new Date((model.publishedBy ?? model.closedBy).at);
  if (Number.isNaN(creationDate.getTime()))
    throw new Error('renderStatementPdf: invalid creation date');
  const pick = (zh: string, en: string): string => (options.lang === 'zh-CN' ? zh : en);
  const enterpriseName = pick(model.enterprise.name, model.enterprise.nameEn);
  const title = labels.title(enterpriseName, formatPeriod(model.period, options.lang));
  const versionLabel = model.correction
    ? labels.correctedVersion(model.version, model.correction.supersedesVersion)
    : labels.version(model.version);

  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN_TOP, bottom: MARGIN_BOTTOM, left: MARGIN_LEFT, right: MARGIN_RIGHT },
    font: statementFont() as unknown as string,
    lang: options.lang,
    pdfVersion: '1.7',
    bufferPages: true,
    displayTitle: true,
    info: {
      Title: labels.documentTitle(title, versionLabel),
      Author: enterpriseName,
      Subject: pick(model.enterprise.community, model.enterprise.communityEn),
      Keywords: `period ${model.period}; version ${model.version}; digest sha256:${model.digest.value}`,
      Creator: 'xinmofang reinvestment ledger',
      CreationDate: creationDate,
      // pdfkit derives the trailer /ID from the info entries (its default is a fresh
      // timestamp, hence different bytes every run). Hashing the model into the info makes
      // the /ID a function of exactly what is rendered.
      SourceModelSha256: modelHash(model, options.lang, creationDate),
    } as PDFKit.DocumentInfo,
  });
  const bytes = collect(doc);
  const flow = new PdfFlow(doc);
  const context: RenderContext = { flow, model, labels, lang: options.lang, pick };

  drawTitle(context, title, versionLabel);
  drawCorrection(context);
  drawSummary(context);
  drawMoneyFlow(context);
  drawSales(context);
  drawProduction(context);
  drawCosts(context);
  drawAllocation(context);
  drawFunds(context);
  drawSpending(context);
  drawHistory(context);
  drawVerification(context);

  drawPageFrames(flow, {
    runningHeader: labels.runningHeader(title, versionLabel),
    footerFirstLine: labels.footerDigest(model.digest.value),
    footerSecondLine: labels.footerVerify(model.verifyUrl),
    pageLabel: labels.pageOf,
  });
  doc.end();
  return bytes;
}

interface RenderContext {
  flow: PdfFlow;
  model: StatementModel;
  labels: StatementLabels;
  lang: StatementLang;
  pick: (zh: string, en: string) => string;
}

function collect(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}

function modelHash(model: StatementModel, lang: StatementLang, creationDate: Date): string {
  return createHash('sha256')
    .update(canonicalJson({ model, lang, creationDate: creationDate.toISOString() }))
    .digest('hex');
}

/** Broken invariants of the model are bugs upstream: refuse to print a wrong statement. */
function checkModel(model: StatementModel): void {
  if (!/^[0-9a-f]{64}$/.test(model.digest.value)) {
    throw new Error('renderStatementPdf: digest must be 64 lowercase hex digits');
  }
  if (!Number.isSafeInteger(model.version) || model.version < 1) {
    throw new Error('renderStatementPdf: version must be a positive integer');
  }
  if (model.correction && model.correction.supersedesVersion >= model.version) {
    throw new Error('renderStatementPdf: a correction must supersede an earlier version');
  }
  if (model.spending.length > MAX_SPENDING_LINES) {
    throw new Error(`renderStatementPdf: more than ${MAX_SPENDING_LINES} spending lines`);
  }
  const fundKeys = new Set(model.funds.map((fund) => fund.fund));
  for (const line of model.spending) {
    if (!fundKeys.has(line.fund)) throw new Error(`renderStatementPdf: unknown fund ${line.fund}`);
  }
}

function fundName(context: RenderContext, key: FundKey): string {
  const fund = context.model.funds.find((candidate) => candidate.fund === key);
  return fund ? context.pick(fund.name, fund.nameEn) : key;
}

function sumAmounts(amounts: string[]): string {
  return fen(amounts.reduce<Money>((total, amount) => total.plus(D(amount)), ZERO));
}

/** A section heading, kept on the same page as at least `keepWithNext` points of content. */
function heading(flow: PdfFlow, text: string, keepWithNext = 60): void {
  const height = flow.lineHeight(TYPE.heading) + 6;
  flow.gap(10);
  flow.ensureSpace(height + keepWithNext);
  flow.text(text, flow.left, flow.y, flow.width, {
    size: TYPE.heading,
    weight: 'bold',
    color: COLOR.accent,
  });
  flow.y += flow.lineHeight(TYPE.heading);
  flow.doc
    .moveTo(flow.left, flow.y)
    .lineTo(flow.right, flow.y)
    .lineWidth(0.8)
    .strokeColor(COLOR.accent)
    .stroke();
  flow.y += 6;
}

function subheading(flow: PdfFlow, text: string, x = flow.left, width = flow.width): void {
  flow.text(text, x, flow.y, width, { size: TYPE.subheading, weight: 'bold' });
}

const BODY: TextStyle = { size: TYPE.body };
const NOTE: TextStyle = { size: TYPE.small, color: COLOR.muted };

function drawTitle(context: RenderContext, title: string, versionLabel: string): void {
  const { flow, model, labels, pick } = context;
  const community = pick(model.enterprise.community, model.enterprise.communityEn);
  flow.text(
    `${community} · ${pick(model.enterprise.name, model.enterprise.nameEn)}`,
    flow.left,
    flow.y,
    flow.width,
    {
      size: TYPE.small,
      color: COLOR.muted,
    },
  );
  flow.y += flow.lineHeight(TYPE.small);
  // A long (English) title shrinks a little before it wraps.
  const titleSize = flow.fittingSize(title, flow.width, TYPE.title, TYPE.title - 3);
  const titleStyle: TextStyle = { size: titleSize, weight: 'bold' };
  for (const line of flow.wrap(title, flow.width, titleStyle)) {
    flow.text(line, flow.left, flow.y, flow.width, titleStyle);
    flow.y += flow.lineHeight(titleSize);
  }
  const published = model.publishedBy
    ? labels.publishedOn(formatTimestamp(model.publishedBy.at, context.lang))
    : labels.unpublished;
  flow.paragraph(`${versionLabel} · ${published}`, {
    size: TYPE.subtitle,
    color: model.correction ? COLOR.correctionBorder : COLOR.muted,
  });
  flow.gap(4);
  flow.paragraph(labels.intro, { size: TYPE.body, color: COLOR.muted }, { gapAfter: 6 });
}

/**
 * The correction note stands at the top, boxed, before any figure: a reader of version 2
 * must learn first that it replaces version 1. A note longer than the page continues in a
 * second box on the next.
 */
function drawCorrection(context: RenderContext): void {
  const { flow, model, labels } = context;
  if (!model.correction) return;
  const padding = 8;
  const innerWidth = flow.width - 2 * padding;
  const titleStyle: TextStyle = {
    size: TYPE.subheading + 0.5,
    weight: 'bold',
    color: COLOR.correctionBorder,
  };
  const lines: { text: string; style: TextStyle }[] = [
    ...flow
      .wrap(labels.correctionHeading(model.correction.supersedesVersion), innerWidth, titleStyle)
      .map((text) => ({
        text,
        style: titleStyle,
      })),
    ...flow.wrap(model.correction.note, innerWidth, BODY).map((text) => ({ text, style: BODY })),
  ];
  let index = 0;
  while (index < lines.length) {
    flow.ensureSpace(2 * padding + flow.lineHeight(TYPE.body) * 2);
    let height = 2 * padding;
    let end = index;
    // At least one line per box, so the loop always moves on.
    while (
      end < lines.length &&
      (end === index || flow.y + height + flow.lineHeight(lines[end]!.style.size) <= flow.bottom)
    ) {
      height += flow.lineHeight(lines[end]!.style.size);
      end += 1;
    }
    flow.doc
      .roundedRect(flow.left, flow.y, flow.width, height, 4)
      .lineWidth(1)
      .fillAndStroke(COLOR.correctionFill, COLOR.correctionBorder);
    let y = flow.y + padding;
    for (const line of lines.slice(index, end)) {
      flow.text(line.text, flow.left + padding, y, innerWidth, line.style);
      y += flow.lineHeight(line.style.size);
    }
    flow.y += height;
    index = end;
    if (index < lines.length) flow.newPage();
  }
  flow.gap(8);
}

function drawSummary(context: RenderContext): void {
  const { flow, model, labels } = context;
  const deficit = D(model.surplus).isNegative();
  const cells: { label: string; value: string; color: string }[] = [
    { label: labels.netSales, value: model.sales.net, color: COLOR.ink },
    { label: labels.costs, value: model.costs.total, color: COLOR.ink },
    {
      label: deficit ? labels.deficit : labels.surplus,
      value: model.surplus,
      color: deficit ? COLOR.deficit : COLOR.ink,
    },
    { label: labels.deficitCarriedIn, value: model.deficitCarriedIn, color: COLOR.ink },
    { label: labels.allocable, value: model.allocable, color: COLOR.accent },
  ];
  const padding = 8;
  const labelHeight = flow.lineHeight(TYPE.small) * 2;
  const height = 2 * padding + labelHeight + flow.lineHeight(TYPE.figure);
  flow.ensureSpace(height + 10);
  flow.doc.roundedRect(flow.left, flow.y, flow.width, height, 5).fill(COLOR.summaryFill);
  const cellWidth = flow.width / cells.length;
  cells.forEach((cell, index) => {
    const x = flow.left + index * cellWidth;
    if (index > 0) {
      flow.doc
        .moveTo(x, flow.y + padding)
        .lineTo(x, flow.y + height - padding)
        .lineWidth(0.4)
        .strokeColor(COLOR.rule)
        .stroke();
    }
    const innerWidth = cellWidth - 2 * padding;
    flow.wrap(cell.label, innerWidth, NOTE, 2).forEach((line, lineIndex) => {
      flow.text(
        line,
        x + padding,
        flow.y + padding + lineIndex * flow.lineHeight(TYPE.small),
        innerWidth,
        NOTE,
      );
    });
    const value = formatYuan(cell.value);
    const size = flow.fittingSize(value, innerWidth, TYPE.figure, 7);
    flow.text(
      value,
      x + padding,
      flow.y + padding + labelHeight + (TYPE.figure - size),
      innerWidth,
      {
        size,
        weight: 'bold',
        color: cell.color,
      },
    );
  });
  flow.y += height;
}

/** A term that starts a heading, lower-cased where English puts it mid-sentence. */
function midSentence(term: string, lang: StatementLang): string {
  return lang === 'en' ? term.charAt(0).toLowerCase() + term.slice(1) : term;
}

/** Page 1: where the money went, in the order it moved, in one wrapped line. */
function drawMoneyFlow(context: RenderContext): void {
  const { flow, model, labels } = context;
  const deficit = D(model.surplus).isNegative();
  const sum = (pick: (fund: StatementModel['funds'][number]) => string) =>
    model.funds.reduce((total, fund) => total.plus(pick(fund)), D('0')).toFixed(2);
  flow.gap(6);
  flow.paragraph(
    labels.moneyFlow({
      net: formatYuan(model.sales.net),
      costs: formatYuan(model.costs.total),
      // Mid-sentence: "→ surplus ¥…", not "→ Surplus ¥…".
      surplus: `${midSentence(deficit ? labels.deficit : labels.surplus, context.lang)} ${formatYuan(model.surplus)}`,
      allocated: model.allocation.parts
        .map((part) => `${fundName(context, part.fund)} ${formatYuan(part.amount)}`)
        .join(' · '),
      spent: formatYuan(sum((fund) => fund.spent)),
      closing: formatYuan(sum((fund) => fund.closing)),
    }),
    { ...BODY, weight: 'bold' },
  );
}

const AMOUNT_COLUMN = { align: 'right' as const };

function drawSales(context: RenderContext): void {
  const { flow, model, labels, pick } = context;
  const { sales } = model;
  heading(flow, labels.salesHeading, 80);
  flow.paragraph(
    [
      `${labels.saleCount} ${formatCount(sales.saleCount)}`,
      `${labels.grossSales} ${formatYuan(sales.gross)}`,
      `${labels.discounts} ${formatYuan(sales.discounts)}`,
      `${labels.refunds} ${formatYuan(sales.refunds)}`,
      `${labels.netSales} ${formatYuan(sales.net)}`,
    ].join(' · '),
    BODY,
  );
  flow.paragraph(
    sales.lateSales.count > 0
      ? labels.lateSales(formatCount(sales.lateSales.count), formatAmount(sales.lateSales.amount))
      : labels.noLateSales,
    NOTE,
    { gapAfter: 6 },
  );

  const gutter = 16;
  const halfWidth = (flow.width - gutter) / 2;
  const categoryTable = {
    columns: [
      { header: labels.category, weight: 1.8, maxLines: 2 },
      // One line per unit: pieces and 斤 are never one number.
      { header: labels.quantity, weight: 1.4, maxLines: 3, ...AMOUNT_COLUMN },
      { header: labels.amount, weight: 1.5, ...AMOUNT_COLUMN },
    ],
    rows: [
      ...sales.byCategory.map((row) => ({
        cells: [
          pick(row.name, row.nameEn),
          categoryQuantityText(row, context.lang, formatQuantity, '\n'),
          formatAmount(row.amount),
        ],
      })),
      { cells: [labels.total, '', formatAmount(sales.net)], kind: 'total' as const },
    ],
    x: flow.left,
    width: halfWidth,
  };
  const tenderTable = {
    columns: [
      { header: labels.tender, weight: 2, maxLines: 2 },
      { header: labels.count, weight: 1, ...AMOUNT_COLUMN },
      { header: labels.amount, weight: 1.5, ...AMOUNT_COLUMN },
    ],
    rows: [
      ...sales.byTender.map((row) => ({
        cells: [labels.tenders[row.method], formatCount(row.count), formatAmount(row.amount)],
      })),
      {
        cells: [labels.total, formatCount(sales.saleCount), formatAmount(sales.net)],
        kind: 'total' as const,
      },
    ],
    x: flow.left + halfWidth + gutter,
    width: halfWidth,
  };
  const subheadingHeight = flow.lineHeight(TYPE.subheading) + 2;
  const tablesHeight = Math.max(measureTable(flow, categoryTable), measureTable(flow, tenderTable));
  if (tablesHeight + subheadingHeight <= flow.bottom - flow.top) {
    // Side by side when both fit on one page, which they do for any real month.
    flow.ensureSpace(subheadingHeight + tablesHeight);
    const top = flow.y;
    subheading(flow, labels.byCategory, categoryTable.x, halfWidth);
    subheading(flow, labels.byTender, tenderTable.x, halfWidth);
    flow.y += subheadingHeight;
    drawTable(flow, categoryTable);
    const leftBottom = flow.y;
    flow.y = top + subheadingHeight;
    drawTable(flow, tenderTable);
    flow.y = Math.max(leftBottom, flow.y);
  } else {
    for (const [title, table] of [
      [labels.byCategory, categoryTable],
      [labels.byTender, tenderTable],
    ] as const) {
      flow.ensureSpace(subheadingHeight + 40);
      subheading(flow, title);
      flow.y += subheadingHeight;
      drawTable(flow, {
        ...table,
        x: flow.left,
        width: flow.width,
        continuedTitle: labels.continued(title),
      });
      flow.gap(6);
    }
  }
}

function drawProduction(context: RenderContext): void {
  const { flow, model, labels, pick } = context;
  heading(flow, labels.productionHeading);
  const quantityColumn = (header: string): TableColumn => ({ header, weight: 1, align: 'right' });
  const items = model.production.items;
  // Each row reconciles: what the records do not explain is shown, per product and unit
  // (as on the residents' page), whenever any product has some.
  const showUnaccounted = items.some(
    (item) => item.unaccounted !== undefined && !D(item.unaccounted).isZero(),
  );
  drawTable(flow, {
    columns: [
      { header: labels.product, weight: 2.2 },
      { header: labels.unitHeader, weight: 0.7 },
      quantityColumn(labels.baked),
      quantityColumn(labels.sold),
      quantityColumn(labels.donated),
      quantityColumn(labels.discounted),
      quantityColumn(labels.wasted),
      ...(showUnaccounted ? [{ ...quantityColumn(labels.unaccounted), weight: 1.2 }] : []),
    ],
    rows: items.map((item) => ({
      cells: [
        pick(item.product, item.productEn),
        labels.unit(item.unit),
        formatQuantity(item.baked),
        formatQuantity(item.sold),
        formatQuantity(item.donated),
        formatQuantity(item.discounted),
        formatQuantity(item.wasted),
        ...(showUnaccounted ? [formatQuantity(item.unaccounted ?? '0')] : []),
      ],
    })),
    continuedTitle: labels.continued(labels.productionHeading),
  });
  if (showUnaccounted) {
    flow.gap(2);
    flow.paragraph(labels.unaccountedNote, NOTE);
  }
  flow.gap(4);
  flow.paragraph(labels.wasteRate(formatPercent(model.production.wasteRatePercent)), BODY);
}

function drawCosts(context: RenderContext): void {
  const { flow, model, labels, pick } = context;
  heading(flow, labels.costsHeading);
  drawTable(flow, {
    columns: [
      // Residents read names; the account codes stay in the books and the JSON.
      { header: labels.accountName, weight: 4, maxLines: 2 },
      { header: labels.amount, weight: 1.4, ...AMOUNT_COLUMN },
    ],
    rows: [
      ...model.costs.byAccount.map((row) => ({
        cells: [pick(row.name, row.nameEn), formatAmount(row.amount)],
      })),
      { cells: [labels.total, formatAmount(model.costs.total)], kind: 'total' },
    ],
    continuedTitle: labels.continued(labels.costsHeading),
  });
}

function drawAllocation(context: RenderContext): void {
  const { flow, model, labels } = context;
  heading(flow, labels.allocationHeading, 150);
  const deficit = D(model.surplus).isNegative();
  flow.paragraph(
    `${deficit ? labels.deficit : labels.surplus} ${formatYuan(model.surplus)} · ` +
      `${labels.deficitCarriedIn} ${formatYuan(model.deficitCarriedIn)} · ` +
      `${labels.allocable} ${formatYuan(model.allocable)}`,
    BODY,
  );
  const { rule } = model.allocation;
  const percentOf = (fund: FundKey): string | null =>
    rule?.shares.find((share) => share.fund === fund)?.percent ?? null;
  flow.paragraph(
    rule
      ? labels.ruleText(
          formatPeriod(rule.effectiveFrom, context.lang),
          rule.shares
            .map((share) => `${fundName(context, share.fund)} ${formatPercent(share.percent)}`)
            .join(' · '),
        )
      : labels.noRule,
    BODY,
  );
  if (!D(model.allocable).gt(0))
    flow.paragraph(labels.nothingToAllocate, { size: TYPE.body, color: COLOR.deficit });

  const outerRadius = 56;
  const innerRadius = 38;
  const chartHeight = 2 * outerRadius + 12;
  flow.gap(4);
  flow.ensureSpace(chartHeight);
  const top = flow.y;
  const cx = flow.left + outerRadius + 14;
  const cy = top + outerRadius + 6;
  const parts = [...model.allocation.parts].sort(
    (a, b) => FUND_ORDER.indexOf(a.fund) - FUND_ORDER.indexOf(b.fund),
  );
  drawDonut(flow, {
    cx,
    cy,
    outerRadius,
    innerRadius,
    // Geometry only: an angle needs a number; the amounts are printed from their strings.
    slices: parts.map((part) => ({
      value: D(part.amount).toNumber(),
      color: FUND_COLOR[part.fund],
    })),
  });
  // Both lines must stay inside the hole, whose chord narrows away from the centre.
  const centerText = formatAmount(model.allocable);
  const centerWidth = innerRadius * 1.6;
  // Never below 6.5 pt: a caption that does not fit at that size is cut with an ellipsis
  // rather than shrunk out of legibility.
  const centerSize = flow.fittingSize(centerText, centerWidth, TYPE.figure - 2, 6.5);
  const captionSize = flow.fittingSize(labels.allocable, centerWidth, TYPE.small, 6.5);
  const captionStyle = { ...NOTE, size: captionSize };
  const centerX = cx - centerWidth / 2;
  flow.text(
    labels.allocable,
    centerX,
    cy - flow.lineHeight(captionSize),
    centerWidth,
    captionStyle,
    'center',
  );
  flow.text(centerText, centerX, cy, centerWidth, { size: centerSize, weight: 'bold' }, 'center');

  // The legend doubles as the allocation table: fund, share of the rule, amount.
  const legendX = cx + outerRadius + 28;
  const legendWidth = flow.right - legendX;
  const rowHeight = flow.lineHeight(TYPE.body) + 5;
  const columns = {
    name: legendWidth * 0.5,
    percent: legendWidth * 0.18,
    amount: legendWidth * 0.32,
  };
  let y = top + Math.max(0, (chartHeight - rowHeight * (parts.length + 2)) / 2);
  const drawLegendRow = (
    cells: [string, string, string],
    style: TextStyle,
    swatch: string | null,
  ): void => {
    if (swatch) flow.doc.rect(legendX, y + 4, 9, 9).fill(swatch);
    flow.text(cells[0], legendX + 14, y, columns.name - 18, style);
    flow.text(cells[1], legendX + columns.name, y, columns.percent, style, 'right');
    flow.text(
      cells[2],
      legendX + columns.name + columns.percent,
      y,
      columns.amount,
      style,
      'right',
    );
    y += rowHeight;
  };
  drawLegendRow([labels.fund, labels.share, labels.amount], { ...NOTE, size: TYPE.table }, null);
  for (const part of parts) {
    const percent = percentOf(part.fund);
    drawLegendRow(
      [
        fundName(context, part.fund),
        percent ? formatPercent(percent) : '—',
        formatAmount(part.amount),
      ],
      BODY,
      FUND_COLOR[part.fund],
    );
  }
  flow.doc
    .moveTo(legendX, y)
    .lineTo(flow.right, y)
    .lineWidth(0.6)
    .strokeColor(COLOR.muted)
    .stroke();
  drawLegendRow(
    [labels.total, '', formatAmount(sumAmounts(parts.map((part) => part.amount)))],
    {
      ...BODY,
      weight: 'bold',
    },
    null,
  );
  flow.y = Math.max(top + chartHeight, y) + 4;
  flow.paragraph(labels.allocationNote, NOTE);
}

function drawFunds(context: RenderContext): void {
  const { flow, model, labels, pick } = context;
  heading(flow, labels.fundsHeading, 90);
  const funds = [...model.funds].sort(
    (a, b) => FUND_ORDER.indexOf(a.fund) - FUND_ORDER.indexOf(b.fund),
  );
  const amountColumn = (header: string): TableColumn => ({
    header,
    weight: 1,
    maxLines: 1,
    ...AMOUNT_COLUMN,
  });
  const total = (pickAmount: (fund: (typeof funds)[number]) => string): string =>
    formatAmount(sumAmounts(funds.map(pickAmount)));
  drawTable(flow, {
    columns: [
      { header: labels.fund, weight: 1.5, maxLines: 2 },
      amountColumn(labels.opening),
      amountColumn(labels.allocated),
      amountColumn(labels.spent),
      amountColumn(labels.transfersIn),
      amountColumn(labels.transfersOut),
      amountColumn(labels.closing),
    ],
    rows: [
      ...funds.map((fund) => ({
        cells: [
          pick(fund.name, fund.nameEn),
          formatAmount(fund.opening),
          formatAmount(fund.allocated),
          formatAmount(fund.spent),
          formatAmount(fund.transfersIn),
          formatAmount(fund.transfersOut),
          formatAmount(fund.closing),
        ],
      })),
      {
        cells: [
          labels.total,
          total((fund) => fund.opening),
          total((fund) => fund.allocated),
          total((fund) => fund.spent),
          total((fund) => fund.transfersIn),
          total((fund) => fund.transfersOut),
          total((fund) => fund.closing),
        ],
        kind: 'total',
      },
    ],
  });

  flow.gap(10);
  const rows: TableRow[] = funds.flatMap((fund) =>
    fund.spentByCategory.map((category) => ({
      cells: [
        pick(fund.name, fund.nameEn),
        pick(category.name, category.nameEn),
        formatAmount(category.amount),
      ],
    })),
  );
  flow.ensureSpace(flow.lineHeight(TYPE.subheading) + 40);
  subheading(flow, labels.spentByCategory);
  flow.y += flow.lineHeight(TYPE.subheading) + 2;
  if (rows.length === 0) {
    flow.paragraph(labels.noSpending, BODY);
    return;
  }
  drawTable(flow, {
    columns: [
      { header: labels.fund, weight: 2, maxLines: 2 },
      { header: labels.category, weight: 3, maxLines: 2 },
      { header: labels.amount, weight: 1.5, ...AMOUNT_COLUMN },
    ],
    rows,
    continuedTitle: labels.continued(labels.spentByCategory),
  });
}

function drawSpending(context: RenderContext): void {
  const { flow, model, labels, pick } = context;
  heading(flow, labels.spendingHeading, 80);
  flow.paragraph(labels.aidPrivacyNote, NOTE, { gapAfter: 4 });
  if (model.spending.length === 0) {
    flow.paragraph(labels.noSpending, BODY);
    return;
  }
  drawTable(flow, {
    columns: [
      { header: labels.date, weight: 1.25 },
      { header: labels.fund, weight: 1.35, maxLines: 3 },
      { header: labels.category, weight: 1.3, maxLines: 3 },
      { header: labels.description, weight: 3.3, maxLines: 4 },
      { header: labels.recipient, weight: 2, maxLines: 3 },
      { header: labels.amount, weight: 1.4, ...AMOUNT_COLUMN },
    ],
    rows: [
      ...model.spending.map((line) => ({
        cells: [
          line.date,
          fundName(context, line.fund),
          pick(line.categoryName, line.categoryNameEn),
          // Text the system wrote has an English; text typed by staff is shown as typed.
          pick(line.description, line.descriptionEn ?? line.description),
          pick(line.recipient, line.recipientEn),
          formatAmount(line.amount),
        ],
      })),
      {
        cells: [
          labels.total,
          '',
          '',
          '',
          '',
          formatAmount(sumAmounts(model.spending.map((line) => line.amount))),
        ],
        kind: 'total',
      },
    ],
    continuedTitle: labels.continued(labels.spendingHeading),
  });
}

function drawHistory(context: RenderContext): void {
  const { flow, model, labels, lang } = context;
  const chartHeight = 190;
  const months = model.history;
  const first = months[0];
  const last = months[months.length - 1];
  const title =
    first && last
      ? labels.historyHeading(
          formatPeriod(first.period, lang),
          formatPeriod(last.period, lang),
          months.length,
        )
      : labels.historyHeading('', '', 0);
  heading(flow, title, chartHeight + 20);
  if (months.length === 0) {
    flow.paragraph(labels.historyEmpty, BODY);
    return;
  }
  const funds = FUND_ORDER.filter((key) => model.funds.some((fund) => fund.fund === key));
  // The value axis's title (with its unit) on the legend's row.
  const axisTitleWidth = flow.measure(NOTE.size)(labels.chartBalanceAxis) + 12;
  flow.text(labels.chartBalanceAxis, flow.left, flow.y, axisTitleWidth, NOTE);
  flow.y += drawLegend(
    flow,
    flow.left + axisTitleWidth,
    flow.y,
    flow.width - axisTitleWidth,
    funds.map((key) => ({ label: fundName(context, key), fund: key })),
  );
  flow.y += 4;
  drawLineChart(flow, {
    x: flow.left,
    y: flow.y,
    width: flow.width,
    height: chartHeight,
    labels: months.map((month) => formatPeriodAxis(month.period, lang)),
    series: funds.map((key) => ({
      fund: key,
      // Geometry only: a point's height needs a number.
      values: months.map((month) => {
        const closing = month.funds.find((fund) => fund.fund === key)?.closing;
        return closing === undefined ? null : D(closing).toNumber();
      }),
    })),
  });
  flow.y += chartHeight;
}

function drawVerification(context: RenderContext): void {
  const { flow, model, labels } = context;
  heading(flow, labels.verificationHeading, 110);
  flow.paragraph(
    labels.closedBy(model.closedBy.name, formatTimestamp(model.closedBy.at, context.lang)),
    BODY,
  );
  flow.paragraph(
    model.publishedBy
      ? labels.publishedBy(
          model.publishedBy.name,
          formatTimestamp(model.publishedBy.at, context.lang),
        )
      : labels.notYetPublished,
    BODY,
    { gapAfter: 6 },
  );
  const padding = 7;
  const digestSize = flow.fittingSize(model.digest.value, flow.width - 2 * padding, 10, 6);
  const boxHeight =
    2 * padding +
    flow.lineHeight(TYPE.small) +
    flow.lineHeight(digestSize) +
    flow.lineHeight(TYPE.small);
  flow.ensureSpace(boxHeight);
  flow.doc.roundedRect(flow.left, flow.y, flow.width, boxHeight, 4).fill(COLOR.summaryFill);
  let y = flow.y + padding;
  flow.text(labels.periodDigest, flow.left + padding, y, flow.width - 2 * padding, NOTE);
  y += flow.lineHeight(TYPE.small);
  flow.text(model.digest.value, flow.left + padding, y, flow.width - 2 * padding, {
    size: digestSize,
    weight: 'bold',
  });
  y += flow.lineHeight(digestSize);
  flow.text(
    labels.entryCount(formatCount(model.digest.entryCount)),
    flow.left + padding,
    y,
    flow.width - 2 * padding,
    NOTE,
  );
  flow.y += boxHeight + 6;
  flow.paragraph(labels.howToVerify(model.verifyUrl, canonicalUrlOf(model)), BODY);
}
