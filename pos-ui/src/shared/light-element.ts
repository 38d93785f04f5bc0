import { LitElement } from 'lit';

/**
 * A Lit element that renders into the page itself rather than a shadow root: the pages
 * share one small stylesheet, their headings and landmarks form one outline, and a
 * reader's browser can find, copy and translate all of the text.
 */
export class LightElement extends LitElement {
  protected override createRenderRoot(): HTMLElement {
    return this;
  }
}
