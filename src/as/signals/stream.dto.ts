import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsObject, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';

/** SSF 1.0 §6.1.1: push delivery (RFC 8935) to the receiver's endpoint. */
export class PushDeliveryDto {
  @IsIn(['urn:ietf:rfc:8935'], { message: 'delivery.method must be urn:ietf:rfc:8935 (push): the only method this transmitter supports' })
  method: string;

  @IsString({ message: 'delivery.endpoint_url is required' })
  @MaxLength(2048)
  endpoint_url: string;
}

/** SSF 1.0 §8.1.1.1: what a receiver may set when it creates a stream. */
export class CreateStreamDto {
  @IsObject({ message: 'delivery is required: {"method": "urn:ietf:rfc:8935", "endpoint_url": …}' })
  @ValidateNested()
  @Type(() => PushDeliveryDto)
  delivery: PushDeliveryDto;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(256, { each: true })
  events_requested?: string[];

  @IsOptional()
  @IsString()
  @MaxLength(256)
  description?: string;
}

/** SSF 1.0 §8.1.4.2: a verification request. */
export class VerifyStreamDto {
  @IsString({ message: 'stream_id is required' })
  @MaxLength(64)
  stream_id: string;

  @IsOptional()
  @IsString()
  @MaxLength(256)
  state?: string;
}
