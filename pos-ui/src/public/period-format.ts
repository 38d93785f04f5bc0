import { formatPeriod, formatPeriodShort } from '../shared/date.js';
import type { Lang } from '../shared/i18n/lang.js';

/**
 * A month with its year where room is short (a chart's axis, a narrow table column):
 * "2026年10月" / "Oct 2026".
 */
export function formatPeriodCompact(period: string, lang: Lang): string {
  return lang === 'zh-CN'
    ? formatPeriod(period, lang)
    : `${formatPeriodShort(period, lang)} ${period.slice(0, 4)}`;
}
