import { html, nothing, type TemplateResult } from 'lit';
import { downloadCsv } from './csv.js';
import type { BooksMessages } from './messages.js';

// The frame every report table of the books shares: a section named for tests and
// styling, a caption with a CSV download of exactly the rows shown, the column headers
// and the body rows (a row header, then cells).

type CsvRow = readonly (string | number | null | undefined)[];

export interface ReportTableOptions {
  /** `data-report` of the section and `data-table` of the table. */
  name: string;
  /** The caption's content, before the CSV button. */
  caption: unknown;
  t: BooksMessages;
  header: readonly string[];
  /** The class of a column's header (`num` for figures). */
  headerClass: (index: number) => string;
  /** `data-csv` of the download button; the table's name unless set. */
  csvName?: string;
  csvFile: string;
  /** The rows the CSV holds after the header. */
  csvRows: () => readonly CsvRow[];
  /** The body's rows. */
  body: unknown;
  /** A `<tfoot>`, if the table has one. */
  foot?: unknown;
}

export function reportTable(options: ReportTableOptions): TemplateResult {
  const { name, header } = options;
  return html`<section class="report" data-report=${name}>
    <table data-table=${name}>
      <caption>
        ${options.caption}
        <button
          type="button"
          class="link csv"
          data-csv=${options.csvName ?? name}
          @click=${() => downloadCsv(options.csvFile, [header, ...options.csvRows()])}
        >
          ${options.t.downloadCsv}
        </button>
      </caption>
      <thead>
        <tr>
          ${header.map((cell, i) => html`<th scope="col" class=${options.headerClass(i)}>${cell}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${options.body}
      </tbody>
      ${options.foot ?? nothing}
    </table>
  </section>`;
}

/** A body row: the first cell as its row header, the others as cells of the column's class. */
export function reportRow(
  cells: readonly unknown[],
  cellClass: (index: number) => string,
): TemplateResult {
  return html`<tr>
    ${cells.map((cell, i) =>
      i === 0 ? html`<th scope="row">${cell}</th>` : html`<td class=${cellClass(i)}>${cell}</td>`,
    )}
  </tr>`;
}

/** The date or month a report is for, as its filter field: `change` gets the new value. */
export function dateField(
  label: string,
  input: { type: 'date' | 'month'; name: string; value: string },
  change: (value: string) => void,
): TemplateResult {
  return html`<label
    >${label}
    <input
      type=${input.type}
      name=${input.name}
      .value=${input.value}
      @change=${(event: Event) => change((event.target as HTMLInputElement).value)}
  /></label>`;
}
