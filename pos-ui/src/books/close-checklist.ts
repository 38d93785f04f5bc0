import type { Schemas } from '../shared/api/client.js';

export type ClosePreview = Schemas['ClosePreview'];
export type CheckState = 'ok' | 'blocking' | 'warning';

export interface ChecklistItem {
  key:
    | 'monthEnded'
    | 'periodOpen'
    | 'earlierMonthsClosed'
    | 'shiftsClosed'
    | 'trialBalanceBalanced'
    | 'clearingAccounts';
  state: CheckState;
  /** What to show beside the check: the open months, the open shifts, the balances. */
  detail: string[];
}

/**
 * The close wizard's checklist from the dry run: each precondition as passed, blocking
 * (the close would be refused) or a warning (not blocking: money still with WeChat Pay /
 * Alipay at month end should be explained, not fixed).
 */
export function checklistItems(checklist: ClosePreview['checklist']): ChecklistItem[] {
  const state = (ok: boolean, blocking: boolean): CheckState =>
    ok ? 'ok' : blocking ? 'blocking' : 'warning';
  return [
    { key: 'monthEnded', state: state(checklist.monthEnded.ok, true), detail: [] },
    {
      key: 'periodOpen',
      state: state(checklist.periodOpen.ok, true),
      detail: checklist.periodOpen.laterClosed ? [checklist.periodOpen.laterClosed] : [],
    },
    {
      key: 'earlierMonthsClosed',
      state: state(checklist.earlierMonthsClosed.ok, true),
      detail: checklist.earlierMonthsClosed.openPeriods,
    },
    {
      key: 'shiftsClosed',
      state: state(checklist.shiftsClosed.ok, true),
      detail: checklist.shiftsClosed.openShifts.map(
        (shift) => `${shift.registerId} · ${shift.cashierName} · ${shift.businessDate}`,
      ),
    },
    {
      key: 'trialBalanceBalanced',
      state: state(checklist.trialBalanceBalanced.ok, true),
      detail: [
        `${checklist.trialBalanceBalanced.debit} / ${checklist.trialBalanceBalanced.credit}`,
      ],
    },
    {
      key: 'clearingAccounts',
      state: state(checklist.clearingAccounts.ok, false),
      detail: checklist.clearingAccounts.accounts
        .filter((account) => !/^-?0\.00$/.test(account.balance))
        .map((account) => `${account.account} ${account.name} ${account.balance}`),
    },
  ];
}
