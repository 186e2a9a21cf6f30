import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';

export class TokenParamDto {
  @IsString({ message: 'token is required, once' })
  @MaxLength(4096)
  token: string;

  @IsOptional()
  @IsIn(['access_token', 'refresh_token'])
  token_type_hint?: string;

  @IsOptional() @IsString() @MaxLength(128) client_id?: string;
  @IsOptional() @IsString() @MaxLength(256) client_secret?: string;
}
