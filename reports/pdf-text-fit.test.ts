import { describe, expect, it } from 'vitest';
import { latinPunctuation, truncateToWidth, wrapToWidth } from './pdf-text-fit.js';

// Every character one unit wide: the expected lines can be counted by eye.
const measure = (text: string): number => Array.from(text).length;

describe('wrapToWidth', () => {
  it('breaks Chinese between any two characters', () => {
    expect(wrapToWidth(measure, '困难家庭生活补助三月', 4)).toEqual([
      '困难家庭',
      '生活补助',
      '三月',
    ]);
  });

  it('breaks Latin text at spaces and drops the space at the break', () => {
    expect(wrapToWidth(measure, 'Service center operations', 14)).toEqual([
      'Service center',
      'operations',
    ]);
  });

  it('splits a word longer than the box by character', () => {
    expect(wrapToWidth(measure, 'abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
  });

  it('breaks a hyphenated name at its hyphen, never inside a word ("Service-cente/r")', () => {
    expect(wrapToWidth(measure, 'Service-center operations', 13)).toEqual([
      'Service-',
      'center',
      'operations',
    ]);
    expect(wrapToWidth(measure, 'Service-center operations', 15)).toEqual([
      'Service-center',
      'operations',
    ]);
    // A minus sign or a dash between spaces is not a hyphen to break at.
    expect(wrapToWidth(measure, '-12 - 3', 3)).toEqual(['-12', '- 3']);
  });

  it('keeps explicit line breaks', () => {
    expect(wrapToWidth(measure, '第一行\n第二行', 10)).toEqual(['第一行', '第二行']);
  });

  it('ends the last kept line with an ellipsis when lines are cut, still within the width', () => {
    const lines = wrapToWidth(measure, '一二三四五六七八九十', 4, 2);
    expect(lines).toEqual(['一二三四', '五六七…']);
    for (const line of lines) expect(measure(line)).toBeLessThanOrEqual(4);
  });
});

describe('truncateToWidth', () => {
  it('leaves text that fits alone and cuts the rest with an ellipsis', () => {
    expect(truncateToWidth(measure, '馒头', 2)).toBe('馒头');
    expect(truncateToWidth(measure, '杂粮馒头', 3)).toBe('杂粮…');
    expect(truncateToWidth(measure, 'ab cd', 4)).toBe('ab…');
    expect(truncateToWidth(measure, '杂粮馒头', 0)).toBe('');
  });
});

describe('latinPunctuation', () => {
  it('straightens apostrophes and quotes in Latin text, which the CJK font draws full-width', () => {
    expect(latinPunctuation('Every yuan of the shop’s surplus')).toBe(
      "Every yuan of the shop's surplus",
    );
    expect(latinPunctuation('the residents’ community')).toBe("the residents' community");
    expect(latinPunctuation('shown as “individual household” here')).toBe(
      'shown as "individual household" here',
    );
  });

  it('leaves quotes around Chinese as they are', () => {
    expect(latinPunctuation('显示为“困难家庭”')).toBe('显示为“困难家庭”');
  });
});
