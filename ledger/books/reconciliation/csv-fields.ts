/**
 * Splits one CSV line into trimmed fields. Quoted fields may hold commas and doubled
 * quotes. The providers' bills hold no line breaks inside fields, so a bill is split
 * into lines first.
 *
 * @example csvFields('a, "b,c" ,d') // ['a', 'b,c', 'd']
 */
export function csvFields(line: string): string[] {
  const fields: string[] = [];
  let current = '';
  let quoted = false;
  let wasQuoted = false;
  for (let index = 0; index < line.length; index += 1) {
    const character = line[index]!;
    if (quoted) {
      if (character === '"' && line[index + 1] === '"') {
        current += '"';
        index += 1;
      } else if (character === '"') {
        quoted = false;
      } else {
        current += character;
      }
    } else if (character === '"' && current.trim() === '') {
      quoted = true;
      wasQuoted = true;
      current = '';
    } else if (character === ',') {
      fields.push(wasQuoted ? current : current.trim());
      current = '';
      wasQuoted = false;
    } else if (!wasQuoted) {
      current += character;
    }
  }
  fields.push(wasQuoted ? current : current.trim());
  return fields;
}

/** The lines of a text, without empty ones and without trailing carriage returns. */
export function textLines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.replace(/\r$/, ''))
    .filter((line) => line.trim() !== '');
}
