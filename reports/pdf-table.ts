import type { PdfFlow, TextAlign, TextStyle } from './pdf-flow.js';
import { COLOR, TYPE } from './pdf-theme.js';

export interface TableColumn {
  header: string;
  /** Share of the table width, relative to the other columns. */
  weight: number;
  align?: TextAlign;
  /** Lines a cell may wrap to before it is cut with an ellipsis; 1 means no wrapping. */
  maxLines?: number;
}

export interface TableRow {
  cells: string[];
  /** A total row is set off by a rule and drawn bold. */
  kind?: 'body' | 'total';
}

export interface TableOptions {
  columns: TableColumn[];
  rows: TableRow[];
  x?: number;
  width?: number;
  size?: number;
  /** Drawn above the repeated header on each page the table continues on. */
  continuedTitle?: string;
}

const PADDING_X = 4;
const PADDING_Y = 2.5;
const HEADER_MAX_LINES = 2;

interface LaidOutRow {
  lines: string[][];
  height: number;
  kind: 'body' | 'total' | 'header';
}

interface TableLayout {
  x: number;
  columnX: number[];
  columnWidth: number[];
  header: LaidOutRow;
  rows: LaidOutRow[];
  size: number;
  lineHeight: number;
}

function layoutTable(flow: PdfFlow, options: TableOptions): TableLayout {
  const x = options.x ?? flow.left;
  const width = options.width ?? flow.width;
  const size = options.size ?? TYPE.table;
  const lineHeight = flow.lineHeight(size);
  const weightSum = options.columns.reduce((sum, column) => sum + column.weight, 0);
  const columnWidth = options.columns.map((column) => (width * column.weight) / weightSum);
  const columnX = columnWidth.map((_, index) =>
    columnWidth.slice(0, index).reduce((sum, w) => sum + w, x),
  );
  const layoutRow = (cells: string[], kind: LaidOutRow['kind']): LaidOutRow => {
    if (cells.length !== options.columns.length) {
      throw new Error(`table row has ${cells.length} cells for ${options.columns.length} columns`);
    }
    const lines = cells.map((cell, index) => {
      const maxLines =
        kind === 'header' ? HEADER_MAX_LINES : (options.columns[index]!.maxLines ?? 1);
      const style: TextStyle = { size, weight: kind === 'body' ? 'regular' : 'bold' };
      return flow.wrap(cell, columnWidth[index]! - 2 * PADDING_X, style, maxLines);
    });
    const lineCount = Math.max(1, ...lines.map((cellLines) => cellLines.length));
    return { lines, height: lineCount * lineHeight + 2 * PADDING_Y, kind };
  };
  return {
    x,
    columnX,
    columnWidth,
    header: layoutRow(
      options.columns.map((column) => column.header),
      'header',
    ),
    rows: options.rows.map((row) => layoutRow(row.cells, row.kind ?? 'body')),
    size,
    lineHeight,
  };
}

/** The height the table takes when it is not broken across pages. */
export function measureTable(flow: PdfFlow, options: TableOptions): number {
  const layout = layoutTable(flow, options);
  return layout.rows.reduce((sum, row) => sum + row.height, layout.header.height);
}

function drawRow(
  flow: PdfFlow,
  layout: TableLayout,
  options: TableOptions,
  row: LaidOutRow,
  stripe: boolean,
): void {
  const { doc } = flow;
  const tableWidth = layout.columnWidth.reduce((sum, w) => sum + w, 0);
  if (row.kind === 'header' || stripe) {
    doc
      .rect(layout.x, flow.y, tableWidth, row.height)
      .fill(row.kind === 'header' ? COLOR.headerFill : COLOR.stripeFill);
  }
  if (row.kind === 'total') {
    doc
      .moveTo(layout.x, flow.y)
      .lineTo(layout.x + tableWidth, flow.y)
      .lineWidth(0.8)
      .strokeColor(COLOR.muted)
      .stroke();
  }
  row.lines.forEach((cellLines, columnIndex) => {
    const column = options.columns[columnIndex]!;
    const style: TextStyle = {
      size: layout.size,
      weight: row.kind === 'body' ? 'regular' : 'bold',
      color: row.kind === 'header' ? COLOR.muted : COLOR.ink,
    };
    cellLines.forEach((line, lineIndex) => {
      flow.text(
        line,
        layout.columnX[columnIndex]! + PADDING_X,
        flow.y + PADDING_Y + lineIndex * layout.lineHeight,
        layout.columnWidth[columnIndex]! - 2 * PADDING_X,
        style,
        column.align ?? 'left',
      );
    });
  });
  flow.y += row.height;
  doc
    .moveTo(layout.x, flow.y)
    .lineTo(layout.x + tableWidth, flow.y)
    .lineWidth(row.kind === 'header' ? 0.6 : 0.3)
    .strokeColor(COLOR.rule)
    .stroke();
}

/**
 * Draws a table at the cursor. Rows never split; a row that does not fit starts a new
 * page, which repeats the header (and the continued title, if any), so every page of a
 * long list can be read on its own.
 */
export function drawTable(flow: PdfFlow, options: TableOptions): void {
  const layout = layoutTable(flow, options);
  const titleHeight = flow.lineHeight(TYPE.subheading) + 2;
  // Keep the header with at least its first row.
  flow.ensureSpace(layout.header.height + (layout.rows[0]?.height ?? 0));
  drawRow(flow, layout, options, layout.header, false);
  layout.rows.forEach((row, index) => {
    if (flow.y + row.height > flow.bottom) {
      flow.newPage();
      if (options.continuedTitle) {
        flow.text(options.continuedTitle, flow.left, flow.y, flow.width, {
          size: TYPE.subheading,
          weight: 'bold',
          color: COLOR.muted,
        });
        flow.y += titleHeight;
      }
      drawRow(flow, layout, options, layout.header, false);
    }
    drawRow(flow, layout, options, row, row.kind !== 'total' && index % 2 === 1);
  });
}
