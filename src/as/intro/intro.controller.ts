import { Controller, Get, Header, Headers, HttpCode, Post } from '@nestjs/common';
import { IntroService } from './intro.service.js';

/** Intro (the seed's introspection service for clients): bank endpoints and per-bank tokens. */
@Controller('as/intro')
export class IntroController {
  constructor(private readonly service: IntroService) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  get(@Headers('authorization') authorization: string | undefined) {
    return this.service.intro(authorization);
  }

  @Post()
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  post(@Headers('authorization') authorization: string | undefined) {
    return this.service.intro(authorization);
  }
}
