import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsISO8601, IsOptional, Matches, Max, Min } from 'class-validator';

/** FDX v6 GET /accounts/{accountId}/transactions query. */
export class TransactionsQueryDto {
  @ApiPropertyOptional({ format: 'date', example: '2025-01-01' }) @IsOptional() @IsISO8601({ strict: true }, { message: 'startTime must be an ISO 8601 date' }) startTime?: string;
  @ApiPropertyOptional({ format: 'date' }) @IsOptional() @IsISO8601({ strict: true }, { message: 'endTime must be an ISO 8601 date' }) endTime?: string;
  @ApiPropertyOptional({ description: 'page.nextOffset of the previous page' }) @IsOptional() @Matches(/^\d{1,9}$/, { message: 'offset must be an offset returned in page.nextOffset' }) offset?: string;
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 500 }) @IsOptional() @Type(() => Number) @IsInt({ message: 'limit must be a whole number from 1 to 500' }) @Min(1, { message: 'limit must be a whole number from 1 to 500' }) @Max(500, { message: 'limit must be a whole number from 1 to 500' }) limit?: number;
}
