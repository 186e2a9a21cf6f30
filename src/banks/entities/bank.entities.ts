import { BankAccountEntity } from './bank-account.entity.js';
import { BankAsClientEntity } from './bank-as-client.entity.js';
import { BankCustomerEntity } from './bank-customer.entity.js';
import { BankDelegationEntity } from './bank-delegation.entity.js';
import { BankPatEntity } from './bank-pat.entity.js';
import { BankRevokedGrantEntity } from './bank-revoked-grant.entity.js';
import { BankTransactionEntity } from './bank-transaction.entity.js';

/** The banks' tables (every row carries its bank_id). */
export const BANK_ENTITIES = [BankCustomerEntity, BankAccountEntity, BankTransactionEntity, BankAsClientEntity, BankDelegationEntity, BankPatEntity, BankRevokedGrantEntity];
