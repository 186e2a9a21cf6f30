import { All, Body, Controller, Delete, Get, Header, HttpCode, Param, Post, Put, Res, UseGuards } from '@nestjs/common';
import { JsonBodyGuard } from '../../common/guards/json-body.guard.js';
import type { Response } from 'express';
import { UnsupportedMethodTypeError } from '../../common/errors/oauth.errors.js';
import { AsUrls } from '../core/as-urls.js';
import { ResourceDescriptionDto } from './resource-description.dto.js';
import { ResourceRegistrationService } from './resource-registration.service.js';
import { Pat, PatGuard } from './pat.guard.js';
import type { PatOwner } from './pat.guard.js';

/** UMA 2.0 Federated Authorization §3.2 resource registration endpoint (protected by a PAT). */
@Controller('as/uma/resource_set')
@UseGuards(PatGuard)
export class ResourceRegistrationController {
  constructor(
    private readonly service: ResourceRegistrationService,
    private readonly urls: AsUrls,
  ) {}

  @Post()
  @UseGuards(JsonBodyGuard)
  async create(@Pat() owner: PatOwner, @Body() dto: ResourceDescriptionDto, @Res({ passthrough: true }) res: Response) {
    const created = await this.service.create(owner, dto);
    res.status(201).location(`${this.urls.resourceRegistration}/${created._id}`);
    return created;
  }

  @Get()
  @Header('Cache-Control', 'no-store')
  list(@Pat() owner: PatOwner) {
    return this.service.list(owner);
  }

  @Get(':id')
  @Header('Cache-Control', 'no-store')
  read(@Pat() owner: PatOwner, @Param('id') id: string) {
    return this.service.read(owner, id);
  }

  @Put(':id')
  @UseGuards(JsonBodyGuard)
  update(@Pat() owner: PatOwner, @Param('id') id: string, @Body() dto: ResourceDescriptionDto) {
    return this.service.update(owner, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  remove(@Pat() owner: PatOwner, @Param('id') id: string) {
    return this.service.remove(owner, id);
  }

  @All([':id', ''])
  unsupported(): never {
    throw new UnsupportedMethodTypeError('this method is not supported on the resource registration endpoint');
  }
}
