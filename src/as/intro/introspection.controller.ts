import { Body, Controller, Header, HttpCode, Post, UseGuards } from '@nestjs/common';
import { FormEncodedGuard } from '../../common/guards/form-encoded.guard.js';
import { ClientCreds } from '../core/client-credentials.decorator.js';
import type { ClientCredentials } from '../core/client.service.js';
import { TokenParamDto } from '../core/token-param.dto.js';
import { IntrospectionService } from './introspection.service.js';

/** RFC 7662 §2 introspection endpoint, for banks authenticated with their client credentials. */
@Controller('as')
export class IntrospectionController {
  constructor(private readonly service: IntrospectionService) {}

  @Post('introspect')
  @HttpCode(200)
  @UseGuards(FormEncodedGuard)
  @Header('Cache-Control', 'no-store')
  introspect(@ClientCreds() creds: ClientCredentials, @Body() body: TokenParamDto) {
    return this.service.introspect(creds, body);
  }
}
