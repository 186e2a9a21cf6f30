import { Type } from 'class-transformer';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';

export class ConnectDto {
  @IsString({ message: 'issuer is required: your authorization server URL or your acct: address' })
  @MaxLength(512)
  issuer: string;
}

export class PictureQueryDto {
  @IsOptional() @Type(() => Number) @IsIn([3, 12, 24], { message: 'months must be 3, 12 or 24' }) months?: number;
}
