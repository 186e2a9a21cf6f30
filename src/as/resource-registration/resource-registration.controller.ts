import { All, Body, Controller, Delete, Get, Header, Headers, HttpCode, Param, Post, Put, Res, UseGuards } from '@nestjs/common';
import { JsonBodyGuard } from '../../common/guards/json-body.guard.js';
import type { Response } from 'express';
import { UnsupportedMethodTypeError } from '../../common/errors/oauth.errors.js';
import { AsUrls } from '../core/as-urls.js';
import { ResourceDescriptionDto } from './resource-description.dto.js';
import { ResourceRegistrationService } from './resource-registration.service.js';

/** UMA 2.0 Federated Authorization §3.2 resource registration endpoint (protected by a PAT). */
@Controller('as/uma/resource_set')
export class ResourceRegistrationController {
  constructor(
    private readonly service: ResourceRegistrationService,
    private readonly urls: AsUrls,
  ) {}

  @Post()
  @UseGuards(JsonBodyGuard)
  async create(@Headers('authorization') auth: string | undefined, @Body() dto: ResourceDescriptionDto, @Res({ passthrough: true }) res: Response) {
    const created = await this.service.create(auth, dto);
    res.status(201).location(`${this.urls.resourceRegistration}/${created._id}`);
    return created;
  }

  @Get()
  @Header('Cache-Control', 'no-store')
  list(@Headers('authorization') auth: string | undefined) {
    return this.service.list(auth);
  }

  @Get(':id')
  @Header('Cache-Control', 'no-store')
  read(@Headers('authorization') auth: string | undefined, @Param('id') id: string) {
    return this.service.read(auth, id);
  }

  @Put(':id')
  @UseGuards(JsonBodyGuard)
  update(@Headers('authorization') auth: string | undefined, @Param('id') id: string, @Body() dto: ResourceDescriptionDto) {
    return this.service.update(auth, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  remove(@Headers('authorization') auth: string | undefined, @Param('id') id: string) {
    return this.service.remove(auth, id);
  }

  @All([':id', ''])
  unsupported(): never {
    throw new UnsupportedMethodTypeError('this method is not supported on the resource registration endpoint');
  }
}
