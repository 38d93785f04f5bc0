import { isPeriod } from '../shared/date.js';

/** The residents' pages and their addresses, read with the History API. */
export type Route =
  | { name: 'list' }
  | { name: 'statement'; period: string; version: number | undefined }
  | { name: 'funds' }
  | { name: 'verify' }
  | { name: 'not-found' };

export const ROUTE_CHANGE_EVENT = 'xmf-route-change';

/**
 * The page for a path.
 *
 * @example parseRoute('/statements/2025-03/versions/2') // statement 2025-03, version 2
 */
export function parseRoute(pathname: string): Route {
  const path = pathname.replace(/\/+$/, '') || '/';
  if (path === '/' || path === '/index.html') return { name: 'list' };
  if (path === '/funds') return { name: 'funds' };
  if (path === '/verify') return { name: 'verify' };
  const match = /^\/statements\/([^/]+)(?:\/versions\/([1-9]\d{0,5}))?$/.exec(path);
  if (match && isPeriod(match[1]!)) {
    return {
      name: 'statement',
      period: match[1]!,
      version: match[2] === undefined ? undefined : Number(match[2]),
    };
  }
  return { name: 'not-found' };
}

export function statementPath(period: string, version?: number): string {
  return version === undefined
    ? `/statements/${period}`
    : `/statements/${period}/versions/${version}`;
}

/** Shows another page without reloading, as a link would. */
export function navigate(path: string): void {
  if (path === `${location.pathname}${location.search}`) return;
  history.pushState(null, '', path);
  window.dispatchEvent(new Event(ROUTE_CHANGE_EVENT));
}

/**
 * The in-app path a click should open without a reload, or null to let the browser handle
 * it: other sites, PDFs and the API, new tabs, downloads and modified clicks.
 */
export function linkTarget(event: MouseEvent): string | null {
  if (event.defaultPrevented || event.button !== 0) return null;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return null;
  const anchor = event
    .composedPath()
    .find((node): node is HTMLAnchorElement => node instanceof HTMLAnchorElement);
  if (!anchor || !anchor.href || anchor.hasAttribute('download')) return null;
  // In-page anchors such as the skip link stay with the browser.
  if (anchor.getAttribute('href')?.startsWith('#')) return null;
  if (anchor.target && anchor.target !== '_self') return null;
  const url = new URL(anchor.href, location.href);
  if (url.origin !== location.origin) return null;
  if (parseRoute(url.pathname).name === 'not-found') return null;
  return `${url.pathname}${url.search}`;
}

/**
 * The public download of a published month's canonical journal text, whose SHA-256 is the
 * period digest (server/routes/statements.ts serves it; reports/public-canonical.ts).
 */
export function canonicalPath(period: string, version: number): string {
  return `/api/public/statements/${period}/versions/${version}/canonical`;
}

/** The name the canonical text downloads as, which the verify page's commands use. */
export function canonicalFileName(period: string, version: number): string {
  return `xinmofang-journal-${period}-v${version}.canonical.txt`;
}

/** The name a statement PDF downloads as (server/routes/statements.ts sets it). */
export function pdfFileName(period: string, version: number, english: boolean): string {
  return `xinmofang-statement-${period}-v${version}${english ? '-en' : ''}.pdf`;
}
