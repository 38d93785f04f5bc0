/**
 * Line breaking and truncation for text that must stay inside a box (a table cell, a
 * legend). pdfkit's own wrapper adds pages by itself when text runs past the margin, which
 * is not what a cell wants, so cells are broken here and drawn line by line.
 *
 * Chinese may break between any two characters; Latin text breaks at spaces, and a single
 * word longer than the box (a URL, a hash) is broken by character as a last resort.
 *
 * `measure` gives the width of a string in the font and size of the box.
 */

export type Measure = (text: string) => number;

const ELLIPSIS = '…';

/** Chinese, Japanese and full-width characters: each one is a break opportunity. */
const BREAK_ANYWHERE = /[\u2E80-\u9FFF\uF900-\uFAFF\uFF00-\uFFEF\u3000-\u303F]/u;

/**
 * Break opportunities: after every Chinese character, after a space, and after the hyphen
 * of a hyphenated word ("Service-" | "center"), so that a narrow cell breaks a name at
 * its hyphen rather than inside a word.
 */
function tokens(text: string): string[] {
  const result: string[] = [];
  let word = '';
  const chars = Array.from(text);
  chars.forEach((char, index) => {
    if (BREAK_ANYWHERE.test(char)) {
      if (word) result.push(word);
      result.push(char);
      word = '';
    } else if (char === ' ') {
      result.push(`${word} `);
      word = '';
    } else if (
      char === '-' &&
      /\p{L}/u.test(word.slice(-1)) &&
      /\p{L}/u.test(chars[index + 1] ?? '')
    ) {
      result.push(`${word}-`);
      word = '';
    } else {
      word += char;
    }
  });
  if (word) result.push(word);
  return result;
}

/**
 * Curly quotes and apostrophes inside Latin text as straight ones: the statement's font
 * (Noto Sans SC) draws ’ ‘ “ ” full-width, which leaves a gap in "shop’s". Quotes
 * around Chinese text keep their Chinese shape.
 *
 * @example latinPunctuation('the shop’s surplus') // "the shop's surplus"
 */
export function latinPunctuation(text: string): string {
  return text
    .replace(/(?<=[A-Za-z0-9])[’‘](?=[A-Za-z0-9])|(?<=[A-Za-z0-9.,!?])’|‘(?=[A-Za-z0-9])/g, "'")
    .replace(/“(?=[A-Za-z0-9])|(?<=[A-Za-z0-9.,!?)])”/g, '"');
}

/** `text` cut to fit `width` with an ellipsis, or unchanged when it already fits. */
export function truncateToWidth(measure: Measure, text: string, width: number): string {
  if (measure(text) <= width) return text;
  const chars = Array.from(text);
  // Binary search for the longest prefix that fits together with the ellipsis.
  let low = 0;
  let high = chars.length;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    const candidate = chars.slice(0, middle).join('').trimEnd() + ELLIPSIS;
    if (measure(candidate) <= width) low = middle;
    else high = middle - 1;
  }
  return low === 0 ? '' : chars.slice(0, low).join('').trimEnd() + ELLIPSIS;
}

/**
 * Breaks `text` into lines no wider than `width`.
 * With `maxLines`, the last line kept ends in an ellipsis when text was cut.
 */
export function wrapToWidth(
  measure: Measure,
  text: string,
  width: number,
  maxLines = Number.POSITIVE_INFINITY,
): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const token of tokens(paragraph)) {
      const candidate = line + token;
      if (measure(candidate.trimEnd()) <= width) {
        line = candidate;
        continue;
      }
      if (line) lines.push(line.trimEnd());
      line = token.trimStart();
      // A token wider than the whole box is split by character.
      while (measure(line.trimEnd()) > width && Array.from(line).length > 1) {
        const chars = Array.from(line);
        let take = chars.length - 1;
        while (take > 1 && measure(chars.slice(0, take).join('')) > width) take -= 1;
        lines.push(chars.slice(0, take).join(''));
        line = chars.slice(take).join('');
      }
    }
    lines.push(line.trimEnd());
  }
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  const last = kept.length - 1;
  kept[last] = truncateToWidth(measure, `${kept[last]!}${ELLIPSIS}`, width);
  return kept;
}
