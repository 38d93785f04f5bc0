import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { D, fen, roundFen, splitByShares, ZERO } from './money.js';

describe('money', () => {
  test.each([
    ['2.345', '2.35'],
    ['2.344', '2.34'],
    ['-2.345', '-2.35'],
    ['0.005', '0.01'],
    ['99999999999999.995', '100000000000000.00'],
  ])('roundFen(%s) = %s (half-up)', (input, expected) => {
    expect(roundFen(D(input)).toFixed(2)).toBe(expected);
  });

  test('no precision is lost on large amounts', () => {
    expect(D('9999999999999999.99').plus(D('0.01')).toFixed(2)).toBe('10000000000000000.00');
    expect(fen(D('1234567890123456.78').times(D('1.000')))).toBe('1234567890123456.78');
  });

  test.each([
    ['100.00', ['1', '1', '1'], ['33.34', '33.33', '33.33']],
    ['0.01', ['50', '30', '20'], ['0.01', '0.00', '0.00']],
    ['0.02', ['50', '30', '20'], ['0.01', '0.01', '0.00']],
    ['1000.00', ['50', '30', '20'], ['500.00', '300.00', '200.00']],
    ['-100.00', ['1', '1', '1'], ['-33.34', '-33.33', '-33.33']],
  ])('splitByShares(%s, %j)', (total, weights, expected) => {
    const parts = splitByShares(
      D(total),
      weights.map((weight, index) => ({ key: `k${index}`, weight: D(weight) })),
    );
    expect([...parts.values()].map((part) => part.toFixed(2))).toEqual(expected);
  });

  test('property: parts sum exactly to the whole and are never negative for a positive total', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
        fc
          .array(fc.integer({ min: 0, max: 10_000 }), { minLength: 1, maxLength: 6 })
          .filter((w) => w.some((x) => x > 0)),
        (totalFen, weights) => {
          const total = D(totalFen.toString()).div(100);
          const parts = splitByShares(
            total,
            weights.map((w, i) => ({ key: `f${i}`, weight: D(String(w)).div(100) })),
          );
          const sum = [...parts.values()].reduce((acc, part) => acc.plus(part), ZERO);
          expect(sum.equals(total)).toBe(true);
          for (const part of parts.values()) {
            expect(part.isNegative()).toBe(false);
            expect(part.decimalPlaces()).toBeLessThanOrEqual(2);
          }
        },
      ),
    );
  });

  test('ties are broken by key, not by position in the list', () => {
    const shares = [
      { key: 'operations', weight: D('1') },
      { key: 'events', weight: D('1') },
      { key: 'hardship', weight: D('1') },
    ];
    const forward = splitByShares(D('0.01'), shares);
    const backward = splitByShares(D('0.01'), [...shares].reverse());
    expect(Object.fromEntries([...forward].map(([k, v]) => [k, v.toFixed(2)]))).toEqual(
      Object.fromEntries([...backward].map(([k, v]) => [k, v.toFixed(2)])),
    );
  });
});
