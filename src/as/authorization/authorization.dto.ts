import { Transform } from 'class-transformer';
import { IsArray, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';

export class LoginDto {
  @IsString()
  @MaxLength(64)
  username: string;

  @IsString()
  @MaxLength(256)
  password: string;

  @IsOptional()
  @IsString()
  @MaxLength(64)
  rid?: string;

  @IsString()
  _csrf: string;
}

export class CsrfDto {
  @IsString()
  _csrf: string;
}

export class ConsentDto {
  @IsIn(['allow', 'deny'])
  decision: 'allow' | 'deny';

  @IsOptional()
  @Transform(({ value }) => (value === undefined ? [] : Array.isArray(value) ? value : [value]))
  @IsArray()
  @IsString({ each: true })
  resource: string[] = [];

  @IsString()
  _csrf: string;
}
