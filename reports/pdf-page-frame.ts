import type { PdfFlow } from './pdf-flow.js';
import { COLOR, MARGIN_TOP, PAGE_HEIGHT, TYPE } from './pdf-theme.js';

export interface PageFrame {
  /** Shown at the top of every page but the first, which carries the full title. */
  runningHeader: string;
  /** The footer's first line, e.g. the period digest. */
  footerFirstLine: string;
  /** The footer's second line, e.g. how to verify. */
  footerSecondLine: string;
  pageLabel: (page: number, pages: number) => string;
}

const MIN_FOOTER_SIZE = 5;

/**
 * Draws the running header, the footer and "page n of N" on every page. It runs after the
 * content, on buffered pages, because N is known only then. Footer lines shrink rather
 * than wrap or clip, so a long URL stays complete on one line.
 */
export function drawPageFrames(flow: PdfFlow, frame: PageFrame): void {
  const { doc } = flow;
  const range = doc.bufferedPageRange();
  const pages = range.count;
  const pageLabelWidth = 70;
  const footerTop = PAGE_HEIGHT - 52;
  for (let index = 0; index < pages; index += 1) {
    doc.switchToPage(range.start + index);
    if (index > 0) {
      const headerY = MARGIN_TOP - 24;
      flow.text(frame.runningHeader, flow.left, headerY, flow.width, {
        size: TYPE.small,
        color: COLOR.muted,
      });
      doc
        .moveTo(flow.left, MARGIN_TOP - 10)
        .lineTo(flow.right, MARGIN_TOP - 10)
        .lineWidth(0.4)
        .strokeColor(COLOR.rule)
        .stroke();
    }
    doc
      .moveTo(flow.left, footerTop)
      .lineTo(flow.right, footerTop)
      .lineWidth(0.4)
      .strokeColor(COLOR.rule)
      .stroke();
    const firstWidth = flow.width - pageLabelWidth;
    const firstSize = flow.fittingSize(
      frame.footerFirstLine,
      firstWidth,
      TYPE.footer,
      MIN_FOOTER_SIZE,
    );
    flow.text(frame.footerFirstLine, flow.left, footerTop + 4, firstWidth, {
      size: firstSize,
      color: COLOR.muted,
    });
    flow.text(
      frame.pageLabel(index + 1, pages),
      flow.right - pageLabelWidth,
      footerTop + 4,
      pageLabelWidth,
      { size: TYPE.footer + 0.7, color: COLOR.ink },
      'right',
    );
    const secondSize = flow.fittingSize(
      frame.footerSecondLine,
      flow.width,
      TYPE.footer,
      MIN_FOOTER_SIZE,
    );
    flow.text(
      frame.footerSecondLine,
      flow.left,
      footerTop + 4 + flow.lineHeight(TYPE.footer),
      flow.width,
      {
        size: secondSize,
        color: COLOR.muted,
      },
    );
  }
}
