import { describe, expect, it } from 'vitest';
import { D, ZERO, type Money } from '../../ledger/core/money.js';
import { sampleStatement } from './statement-fixture.js';

const total = (amounts: string[]): Money => amounts.reduce((sum, a) => sum.plus(D(a)), ZERO);

/** The fixture stands in for the real model builder, so it must reconcile like one. */
describe('sampleStatement', () => {
  const model = sampleStatement();

  it('has sales that add up', () => {
    const { sales } = model;
    expect(total(sales.byCategory.map((c) => c.amount)).toFixed(2)).toBe(sales.net);
    expect(total(sales.byTender.map((t) => t.amount)).toFixed(2)).toBe(sales.net);
    expect(D(sales.gross).minus(sales.discounts).minus(sales.refunds).toFixed(2)).toBe(sales.net);
    expect(sales.byTender.reduce((sum, t) => sum + t.count, 0)).toBe(sales.saleCount);
  });

  it('has a surplus, allocation and fund movements that follow from each other', () => {
    expect(total(model.costs.byAccount.map((c) => c.amount)).toFixed(2)).toBe(model.costs.total);
    expect(D(model.sales.net).minus(model.costs.total).toFixed(2)).toBe(model.surplus);
    expect(total(model.allocation.parts.map((p) => p.amount)).toFixed(2)).toBe(model.allocable);
    for (const fund of model.funds) {
      const lines = model.spending.filter((line) => line.fund === fund.fund);
      expect(total(lines.map((line) => line.amount)).toFixed(2)).toBe(fund.spent);
      expect(total(fund.spentByCategory.map((c) => c.amount)).toFixed(2)).toBe(fund.spent);
      const closing = D(fund.opening)
        .plus(fund.allocated)
        .minus(fund.spent)
        .plus(fund.transfersIn)
        .minus(fund.transfersOut);
      expect(closing.toFixed(2)).toBe(fund.closing);
      const history = model.history.map((month) => month.funds.find((f) => f.fund === fund.fund)!);
      expect(history.at(-1)!.closing).toBe(fund.closing);
      expect(history.at(-2)!.closing).toBe(fund.opening);
    }
    expect(total(model.funds.map((f) => f.transfersIn)).toFixed(2)).toBe(
      total(model.funds.map((f) => f.transfersOut)).toFixed(2),
    );
  });

  it('has about 40 spending lines, aid lines anonymised, and 12 months of history', () => {
    expect(model.spending.length).toBe(40);
    const aid = model.spending.filter((line) => line.fund === 'hardship');
    expect(aid.length).toBeGreaterThanOrEqual(10);
    for (const line of aid) {
      expect(line.recipient).toBe('困难家庭');
      expect(line.recipientEn).toBe('individual household');
    }
    expect(model.history.map((month) => month.period)).toEqual([
      '2024-04',
      '2024-05',
      '2024-06',
      '2024-07',
      '2024-08',
      '2024-09',
      '2024-10',
      '2024-11',
      '2024-12',
      '2025-01',
      '2025-02',
      '2025-03',
    ]);
  });
});
