import { html, type TemplateResult } from 'lit';

/** Terms a line must never break inside: browsers break after the hyphen of "SHA-256". */
const WHOLE = /(SHA-256)/;

/**
 * `text` with every "SHA-256" kept on one line (in a `.nowrap` span); the characters are
 * unchanged, so copying and searching the page still find "SHA-256".
 *
 * @example keepWhole('Commands that compute a SHA-256') // …<span class="nowrap">SHA-256</span>
 */
export function keepWhole(text: string): (string | TemplateResult)[] {
  return text
    .split(WHOLE)
    .map((part, index) => (index % 2 === 1 ? html`<span class="nowrap">${part}</span>` : part));
}
