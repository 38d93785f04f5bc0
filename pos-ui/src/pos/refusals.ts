import type { Lang } from '../shared/i18n/lang.js';

/**
 * A server refusal in plain words with what to do next — never a raw code. Unknown codes
 * fall back to a general line that still says what to do.
 */
const REFUSALS: Record<string, { 'zh-CN': string; en: string }> = {
  sold_out: {
    'zh-CN': '这个商品已经卖完了。请从购物车删除它，或请店长更新今日数量。',
    en: 'This product is sold out. Remove it from the cart, or ask a manager to update today’s count.',
  },
  tender_short: {
    'zh-CN': '收的现金不够付这一单。请再收一些，或用其他方式付剩下的。',
    en: 'The cash does not cover the sale. Take more, or pay the rest another way.',
  },
  tenders_mismatch: {
    'zh-CN': '各种付款方式加起来不等于应收金额。请重新收款。',
    en: 'The payments do not add up to the total. Take the payment again.',
  },
  approval_required: {
    'zh-CN': '需要店长确认：请店长输入 PIN。',
    en: 'A manager must approve: ask them to enter their PIN.',
  },
  approval_invalid: {
    'zh-CN': '店长 PIN 不正确。请店长重新输入。',
    en: 'The manager’s PIN was wrong. Ask them to enter it again.',
  },
  shift_not_open: {
    'zh-CN': '这个班次已经交班。请店长把这笔记录转到新班次。',
    en: 'This shift is already closed. A manager moves the item to a new shift.',
  },
  shift_already_open: {
    'zh-CN': '这个收银台已经有一个没交班的班次。请先在原来的平板上交班，或请店长处理。',
    en: 'This register already has an open shift. Close it on its tablet first, or ask a manager.',
  },
  receipt_number_taken: {
    'zh-CN': '这个小票号已经用过。请店长检查这台收银台的小票前缀设置。',
    en: 'This receipt number is taken. A manager checks the register’s receipt prefix.',
  },
  hardship_fund_insufficient: {
    'zh-CN': '帮扶基金余额不足，这张券现在不能用。请用其他方式付款，或请店长处理。',
    en: 'The hardship fund cannot cover this voucher now. Pay another way, or ask a manager.',
  },
  product_inactive: {
    'zh-CN': '这个商品已经下架。请从购物车删除它。',
    en: 'This product is no longer sold. Remove it from the cart.',
  },
  refund_exceeds_sale: {
    'zh-CN': '退款比原来卖的还多。请核对要退的数量。',
    en: 'The refund is more than was sold. Check the quantities.',
  },
  reason_required: {
    'zh-CN': '请填写原因。',
    en: 'Please give a reason.',
  },
  invalid_credentials: {
    'zh-CN': '用户名或 PIN 不正确，请重试。',
    en: 'Wrong username or PIN, try again.',
  },
  too_many_attempts: {
    'zh-CN': '错误次数太多，请几分钟后再试。',
    en: 'Too many wrong tries: wait a few minutes.',
  },
  shift_not_yours: {
    'zh-CN': '这个班次属于另一位收银员。请由开班的人或店长操作。',
    en: 'This shift belongs to another cashier. The one who opened it, or a manager, does this.',
  },
  sale_time_invalid: {
    'zh-CN': '平板的时间不对。请把平板的日期和时间设为自动，然后请店长处理这笔记录。',
    en: 'The tablet’s clock is wrong. Set date and time to automatic, then ask a manager about this item.',
  },
  discount_invalid: {
    'zh-CN': '优惠比商品金额还多。请改小优惠。',
    en: 'The discount is more than the amount. Make it smaller.',
  },
  forbidden: {
    'zh-CN': '你的账号不能做这件事。请店长来操作。',
    en: 'Your account may not do this. Ask a manager.',
  },
  network: {
    'zh-CN': '连不上服务器。这一项需要联网：请检查 Wi-Fi 后再试。',
    en: 'The server cannot be reached. This needs the network: check the Wi-Fi and try again.',
  },
  unauthenticated: {
    'zh-CN': '登录已过期，请重新登录。',
    en: 'The login expired: log in again.',
  },
  variance_needs_approval: {
    'zh-CN': '长短款超出允许范围：请重新点数，或写明原因并请店长输入 PIN 确认。',
    en: 'Over or short beyond the limit: count again, or give a reason and have a manager enter their PIN.',
  },
  cashier_not_staff: {
    'zh-CN': '这条记录的收银员已不是本店在职员工。请店长处理。',
    en: 'The cashier of this item is no longer active staff. Ask a manager.',
  },
};

export function refusalText(code: string, lang: Lang): string {
  const known = REFUSALS[code];
  if (known) return known[lang];
  return lang === 'en'
    ? 'The server did not accept this. Check it and try again, or ask a manager.'
    : '服务器没有接受这条记录。请检查后再试，或请店长处理。';
}
