// Small hand-made FDX data for the picture tests (not used by the application).

import type {
  FdxAccount,
  FdxAccountCategory,
  FdxDebitCreditMemo,
  FdxTransaction,
  FdxTransactionStatus,
} from '../../common/fdx/fdx.types.js';
import type { FetchedAccount } from './picture.types.js';

export function tx(
  category: FdxAccountCategory,
  id: string,
  posted: string,
  debitCreditMemo: FdxDebitCreditMemo,
  amount: number,
  status: FdxTransactionStatus = 'POSTED',
  transactionType?: string,
): FdxTransaction {
  const postedTimestamp = posted.length === 10 ? `${posted}T12:00:00Z` : posted;
  return {
    accountCategory: category,
    transactionId: id,
    postedTimestamp,
    transactionTimestamp: postedTimestamp,
    description: id,
    amount,
    debitCreditMemo,
    status,
    ...(transactionType ? { transactionType } : {}),
  };
}

function account(partial: Partial<FdxAccount> & Pick<FdxAccount, 'accountCategory' | 'accountType'>): FdxAccount {
  return {
    accountId: `${partial.accountType.toLowerCase()}-1`,
    accountNumberDisplay: '••0000',
    productName: partial.accountType,
    status: 'OPEN',
    currency: { currencyCode: 'USD' },
    balanceAsOf: '2025-03-20T00:00:00Z',
    ...partial,
  };
}

/** asOf used with the fixtures: 2025-03-15 (noon UTC). */
export const AS_OF = new Date('2025-03-15T12:00:00Z');

/**
 * Checking at Bank of Astoria. Now 2500.00.
 * Expected at end of 2025-01-31: 1900.25, 2025-02-28: 1600.00, 2025-03-15: 2600.00.
 */
export function checking(): FetchedAccount {
  const c = 'DEPOSIT_ACCOUNT';
  return {
    label: 'Bank of Astoria — Checking ••9874',
    institution: 'Bank of Astoria',
    account: account({
      accountCategory: c,
      accountType: 'CHECKING',
      accountNumberDisplay: '••9874',
      currentBalance: 2500,
      availableBalance: 2450.01,
    }),
    // Deliberately not in date order.
    transactions: [
      tx(c, 'rent', '2025-02-15', 'DEBIT', 300.25),
      tx(c, 'after-asof', '2025-03-20', 'DEBIT', 100), // posted after asOf: already in "now"
      tx(c, 'salary', '2025-03-10', 'CREDIT', 1000),
      tx(c, 'pending', '2025-03-14', 'DEBIT', 49.99, 'PENDING'),
      tx(c, 'memo', '2025-03-01', 'MEMO', 5),
      tx(c, 'old', '2025-01-05', 'CREDIT', 200),
    ],
  };
}

/**
 * Credit card at Bank of Astoria: owes 820.40 now, so its value is −820.40.
 * Expected at end of 2025-01-31: −1199.70, 2025-02-28: −700.00, 2025-03-15: −820.40.
 */
export function creditCard(): FetchedAccount {
  const c = 'LOC_ACCOUNT';
  return {
    label: 'Bank of Astoria — Card ••4421',
    institution: 'Bank of Astoria',
    account: account({
      accountCategory: c,
      accountType: 'CREDITCARD',
      accountNumberDisplay: '••4421',
      currentBalance: 820.4,
      creditLine: 5000,
      availableCredit: 4179.6,
    }),
    transactions: [
      tx(c, 'groceries', '2025-03-05', 'DEBIT', 120.4),
      tx(c, 'payment', '2025-02-20', 'CREDIT', 500),
      tx(c, 'tiny-1', '2025-02-10', 'DEBIT', 0.1),
      tx(c, 'tiny-2', '2025-02-10', 'DEBIT', 0.2),
      tx(c, 'authorization', '2025-03-12', 'DEBIT', 30, 'AUTHORIZATION'),
      tx(c, 'memo-status', '2025-03-13', 'DEBIT', 40, 'MEMO'),
    ],
  };
}

/**
 * Brokerage at Cedar Street Brokerage, worth 10000.55 now.
 * Expected at end of 2025-01-31: 10037.66, 2025-02-28: 9750.00, 2025-03-15: 10000.55.
 */
export function brokerage(): FetchedAccount {
  const c = 'INVESTMENT_ACCOUNT';
  return {
    label: 'Cedar Street Brokerage — Brokerage ••1107',
    institution: 'Cedar Street Brokerage',
    account: account({
      accountCategory: c,
      accountType: 'BROKERAGE',
      accountNumberDisplay: '••1107',
      currentValue: 10000.55,
      currentBalance: 999999, // must be ignored: investments use currentValue
    }),
    transactions: [
      tx(c, 'market-up', '2025-03-03', 'CREDIT', 250.55, 'POSTED', 'ADJUSTMENT'),
      tx(c, 'market-down', '2025-02-27', 'DEBIT', 400, 'POSTED', 'ADJUSTMENT'),
      tx(c, 'dividend', '2025-02-01', 'CREDIT', 12.34, 'POSTED', 'DIVIDEND'),
      // Late evening of Feb 28 at the bank (already Mar 1 in UTC): counts as Feb 28.
      tx(c, 'contribution', '2025-02-28T23:30:00-05:00', 'CREDIT', 100, 'POSTED', 'CONTRIBUTION'),
    ],
  };
}

export function fixtureAccounts(): FetchedAccount[] {
  return [checking(), creditCard(), brokerage()];
}
