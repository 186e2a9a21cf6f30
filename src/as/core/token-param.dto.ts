import { IsOptional, IsString, MaxLength } from 'class-validator';

export class TokenParamDto {
  @IsString({ message: 'token is required, once' })
  @MaxLength(4096)
  token: string;

  /** RFC 7009 §2.1: an unknown hint is not an error; the server searches every kind of token. */
  @IsOptional()
  @IsString()
  @MaxLength(64)
  token_type_hint?: string;

  @IsOptional() @IsString() @MaxLength(128) client_id?: string;
  @IsOptional() @IsString() @MaxLength(256) client_secret?: string;
}
