import { Body, Controller, Header, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
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
  async token(@ClientCreds() creds: ClientCredentials, @Body() body: TokenRequestDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    // RFC 9449 §8.2: a client that uses DPoP gets the next nonce with every answer.
    if (req.headers.dpop !== undefined) res.setHeader('DPoP-Nonce', await this.service.dpopNonce());
    return this.service.exchange(creds, body, req.headers.dpop);
  }
}
