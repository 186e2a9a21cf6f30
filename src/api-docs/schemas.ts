// Response shapes of the JSON APIs that no RFC metadata describes, for the OpenAPI document. Each class
// implements the type the code returns, so the compiler keeps the description and the answers together.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { IntroEntry } from '../as/intro/intro.service.js';
import type { FdxAccount, FdxAccountCategory, FdxAccountStatus, FdxAccountType, FdxDebitCreditMemo, FdxTransaction, FdxTransactionStatus, FdxTransactionsResponse } from '../common/fdx/fdx.types.js';

const CATEGORIES: FdxAccountCategory[] = ['DEPOSIT_ACCOUNT', 'INVESTMENT_ACCOUNT', 'LOC_ACCOUNT'];

/** RFC 6749 §5.2 / RFC 6750 §3 error body. */
export class OAuthErrorBody {
  @ApiProperty({ example: 'invalid_token' }) error: string;
  @ApiPropertyOptional() error_description?: string;
}

export class IntroEntrySchema implements IntroEntry {
  @ApiProperty({ format: 'uri', description: 'The account at its bank: GET it with access_token (FDX v6 account).' }) endpoint: string;
  @ApiProperty({ description: 'An RFC 9068 JWT (typ at+jwt, ES256) for this bank and account alone: aud = bank_id, resource_id = the account.' }) access_token: string;
  @ApiProperty({ enum: ['Bearer'] }) token_type: 'Bearer';
  @ApiProperty({ type: 'integer', minimum: 0, maximum: 600, description: 'Seconds until access_token expires.' }) expires_in: number;
  @ApiProperty({ example: 'accounts:read transactions:read' }) scope: string;
  @ApiProperty({ format: 'uri', description: "The bank's identifier: its registered resource_server, the aud of access_token." }) bank_id: string;
  @ApiProperty({ description: 'The name the bank registered with (client_name), for display.' }) bank_name: string;
}

export class ResourceIdBody {
  @ApiProperty({ description: 'The resource id the AS gave the account (the resource_id claim of its bank tokens).' }) _id: string;
}

export class ResourceDescriptionBody extends ResourceIdBody {
  @ApiProperty({ type: [String], minItems: 1 }) resource_scopes: string[];
  @ApiProperty() name: string;
  @ApiPropertyOptional() type?: string;
  @ApiPropertyOptional() description?: string;
  @ApiPropertyOptional({ format: 'uri' }) icon_uri?: string;
  @ApiProperty({ format: 'uri' }) endpoint: string;
}

class FdxCurrencySchema {
  @ApiProperty({ example: 'USD', pattern: '^[A-Z]{3}$' }) currencyCode: string;
}

export class FdxAccountSchema implements FdxAccount {
  @ApiProperty({ enum: CATEGORIES }) accountCategory: FdxAccountCategory;
  @ApiProperty() accountId: string;
  @ApiProperty({ enum: ['CHECKING', 'SAVINGS', 'BROKERAGE', 'MUTUALFUND', 'CREDITCARD'] }) accountType: FdxAccountType;
  @ApiProperty() accountNumberDisplay: string;
  @ApiProperty() productName: string;
  @ApiPropertyOptional() nickname?: string;
  @ApiProperty({ enum: ['OPEN', 'CLOSED', 'PENDINGOPEN', 'RESTRICTED'] }) status: FdxAccountStatus;
  @ApiProperty({ type: FdxCurrencySchema }) currency: FdxCurrencySchema;
  @ApiProperty({ format: 'date-time' }) balanceAsOf: string;
  @ApiPropertyOptional({ description: 'DEPOSIT_ACCOUNT: money held; LOC_ACCOUNT: amount owed.' }) currentBalance?: number;
  @ApiPropertyOptional() availableBalance?: number;
  @ApiPropertyOptional({ description: 'INVESTMENT_ACCOUNT: market value of the holdings.' }) currentValue?: number;
  @ApiPropertyOptional() creditLine?: number;
  @ApiPropertyOptional() availableCredit?: number;
}

export class FdxTransactionSchema implements FdxTransaction {
  @ApiProperty({ enum: CATEGORIES }) accountCategory: FdxAccountCategory;
  @ApiProperty() transactionId: string;
  @ApiProperty({ format: 'date-time' }) postedTimestamp: string;
  @ApiProperty({ format: 'date-time' }) transactionTimestamp: string;
  @ApiProperty() description: string;
  @ApiProperty({ minimum: 0, description: 'Absolute value: the sign is in debitCreditMemo.' }) amount: number;
  @ApiProperty({ enum: ['CREDIT', 'DEBIT', 'MEMO'] }) debitCreditMemo: FdxDebitCreditMemo;
  @ApiProperty({ enum: ['AUTHORIZATION', 'MEMO', 'PENDING', 'POSTED'] }) status: FdxTransactionStatus;
  @ApiPropertyOptional({ example: 'DIVIDEND' }) transactionType?: string;
}

class FdxPageSchema {
  @ApiPropertyOptional({ description: 'Pass as offset for the next page; absent on the last page.' }) nextOffset?: string;
  @ApiProperty({ type: 'integer', minimum: 0 }) totalElements: number;
}

export class FdxTransactionsSchema implements FdxTransactionsResponse {
  @ApiProperty({ type: FdxPageSchema }) page: FdxPageSchema;
  @ApiProperty({ type: [FdxTransactionSchema] }) transactions: FdxTransactionSchema[];
}
