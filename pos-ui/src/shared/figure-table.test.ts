// @vitest-environment happy-dom
import { render } from 'lit';
import { describe, expect, it } from 'vitest';
import { figureTable } from './figure-table.js';

const rows = [
  { fund: 'operations', name: '运营', amount: '1,200.00' },
  { fund: 'hardship', name: '帮扶', amount: '300.50' },
];

function table(foot: boolean) {
  const target = document.createElement('div');
  render(
    figureTable({
      name: 'demo',
      caption: '各基金（元）',
      rows,
      foot,
      marks: (row) => ({ fund: row.fund }),
      columns: [
        { header: '基金', cell: (row) => row.name, foot: '合计' },
        { header: '说明', cell: () => '—', figure: false },
        { header: '金额', cell: (row) => row.amount, foot: '1,500.50', className: 'big' },
      ],
    }),
    target,
  );
  return target.querySelector('table')!;
}

const text = (element: Element | null | undefined) =>
  (element?.textContent ?? '').replace(/\s+/g, ' ').trim();

describe('figureTable', () => {
  it('names rows with row headers and right-aligns the figures', () => {
    const element = table(false);
    expect(element.dataset.table).toBe('demo');
    expect(text(element.querySelector('caption'))).toBe('各基金（元）');
    const header = [...element.querySelectorAll('thead th')];
    expect(header.map((th) => th.getAttribute('scope'))).toEqual(['col', 'col', 'col']);
    expect(header.map((th) => th.className)).toEqual(['', '', 'num']);
    const first = element.querySelector('tbody tr[data-fund="operations"]')!;
    expect(first.querySelector('th')?.getAttribute('scope')).toBe('row');
    expect([...first.querySelectorAll('td')].map((td) => td.className)).toEqual(['', 'num big']);
    expect(text(first)).toBe('运营 — 1,200.00');
    expect(element.querySelector('tfoot')).toBeNull();
  });

  it('adds a total row, leaving a column without a total empty', () => {
    const foot = table(true).querySelector('tfoot tr')!;
    expect(text(foot.querySelector('th'))).toBe('合计');
    expect([...foot.querySelectorAll('td')].map((td) => text(td))).toEqual(['', '1,500.50']);
  });
});
