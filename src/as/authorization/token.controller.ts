import { Body, Controller, Header, HttpCode, Post, UseGuards } from '@nestjs/common';
import { FormEncodedGuard } from '../../common/guards/form-encoded.guard.js';
import { ClientCreds } from '../core/client-credentials.decorator.js';
import type { ClientCredentials } from '../core/client.service.js';
import { TokenRequestDto } from './token-request.dto.js';
import { TokenEndpointService } from './token.service.js';

/** RFC 6749 §3.2 token endpoint. */
@Controller('as')
export class TokenController {
  constructor(private readonly service: TokenEndpointService) {}

  @Post('token')
  @HttpCode(200)
  @UseGuards(FormEncodedGuard)
  @Header('Cache-Control', 'no-store') // RFC 6749 §5.1: MUST
  @Header('Pragma', 'no-cache')
  token(@ClientCreds() creds: ClientCredentials, @Body() body: TokenRequestDto) {
    return this.service.exchange(creds, body);
  }
}
