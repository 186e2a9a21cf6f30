// FDX v6 Core Exchange shapes that Steward's banks speak and Grapher reads.
// Subset of FDX V6.3.1 (accounts, account details with balances, transactions).

export type FdxAccountCategory = 'DEPOSIT_ACCOUNT' | 'INVESTMENT_ACCOUNT' | 'LOC_ACCOUNT';

export type FdxAccountType =
  | 'CHECKING'
  | 'SAVINGS'
  | 'BROKERAGE'
  | 'MUTUALFUND'
  | 'CREDITCARD';

export type FdxAccountStatus = 'OPEN' | 'CLOSED' | 'PENDINGOPEN' | 'RESTRICTED';

export interface FdxCurrency {
  currencyCode: string;
}

export interface FdxAccountDescriptor {
  accountCategory: FdxAccountCategory;
  accountId: string;
  accountType: FdxAccountType;
  accountNumberDisplay: string;
  productName: string;
  nickname?: string;
  status: FdxAccountStatus;
  currency: FdxCurrency;
}

/** Account details: the descriptor plus the balances of its category. */
export interface FdxAccount extends FdxAccountDescriptor {
  balanceAsOf: string;
  /** DEPOSIT_ACCOUNT: money held. LOC_ACCOUNT: amount owed (positive). */
  currentBalance?: number;
  availableBalance?: number;
  /** INVESTMENT_ACCOUNT: market value of the holdings. */
  currentValue?: number;
  /** LOC_ACCOUNT */
  creditLine?: number;
  availableCredit?: number;
}

export type FdxDebitCreditMemo = 'CREDIT' | 'DEBIT' | 'MEMO';
export type FdxTransactionStatus = 'AUTHORIZATION' | 'MEMO' | 'PENDING' | 'POSTED';

export interface FdxTransaction {
  accountCategory: FdxAccountCategory;
  transactionId: string;
  postedTimestamp: string;
  transactionTimestamp: string;
  description: string;
  /** Absolute value: the sign is in debitCreditMemo. */
  amount: number;
  debitCreditMemo: FdxDebitCreditMemo;
  status: FdxTransactionStatus;
  /** INVESTMENT_ACCOUNT only: PURCHASED, DIVIDEND, ADJUSTMENT (market revaluation), FEE… */
  transactionType?: string;
}

export interface FdxPage {
  nextOffset?: string;
  totalElements: number;
}

export interface FdxTransactionsResponse {
  page: FdxPage;
  transactions: FdxTransaction[];
}

export interface FdxError {
  code: string;
  message: string;
  debugMessage?: string;
}
