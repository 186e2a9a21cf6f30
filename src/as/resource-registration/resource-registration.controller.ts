import { All, Body, Controller, Delete, Get, Header, HttpCode, Param, Post, Put, Res, UseGuards } from '@nestjs/common';
import { JsonBodyGuard } from '../../common/guards/json-body.guard.js';
import type { Response } from 'express';
import { UnsupportedMethodTypeError } from '../../common/errors/oauth.errors.js';
import { AsUrls } from '../core/as-urls.js';
import { ApiBearerAuth, ApiCreatedResponse, ApiExcludeEndpoint, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { OAuthErrorBody, ResourceDescriptionBody, ResourceIdBody } from '../../api-docs/schemas.js';
import { ResourceDescriptionDto } from './resource-description.dto.js';
import { ResourceRegistrationService } from './resource-registration.service.js';
import { Pat, PatGuard } from './pat.guard.js';
import type { PatOwner } from './pat.guard.js';

/** UMA 2.0 Federated Authorization §3.2 resource registration endpoint (protected by a PAT). */
@ApiTags('UMA resource registration')
@ApiBearerAuth('pat')
@ApiUnauthorizedResponse({ description: 'No PAT, or not an active token with scope uma_protection of a client registered with resource_server.', type: OAuthErrorBody })
@Controller('as/uma/resource_set')
@UseGuards(PatGuard)
export class ResourceRegistrationController {
  constructor(
    private readonly service: ResourceRegistrationService,
    private readonly urls: AsUrls,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Register an account (UMA 2.0 Federated Authorization §3.2.1); endpoint must lie under the bank’s resource_server' })
  @ApiCreatedResponse({ type: ResourceIdBody, description: 'Location: the new resource.' })
  @UseGuards(JsonBodyGuard)
  async create(@Pat() owner: PatOwner, @Body() dto: ResourceDescriptionDto, @Res({ passthrough: true }) res: Response) {
    const created = await this.service.create(owner, dto);
    res.status(201).location(`${this.urls.resourceRegistration}/${created._id}`);
    return created;
  }

  @Get()
  @ApiOperation({ summary: 'The ids of the resources this bank registered for this person (§3.2.5)' })
  @ApiOkResponse({ schema: { type: 'array', items: { type: 'string' } } })
  @Header('Cache-Control', 'no-store')
  list(@Pat() owner: PatOwner) {
    return this.service.list(owner);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Read a resource description (§3.2.2)' })
  @ApiOkResponse({ type: ResourceDescriptionBody })
  @Header('Cache-Control', 'no-store')
  read(@Pat() owner: PatOwner, @Param('id') id: string) {
    return this.service.read(owner, id);
  }

  @Put(':id')
  @ApiOperation({ summary: 'Replace a resource description (§3.2.3)' })
  @ApiOkResponse({ type: ResourceIdBody })
  @UseGuards(JsonBodyGuard)
  update(@Pat() owner: PatOwner, @Param('id') id: string, @Body() dto: ResourceDescriptionDto) {
    return this.service.update(owner, id, dto);
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Remove a resource (§3.2.4)' })
  @ApiNoContentResponse()
  @HttpCode(204)
  remove(@Pat() owner: PatOwner, @Param('id') id: string) {
    return this.service.remove(owner, id);
  }

  @ApiExcludeEndpoint()
  @All([':id', ''])
  unsupported(): never {
    throw new UnsupportedMethodTypeError('this method is not supported on the resource registration endpoint');
  }
}
