import { Transform, Type } from 'class-transformer';
import { IsArray, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';

export class LoginDto {
  @IsString({ message: 'username is required' })
  @MaxLength(64)
  username: string;

  @IsString({ message: 'password is required' })
  @MaxLength(256)
  password: string;

  @IsOptional()
  @IsString()
  @MaxLength(64)
  rid?: string;
}

export class ConsentDto {
  @IsIn(['allow', 'deny'])
  decision: 'allow' | 'deny';

  @IsOptional()
  @Type(() => Number)
  @IsIn([3, 12, 24], { message: 'history_months must be one of the offered windows' })
  history_months?: number;

  @IsOptional()
  @IsIn(['once', '30d', '90d', 'until_revoked'], { message: 'duration must be one of the offered durations' })
  duration?: 'once' | '30d' | '90d' | 'until_revoked';

  @IsOptional()
  @Transform(({ value }) => (value === undefined ? [] : Array.isArray(value) ? value : [value]))
  @IsArray()
  @IsString({ each: true })
  resource: string[] = [];
}
