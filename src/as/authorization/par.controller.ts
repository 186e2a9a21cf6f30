import { Body, Controller, Header, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import type { Request } from 'express';
import { FormEncodedGuard } from '../../common/guards/form-encoded.guard.js';
import { ClientCreds } from '../core/client-credentials.decorator.js';
import type { ClientCredentials } from '../core/client.service.js';
import { ParService } from './par.service.js';

/** RFC 9126 §2: the pushed authorization request endpoint. */
@Controller('as')
export class ParController {
  constructor(private readonly service: ParService) {}

  @Post('par')
  @HttpCode(201)
  @UseGuards(FormEncodedGuard)
  @Header('Cache-Control', 'no-store')
  push(@ClientCreds() creds: ClientCredentials, @Body() body: Record<string, unknown>, @Req() req: Request) {
    return this.service.push(creds, body, req.headers.dpop);
  }
}
