import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { FormEncodedGuard } from '../../common/guards/form-encoded.guard.js';
import { ClientCreds } from '../core/client-credentials.decorator.js';
import type { ClientCredentials } from '../core/client.service.js';
import { TokenParamDto } from '../core/token-param.dto.js';
import { RevocationService } from './revocation.service.js';

/** RFC 7009 §2 token revocation endpoint. */
@Controller('as')
export class RevocationController {
  constructor(private readonly service: RevocationService) {}

  @Post('revoke')
  @HttpCode(200)
  @UseGuards(FormEncodedGuard)
  async revoke(@ClientCreds() creds: ClientCredentials, @Body() body: TokenParamDto) {
    await this.service.revoke(creds, body);
    return {};
  }
}
