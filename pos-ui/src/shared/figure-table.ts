import { html, nothing, type TemplateResult } from 'lit';

/**
 * A table of figures: the first column names each row (a row header), the others hold
 * figures, right-aligned in tabular digits (the `num` class in the stylesheet) so that
 * columns of amounts line up digit under digit. Written as a template function rather
 * than an element so the table sits directly in the page's light DOM, where captions,
 * headers and the stylesheet's table rules apply as to any other table.
 *
 * @example
 * figureTable({
 *   name: 'costs',
 *   caption: t.costsCaption,
 *   rows: statement.costs.byAccount,
 *   columns: [
 *     { header: t.account, cell: (row) => row.name, foot: t.total },
 *     { header: t.amount, cell: (row) => formatAmount(row.amount), foot: formatAmount(total) },
 *   ],
 * })
 */
export interface FigureColumn<Row> {
  header: unknown;
  cell: (row: Row) => unknown;
  /** Right-aligned tabular digits; every column but the first unless set. */
  figure?: boolean;
  /** The footer (total) row's cell; an empty cell when absent. */
  foot?: unknown;
  /** A class the column's body cells add (e.g. `big`). */
  className?: string;
}

/** Attributes a row may carry, for styling and for tests to find it. */
export interface FigureRowMarks {
  /** `data-fund`: the fund the row belongs to. */
  fund?: string;
  /** `data-row`: what the row is (e.g. `closing`). */
  row?: string;
  class?: string;
}

export interface FigureTableOptions<Row> {
  /** `data-table`, the table's stable name. */
  name: string;
  caption: unknown;
  captionId?: string;
  /** Only for screen readers when the heading above already says it. */
  captionHidden?: boolean;
  headHidden?: boolean;
  className?: string;
  columns: readonly FigureColumn<Row>[];
  rows: readonly Row[];
  /** Marks a row carries (`data-fund`, `data-row`, `class`). */
  marks?: (row: Row) => FigureRowMarks;
  /** Whether to render the footer row from the columns' `foot`. */
  foot?: boolean;
}

function isFigure<Row>(column: FigureColumn<Row>, index: number): boolean {
  return column.figure ?? index > 0;
}

function cellClass<Row>(column: FigureColumn<Row>, index: number) {
  const classes = [isFigure(column, index) ? 'num' : '', column.className ?? ''].filter(Boolean);
  return classes.length > 0 ? classes.join(' ') : nothing;
}

/** Cells with a line break between them, so a row's text reads "现金 2,451 28,707.45". */
function spaced(cells: readonly unknown[]): unknown[] {
  return cells.flatMap((cell, index) => (index === 0 ? [cell] : ['\n', cell]));
}

export function figureTable<Row>(options: FigureTableOptions<Row>): TemplateResult {
  const { columns } = options;
  return html`<table data-table=${options.name} class=${options.className ?? nothing}>
    <caption
      id=${options.captionId ?? nothing}
      class=${options.captionHidden ? 'visually-hidden' : nothing}
    >
      ${options.caption}
    </caption>
    <thead class=${options.headHidden ? 'visually-hidden' : nothing}>
      <tr>
        ${spaced(
          columns.map(
            (column, index) =>
              html`<th scope="col" class=${isFigure(column, index) ? 'num' : nothing}>
                ${column.header}
              </th>`,
          ),
        )}
      </tr>
    </thead>
    <tbody>
      ${options.rows.map((row) => {
        const marks = options.marks?.(row) ?? {};
        return html`<tr
          data-fund=${marks.fund ?? nothing}
          data-row=${marks.row ?? nothing}
          class=${marks.class ?? nothing}
        >
          ${spaced(
            columns.map((column, index) =>
              index === 0
                ? html`<th scope="row">${column.cell(row)}</th>`
                : html`<td class=${cellClass(column, index)}>${column.cell(row)}</td>`,
            ),
          )}
        </tr>`;
      })}
    </tbody>
    ${
      options.foot
        ? html`<tfoot>
            <tr>
              ${spaced(
                columns.map((column, index) =>
                  index === 0
                    ? html`<th scope="row">${column.foot}</th>`
                    : column.foot === undefined
                      ? html`<td></td>`
                      : html`<td class=${isFigure(column, index) ? 'num' : nothing}>
                          ${column.foot}
                        </td>`,
                ),
              )}
            </tr>
          </tfoot>`
        : nothing
    }
  </table>`;
}
