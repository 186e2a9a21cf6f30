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

/** RFC 9126 §2.1: the pushed authorization request (form-encoded): an authorization request, pushed. */
export class ParRequestBody {
  @ApiProperty({ enum: ['code'] }) response_type: string;
  @ApiProperty({ format: 'uri', description: 'One of the client’s registered redirect URIs (required, FAPI 2.0 §5.3.2.2 [6]).' }) redirect_uri: string;
  @ApiPropertyOptional({ example: 'accounts:read transactions:read', description: 'Required unless authorization_details stand for it (RFC 9396 §3.1).' }) scope?: string;
  @ApiPropertyOptional({ description: 'RFC 9396: a JSON array of account_information details.' }) authorization_details?: string;
  @ApiPropertyOptional() state?: string;
  @ApiProperty({ description: 'PKCE (RFC 7636), S256 only.' }) code_challenge: string;
  @ApiProperty({ enum: ['S256'] }) code_challenge_method: string;
  @ApiPropertyOptional({ description: 'RFC 9449 §10: the DPoP key the code is bound to (or send a DPoP proof header).' }) dpop_jkt?: string;
  @ApiPropertyOptional({ enum: ['create', 'merge', 'replace'], description: 'Grant Management §5.2; merge and replace need grant_id.' }) grant_management_action?: string;
  @ApiPropertyOptional({ description: 'Grant Management §5.2: the grant (of this client and person) to merge into or replace.' }) grant_id?: string;
  @ApiPropertyOptional({ description: 'client_secret_post; or authenticate with Basic, or client_assertion (private_key_jwt, RFC 7523).' }) client_id?: string;
}

/** RFC 9126 §2.2 */
export class ParResponseBody {
  @ApiProperty({ example: 'urn:ietf:params:oauth:request_uri:…' }) request_uri: string;
  @ApiProperty({ type: 'integer', description: 'Seconds the request_uri may be used in (under 600, FAPI 2.0).' }) expires_in: number;
}

class GrantScopeSchema {
  @ApiProperty({ example: 'accounts:read transactions:read' }) scope: string;
  @ApiPropertyOptional({ type: [String], format: 'uri', description: 'The shared accounts’ endpoints at their banks.' }) resource?: string[];
}

/** Grant Management §6.4: what the grant holds. */
export class GrantBody {
  @ApiProperty({ type: [GrantScopeSchema] }) scopes: GrantScopeSchema[];
  @ApiPropertyOptional({ type: 'array', items: { type: 'object' }, description: 'RFC 9396 details granted.' }) authorization_details?: object[];
  @ApiProperty({ type: 'integer' }) created_at: number;
  @ApiPropertyOptional({ type: 'integer' }) expires_at?: number;
  @ApiPropertyOptional({ type: 'integer' }) last_used_at?: number;
  @ApiProperty({ enum: ['ACTIVE'] }) status: string;
  @ApiPropertyOptional({ type: 'integer' }) history_months?: number;
  @ApiProperty({ enum: ['once', '30d', '90d', 'until_revoked'] }) duration: string;
}

class PushDeliverySchema {
  @ApiProperty({ enum: ['urn:ietf:rfc:8935'] }) method: string;
  @ApiProperty({ format: 'uri', description: 'Under the bank’s registered resource_server.' }) endpoint_url: string;
}

/** SSF 1.0 §8.1.1.1: what the receiver sets. */
export class StreamRequestBody {
  @ApiProperty({ type: PushDeliverySchema }) delivery: PushDeliverySchema;
  @ApiPropertyOptional({ type: [String] }) events_requested?: string[];
  @ApiPropertyOptional() description?: string;
}

/** SSF 1.0 §8.1.1: the stream's configuration. */
export class StreamConfigBody {
  @ApiProperty() stream_id: string;
  @ApiProperty({ format: 'uri' }) iss: string;
  @ApiProperty({ format: 'uri' }) aud: string;
  @ApiProperty({ type: PushDeliverySchema }) delivery: PushDeliverySchema;
  @ApiProperty({ type: [String] }) events_supported: string[];
  @ApiProperty({ type: [String] }) events_requested: string[];
  @ApiProperty({ type: [String] }) events_delivered: string[];
  @ApiPropertyOptional() description?: string;
}

/** SSF 1.0 §8.1.4.2 */
export class VerifyRequestBody {
  @ApiProperty() stream_id: string;
  @ApiPropertyOptional({ description: 'Echoed in the verification event.' }) state?: string;
}

/** SSF 1.0 §8.1.2.1 */
export class StreamStatusBody {
  @ApiProperty() stream_id: string;
  @ApiProperty({ enum: ['enabled', 'paused', 'disabled'] }) status: string;
}
