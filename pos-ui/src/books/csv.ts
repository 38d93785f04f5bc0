/**
 * Tables as CSV that Excel and WPS open correctly in Chinese: UTF-8 with a byte-order mark
 * (without it Excel reads the bytes as GBK and shows mojibake), CRLF line ends, and every
 * cell quoted so that commas, quotes and line breaks inside a description stay in their
 * cell. Figures stay text exactly as the ledger wrote them ("1234.50").
 */

const BOM = '\uFEFF';

function quote(cell: string | number | null | undefined): string {
  const text = cell === null || cell === undefined ? '' : String(cell);
  return `"${text.replaceAll('"', '""')}"`;
}

/** The text of a CSV file, BOM included. */
export function toCsv(rows: readonly (readonly (string | number | null | undefined)[])[]): string {
  return BOM + rows.map((row) => row.map(quote).join(',')).join('\r\n') + '\r\n';
}

/** Offers the rows as a file download named `fileName`. */
export function downloadText(fileName: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function downloadCsv(
  fileName: string,
  rows: readonly (readonly (string | number | null | undefined)[])[],
): void {
  downloadText(fileName, toCsv(rows), 'text/csv;charset=utf-8');
}
