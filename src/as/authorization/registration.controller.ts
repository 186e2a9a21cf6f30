import { Body, Controller, Header, HttpCode, Post, UseGuards } from '@nestjs/common';
import { JsonBodyGuard } from '../../common/guards/json-body.guard.js';
import { ClientService } from '../core/client.service.js';

/** RFC 7591 §3 dynamic client registration (open: any app or bank may register). */
@Controller('as')
export class RegistrationController {
  constructor(private readonly clients: ClientService) {}

  @Post('register')
  @UseGuards(JsonBodyGuard)
  @HttpCode(201)
  @Header('Cache-Control', 'no-store')
  register(@Body() body: unknown) {
    return this.clients.register(body);
  }
}
