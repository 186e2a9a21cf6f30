import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsOptional, IsString, IsUrl, Matches, MaxLength } from 'class-validator';

/** UMA 2.0 Federated Authorization §3.1 resource description, plus Steward's `endpoint` (the account's API URL). */
export class ResourceDescriptionDto {
  @ApiProperty({ type: [String], minItems: 1, maxItems: 20, example: ['accounts:read', 'transactions:read'] })
  @IsArray({ message: 'resource_scopes is required (a list of scopes)' })
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Matches(/^[\x21\x23-\x5B\x5D-\x7E]{1,64}$/, { each: true, message: 'each resource scope must be a scope-token (RFC 6749 §3.3)' })
  resource_scopes: string[];

  @ApiPropertyOptional({ maxLength: 256 }) @IsOptional() @IsString() @MaxLength(256) name?: string;
  @ApiPropertyOptional({ maxLength: 256 }) @IsOptional() @IsString() @MaxLength(256) type?: string;
  @ApiPropertyOptional({ maxLength: 1024 }) @IsOptional() @IsString() @MaxLength(1024) description?: string;
  @ApiPropertyOptional({ format: 'uri' }) @IsOptional() @IsUrl({ require_tld: false, protocols: ['https', 'http'], require_protocol: true }) @MaxLength(2048) icon_uri?: string;

  @ApiProperty({ format: 'uri', maxLength: 2048, description: "The account's URL at the bank, under its resource_server (Steward's extension; Intro hands it to clients)." })
  @IsString({ message: 'endpoint is required: the URL of the account at the bank' })
  @MaxLength(2048)
  endpoint: string;
}
