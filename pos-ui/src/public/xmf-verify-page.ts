import { html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { fetchStatementList } from './api.js';
import { formatPeriod } from '../shared/date.js';
import { PUBLIC_MESSAGES } from './messages.js';
import { LangController } from '../shared/i18n/lang-controller.js';
import { LightElement } from '../shared/light-element.js';
import { keepWhole } from './keep-whole.js';
import { hexDigest } from './sha256.js';
import './xmf-hash.js';

type CheckState =
  | { kind: 'idle' }
  | { kind: 'computing' }
  | {
      kind: 'done';
      hash: string;
      match: { period: string; version: number; english: boolean } | null;
    }
  | { kind: 'failed' };

/**
 * How anyone can check a statement: the PDF's SHA-256 with the tools every computer has,
 * the same check done on this page without uploading the file, and the period digest
 * recomputed from the month's canonical journal text, which anyone can download.
 */
@customElement('xmf-verify-page')
export class XmfVerifyPage extends LightElement {
  @state() private check: CheckState = { kind: 'idle' };

  private readonly i18n = new LangController(this, PUBLIC_MESSAGES);

  protected override updated(): void {
    const t = this.i18n.t;
    document.title = `${t.verify.title} · ${t.siteName}`;
  }

  private async checkFile(event: Event): Promise<void> {
    const file = (event.target as HTMLInputElement).files?.[0];
    if (!file) return;
    this.check = { kind: 'computing' };
    try {
      const hash = await hexDigest(await file.arrayBuffer());
      const { statements } = await fetchStatementList();
      const found = statements.find(
        (statement) =>
          statement.sha256.toLowerCase() === hash || statement.sha256En.toLowerCase() === hash,
      );
      this.check = {
        kind: 'done',
        hash,
        match: found
          ? {
              period: found.period,
              version: found.version,
              english: found.sha256.toLowerCase() !== hash,
            }
          : null,
      };
    } catch {
      this.check = { kind: 'failed' };
    }
  }

  override render() {
    const t = this.i18n.t;
    const v = t.verify;
    const file = v.fileName;
    const commands: [system: string, command: string][] = [
      ['Windows', `certutil -hashfile ${file} SHA256`],
      ['Windows PowerShell', `Get-FileHash ${file}`],
      ['macOS', `shasum -a 256 ${file}`],
      ['Linux', `sha256sum ${file}`],
    ];
    const canCompute = Boolean(globalThis.crypto?.subtle);
    return html`<article class="page verify">
      <h1>${v.title}</h1>
      ${v.intro.map((paragraph) => html`<p>${keepWhole(paragraph)}</p>`)}

      <section aria-labelledby="h-verify-pdf">
        <h2 id="h-verify-pdf">${keepWhole(v.pdfHeading)}</h2>
        <ol class="steps">
          ${v.pdfSteps.map((step) => html`<li>${keepWhole(step)}</li>`)}
        </ol>
        <table data-table="commands" class="commands">
          <caption>
            ${keepWhole(v.commandsCaption)}
          </caption>
          <thead>
            <tr>
              <th scope="col">${v.system}</th>
              <th scope="col">${v.command}</th>
            </tr>
          </thead>
          <tbody>
            ${commands.map(
              ([system, command]) =>
                html`<tr>
                  <th scope="row">${system}</th>
                  <td><code translate="no">${command}</code></td>
                </tr>`,
            )}
          </tbody>
        </table>

        <h3>${keepWhole(v.checkerHeading)}</h3>
        <p>${keepWhole(v.checkerIntro)}</p>
        <p class="note" data-phone-note>${keepWhole(v.phoneNote)}</p>
        ${
          canCompute
            ? html`<p>
                  <label class="file-label"
                    >${v.chooseFile}
                    <input type="file" accept="application/pdf,.pdf" @change=${this.checkFile} />
                  </label>
                </p>
                <div class="check-result" role="status">${this.renderCheck()}</div>`
            : html`<p class="notice">${v.checkerUnavailable}</p>`
        }
      </section>

      <section aria-labelledby="h-verify-digest">
        <h2 id="h-verify-digest">${keepWhole(v.digestHeading)}</h2>
        ${v.digestParagraphs.map((paragraph) => html`<p>${keepWhole(paragraph)}</p>`)}
        <ol class="steps">
          ${v.digestSteps.map((step) => html`<li>${keepWhole(step)}</li>`)}
        </ol>
      </section>

      <section aria-labelledby="h-verify-corrections">
        <h2 id="h-verify-corrections">${keepWhole(v.correctionsHeading)}</h2>
        <p>${keepWhole(v.correctionsText)}</p>
      </section>

      <section aria-labelledby="h-verify-mismatch">
        <h2 id="h-verify-mismatch">${keepWhole(v.mismatchHeading)}</h2>
        <p>${keepWhole(v.mismatchText)}</p>
      </section>
    </article>`;
  }

  private renderCheck() {
    const v = this.i18n.t.verify;
    const check = this.check;
    switch (check.kind) {
      case 'idle':
        return nothing;
      case 'computing':
        return html`<p>${v.computing}</p>`;
      case 'failed':
        return html`<p>${this.i18n.t.loadError}</p>`;
      case 'done':
        // In groups, as everywhere else: a bare 64-character hash widens a phone's page.
        return html`<xmf-hash .value=${check.hash} label=${v.computed}></xmf-hash>
          <p class=${check.match ? 'match' : 'no-match'}>
            ${
              check.match
                ? v.match(
                    formatPeriod(check.match.period, this.i18n.lang),
                    check.match.version,
                    check.match.english,
                  )
                : v.noMatch
            }
          </p>`;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'xmf-verify-page': XmfVerifyPage;
  }
}
