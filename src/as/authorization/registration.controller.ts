import { Body, Controller, Header, HttpCode, Post } from '@nestjs/common';
import { ClientService } from '../core/client.service.js';

/** RFC 7591 §3 dynamic client registration (open: any app or bank may register). */
@Controller('as')
export class RegistrationController {
  constructor(private readonly clients: ClientService) {}

  @Post('register')
  @HttpCode(201)
  @Header('Cache-Control', 'no-store')
  register(@Body() body: unknown) {
    return this.clients.register(body);
  }
}
