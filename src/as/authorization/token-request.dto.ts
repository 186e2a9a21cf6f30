import { IsOptional, IsString, MaxLength } from 'class-validator';

/** RFC 6749 §4.1.3 and §6. A repeated parameter arrives as an array and fails @IsString (§3.2: MUST NOT repeat). */
export class TokenRequestDto {
  @IsString({ message: 'grant_type is required, once' })
  grant_type: string;

  @IsOptional() @IsString() @MaxLength(512) code?: string;
  @IsOptional() @IsString() @MaxLength(2048) redirect_uri?: string;
  @IsOptional() @IsString() @MaxLength(256) code_verifier?: string;
  @IsOptional() @IsString() @MaxLength(512) refresh_token?: string;
  @IsOptional() @IsString() @MaxLength(512) scope?: string;
  @IsOptional() @IsString() @MaxLength(128) client_id?: string;
  @IsOptional() @IsString() @MaxLength(256) client_secret?: string;
  @IsOptional() @IsString() @MaxLength(128) client_assertion_type?: string;
  @IsOptional() @IsString() @MaxLength(8192) client_assertion?: string;
}
