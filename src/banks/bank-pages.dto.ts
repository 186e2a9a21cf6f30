import { IsString, MaxLength } from 'class-validator';

export class BankLoginDto {
  @IsString({ message: 'username is required' }) @MaxLength(64) username: string;
  @IsString({ message: 'password is required' }) @MaxLength(256) password: string;
}

export class DelegateDto {
  @IsString({ message: 'issuer is required: an authorization server URL or an acct: URI' })
  @MaxLength(512)
  issuer: string;
}
