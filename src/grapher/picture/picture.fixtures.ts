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

function described(t: FdxTransaction, description: string): FdxTransaction {
  return { ...t, description };
}

/**
 * A household over January to mid-March 2025 (asOf 2025-03-15), with the banks' own kind of
 * descriptions, for cash flow, categories and allocation. Expected, per month (Jan, Feb, Mar):
 *   income   2000.00, 2035.10, 2012.50
 *   spending 1260.25,  295.40, 1350.60
 */
export function household(): FetchedAccount[] {
  const d = 'DEPOSIT_ACCOUNT';
  const l = 'LOC_ACCOUNT';
  const i = 'INVESTMENT_ACCOUNT';
  return [
    {
      label: 'Bank of Astoria — Checking',
      institution: 'Bank of Astoria',
      account: account({ accountCategory: d, accountType: 'CHECKING', accountNumberDisplay: '8879874', currentBalance: 3000 }),
      transactions: [
        described(tx(d, 'c1', '2024-12-31', 'CREDIT', 2000), 'ACME CORP PAYROLL PPD ID: 9100234567'), // before the period
        described(tx(d, 'c2', '2025-01-15', 'CREDIT', 2000), 'ACME CORP PAYROLL PPD ID: 9100234567'),
        described(tx(d, 'c3', '2025-01-20', 'DEBIT', 1200), 'BAYVIEW APARTMENTS RENT WEB PMT'),
        described(tx(d, 'c4', '2025-02-03', 'DEBIT', 85.4), 'POS DEBIT SAFEWAY #1711 SAN MATEO CA'),
        described(tx(d, 'c5', '2025-02-14', 'CREDIT', 2000), 'ACME CORP PAYROLL PPD ID: 9100234567'),
        described(tx(d, 'c6', '2025-02-16', 'DEBIT', 500), 'ONLINE TRANSFER TO SAV XXXXXX9881'),
        described(tx(d, 'c7', '2025-02-20', 'DEBIT', 310.25), 'MONAMI CARD PAYMENT AUTOPAY PPD ID: 7712040001'),
        described(tx(d, 'c8', '2025-03-03', 'DEBIT', 1200), 'BAYVIEW APARTMENTS RENT WEB PMT'),
        described(tx(d, 'c9', '2025-03-10', 'DEBIT', 99, 'PENDING'), 'POS DEBIT SAFEWAY #1711 SAN MATEO CA'), // not posted
        described(tx(d, 'c10', '2025-03-14', 'CREDIT', 2000), 'ACME CORP PAYROLL PPD ID: 9100234567'),
        described(tx(d, 'c11', '2025-03-16', 'DEBIT', 50), 'POS DEBIT SAFEWAY #1711 SAN MATEO CA'), // after asOf
      ],
    },
    {
      label: 'Bank of Astoria — Savings',
      institution: 'Bank of Astoria',
      account: account({ accountCategory: d, accountType: 'SAVINGS', accountNumberDisplay: '8879881', currentBalance: 10500 }),
      transactions: [
        described(tx(d, 's1', '2025-02-16', 'CREDIT', 500), 'ONLINE TRANSFER FROM CHK XXXXXX9874'),
        described(tx(d, 's2', '2025-02-28', 'CREDIT', 35.1), 'INTEREST PAYMENT'),
      ],
    },
    {
      label: 'Monami Card',
      institution: 'Monami Card',
      account: account({ accountCategory: l, accountType: 'CREDITCARD', accountNumberDisplay: '771204', currentBalance: 150.6 }),
      transactions: [
        described(tx(l, 'k1', '2025-01-10', 'DEBIT', 60.25), 'CHIPOTLE 1842 SAN MATEO CA'),
        described(tx(l, 'k2', '2025-02-05', 'DEBIT', 250), 'COSTCO WHSE #0144 REDWOOD CITY CA'),
        described(tx(l, 'k3', '2025-02-07', 'CREDIT', 40), 'COSTCO WHSE #0144 RETURN'),
        described(tx(l, 'k4', '2025-02-20', 'CREDIT', 310.25), 'PAYMENT - THANK YOU'),
        described(tx(l, 'k5', '2025-03-08', 'DEBIT', 150.6), 'UNITED AIRLINES 0162345 HOUSTON TX'),
      ],
    },
    {
      label: 'Norma Securities',
      institution: 'Norma Securities',
      account: account({ accountCategory: i, accountType: 'BROKERAGE', accountNumberDisplay: '5835394', currentValue: 20000 }),
      transactions: [
        described(tx(i, 'b1', '2025-02-28', 'CREDIT', 400, 'POSTED', 'ADJUSTMENT'), 'Market revaluation'),
        described(tx(i, 'b2', '2025-03-05', 'CREDIT', 12.5, 'POSTED', 'DIVIDEND'), 'DIVIDEND RECEIVED VANGUARD TOTAL STOCK MKT ETF (VTI)'),
      ],
    },
    {
      label: 'Lastish Fundco',
      institution: 'Lastish Fundco',
      account: account({ accountCategory: i, accountType: 'MUTUALFUND', accountNumberDisplay: '436922', currentValue: 5000 }),
      transactions: [],
    },
  ];
}
