import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

export class ConnectDto {
  @IsString({ message: 'issuer is required: your authorization server URL or your acct: address' })
  @MaxLength(512)
  issuer: string;
}

export class PictureQueryDto {
  @IsOptional() @Type(() => Number) @IsIn([3, 12, 24], { message: 'months must be 3, 12 or 24' }) months?: number;
}

/** The transaction list's filters: text, account, category, period, and the page. */
export class TransactionsQueryDto extends PictureQueryDto {
  @IsOptional() @IsString({ message: 'q must be text' }) @MaxLength(100, { message: 'q is at most 100 characters' }) q?: string;
  @IsOptional() @IsString({ message: 'account must be text' }) @MaxLength(300, { message: 'account is at most 300 characters' }) account?: string;
  @IsOptional() @IsString({ message: 'category must be text' }) @MaxLength(100, { message: 'category is at most 100 characters' }) category?: string;
  @IsOptional() @Type(() => Number) @IsInt({ message: 'page must be a whole number' }) @Min(1, { message: 'page starts at 1' }) @Max(10_000, { message: 'page is at most 10000' }) page?: number;
}

/** A category chosen for one transaction ('' = back to the rules). */
export class CategoryChoiceDto {
  @IsString() @MaxLength(300) account: string;
  @IsString() @MaxLength(256) transaction_id: string;
  @IsString() @MaxLength(100) category: string;
  /** The list to go back to: only a /grapher/transactions address. */
  @IsOptional() @IsString() @MaxLength(1000) back?: string;
}
