import { IsString, MaxLength } from 'class-validator';

export class BankLoginDto {
  @IsString() @MaxLength(64) username: string;
  @IsString() @MaxLength(256) password: string;
  @IsString() _csrf: string;
}

export class DelegateDto {
  @IsString({ message: 'issuer is required: an authorization server URL or an acct: URI' })
  @MaxLength(512)
  issuer: string;

  @IsString() _csrf: string;
}

export class BankCsrfDto {
  @IsString() _csrf: string;
}
