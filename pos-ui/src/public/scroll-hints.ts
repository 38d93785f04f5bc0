/**
 * Shows a table's "swipe sideways" hint only while its table is wider than its box: a
 * hint over a table that fits would send a resident looking for columns that are not
 * there. Each `.scroll-hint` belongs to the `.table-scroll` right after it.
 */
export function syncScrollHints(root: ParentNode): void {
  for (const hint of root.querySelectorAll<HTMLElement>('.scroll-hint')) {
    const box = hint.nextElementSibling;
    if (!(box instanceof HTMLElement) || !box.classList.contains('table-scroll')) continue;
    const scrolls = box.scrollWidth > box.clientWidth + 1;
    hint.hidden = !scrolls;
  }
}

/** Keeps the hints of `element` in step with the window's width; returns the stop function. */
export function watchScrollHints(element: HTMLElement): () => void {
  const update = () => syncScrollHints(element);
  window.addEventListener('resize', update);
  return () => window.removeEventListener('resize', update);
}
