import { Body, Controller, Headers, HttpCode, Post, UseGuards } from '@nestjs/common';
import { FormEncodedGuard } from '../../common/guards/form-encoded.guard.js';
import { TokenParamDto } from '../core/token-param.dto.js';
import { RevocationService } from './revocation.service.js';

/** RFC 7009 §2 token revocation endpoint. */
@Controller('as')
export class RevocationController {
  constructor(private readonly service: RevocationService) {}

  @Post('revoke')
  @HttpCode(200)
  @UseGuards(FormEncodedGuard)
  async revoke(@Headers('authorization') authorization: string | undefined, @Body() body: TokenParamDto) {
    await this.service.revoke(authorization, body);
    return {};
  }
}
