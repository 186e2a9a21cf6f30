import { Controller, Get, Header, Query } from '@nestjs/common';
import { DiscoveryService } from './discovery.service.js';

@Controller()
export class DiscoveryController {
  constructor(private readonly service: DiscoveryService) {}

  /** RFC 8414 §3: the well-known URI inserted before the issuer's path. */
  @Get('.well-known/oauth-authorization-server/as')
  @Header('Cache-Control', 'public, max-age=300')
  metadata() {
    return this.service.metadata();
  }

  /** UMA 2.0 Grant §2 appends its well-known suffix to the issuer. */
  @Get('as/.well-known/uma2-configuration')
  @Header('Cache-Control', 'public, max-age=300')
  umaConfiguration() {
    return this.service.metadata();
  }

  @Get('as/jwks')
  @Header('Content-Type', 'application/jwk-set+json')
  @Header('Cache-Control', 'public, max-age=300')
  jwks() {
    return this.service.jwks();
  }

  /** RFC 7033 §4 */
  @Get('.well-known/webfinger')
  @Header('Content-Type', 'application/jrd+json')
  @Header('Access-Control-Allow-Origin', '*')
  webfinger(@Query('resource') resource: unknown, @Query('rel') rel: unknown) {
    return this.service.webfinger(resource, rel);
  }
}
