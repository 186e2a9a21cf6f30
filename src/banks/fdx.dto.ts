import { Type } from 'class-transformer';
import { IsInt, IsISO8601, IsOptional, Matches, Max, Min } from 'class-validator';

/** FDX v6 GET /accounts/{accountId}/transactions query. */
export class TransactionsQueryDto {
  @IsOptional() @IsISO8601({ strict: true }, { message: 'startTime must be an ISO 8601 date' }) startTime?: string;
  @IsOptional() @IsISO8601({ strict: true }, { message: 'endTime must be an ISO 8601 date' }) endTime?: string;
  @IsOptional() @Matches(/^\d{1,9}$/, { message: 'offset must be an offset returned in page.nextOffset' }) offset?: string;
  @IsOptional() @Type(() => Number) @IsInt({ message: 'limit must be a whole number from 1 to 500' }) @Min(1, { message: 'limit must be a whole number from 1 to 500' }) @Max(500, { message: 'limit must be a whole number from 1 to 500' }) limit?: number;
}
