import { Body, Controller, Delete, Get, Header, HttpCode, Post, Query, Res, UseGuards } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiExcludeEndpoint, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags, ApiUnauthorizedResponse, getSchemaPath } from '@nestjs/swagger';
import { OAuthErrorBody, StreamConfigBody, StreamRequestBody, StreamStatusBody, VerifyRequestBody } from '../../api-docs/schemas.js';
import { InvalidRequestError } from '../../common/errors/oauth.errors.js';
import type { Response } from 'express';
import { JsonBodyGuard } from '../../common/guards/json-body.guard.js';
import { AsUrls } from '../core/as-urls.js';
import { Pat, PatGuard } from '../resource-registration/pat.guard.js';
import type { PatOwner } from '../resource-registration/pat.guard.js';
import { SsfStreamService } from './ssf-stream.service.js';
import { CreateStreamDto, VerifyStreamDto } from './stream.dto.js';

/** The AS as a Shared Signals transmitter (SSF 1.0): its metadata, and stream management for banks. */
@ApiTags('Shared Signals (SSF 1.0)')
@ApiBearerAuth('pat')
@ApiUnauthorizedResponse({ type: OAuthErrorBody, description: 'SSF §8: no PAT, or not a bank’s active PAT (uma_protection).' })
@Controller()
export class SsfController {
  constructor(
    private readonly streams: SsfStreamService,
    private readonly urls: AsUrls,
  ) {}

  /** SSF 1.0 §7.2: the well-known name inserted before the issuer's path; §7.1 the fields. */
  @Get('.well-known/ssf-configuration/as')
  @ApiExcludeEndpoint()
  @Header('Cache-Control', 'public, max-age=300')
  metadata() {
    return {
      spec_version: '1_0',
      issuer: this.urls.issuer,
      jwks_uri: this.urls.jwks,
      delivery_methods_supported: ['urn:ietf:rfc:8935'],
      configuration_endpoint: this.urls.ssfStreams,
      status_endpoint: this.urls.ssfStatus,
      verification_endpoint: this.urls.ssfVerify,
      authorization_schemes: [{ spec_urn: 'urn:ietf:rfc:6749' }],
      default_subjects: 'ALL',
    };
  }

  /** §8.1.1.1 create: 201 with the stream's configuration. */
  @Post('as/ssf/streams')
  @ApiOperation({ summary: 'Create this bank’s stream (SSF 1.0 §8.1.1.1; one per bank, pushed under its resource_server)' })
  @ApiBody({ type: StreamRequestBody })
  @ApiCreatedResponse({ type: StreamConfigBody })
  @ApiBadRequestResponse({ type: OAuthErrorBody, description: 'invalid_request (409 when the bank already has its stream).' })
  @UseGuards(PatGuard, JsonBodyGuard)
  @Header('Cache-Control', 'no-store')
  async create(@Pat() owner: PatOwner, @Body() dto: CreateStreamDto, @Res({ passthrough: true }) res: Response) {
    const config = await this.streams.create(owner, dto);
    res.status(201);
    return config;
  }

  /** §8.1.1.2 read: one stream by stream_id, or this receiver's streams. */
  @Get('as/ssf/streams')
  @ApiOperation({ summary: 'Read this bank’s stream by stream_id, or all its streams (SSF 1.0 §8.1.1.2)' })
  @ApiQuery({ name: 'stream_id', required: false })
  @ApiOkResponse({ schema: { oneOf: [{ $ref: getSchemaPath(StreamConfigBody) }, { type: 'array', items: { $ref: getSchemaPath(StreamConfigBody) } }] } })
  @ApiNotFoundResponse({ type: OAuthErrorBody, description: 'No such stream of this bank.' })
  @UseGuards(PatGuard)
  @Header('Cache-Control', 'no-store')
  read(@Pat() owner: PatOwner, @Query('stream_id') streamId: unknown) {
    return this.streams.read(owner, streamId);
  }

  /** §8.1.2.1: the status of the receiver's own stream (another bank's stream is not found). */
  @Get('as/ssf/status')
  @ApiOperation({ summary: 'Read the status of this bank’s own stream (SSF 1.0 §8.1.2.1)' })
  @ApiQuery({ name: 'stream_id', required: true })
  @ApiOkResponse({ type: StreamStatusBody })
  @ApiBadRequestResponse({ type: OAuthErrorBody, description: 'stream_id missing (invalid_request).' })
  @ApiNotFoundResponse({ type: OAuthErrorBody, description: 'No such stream of this bank (another bank’s stream included).' })
  @UseGuards(PatGuard)
  @Header('Cache-Control', 'no-store')
  async status(@Pat() owner: PatOwner, @Query('stream_id') streamId: unknown) {
    if (typeof streamId !== 'string' || !streamId) throw new InvalidRequestError('stream_id is required');
    // §8.1.2: Steward never pauses or disables a stream: one that exists is enabled.
    const stream = (await this.streams.read(owner, streamId)) as { stream_id: string };
    return { stream_id: stream.stream_id, status: 'enabled' };
  }

  /** §8.1.4.2: a verification event on the receiver's own stream; 204. */
  @Post('as/ssf/verify')
  @ApiOperation({ summary: 'Ask for a verification event on this bank’s stream (SSF 1.0 §8.1.4.2)' })
  @ApiBody({ type: VerifyRequestBody })
  @ApiNoContentResponse({ description: 'The verification SET is pushed.' })
  @ApiNotFoundResponse({ type: OAuthErrorBody, description: 'No such stream of this bank.' })
  @UseGuards(PatGuard, JsonBodyGuard)
  @HttpCode(204)
  async verify(@Pat() owner: PatOwner, @Body() dto: VerifyStreamDto): Promise<void> {
    await this.streams.verify(owner, dto);
  }

  /** §8.1.1.5 delete: 204. */
  @Delete('as/ssf/streams')
  @ApiOperation({ summary: 'Delete this bank’s stream (SSF 1.0 §8.1.1.5)' })
  @ApiQuery({ name: 'stream_id', required: true })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiNotFoundResponse({ type: OAuthErrorBody, description: 'No such stream of this bank.' })
  @UseGuards(PatGuard)
  @HttpCode(204)
  async remove(@Pat() owner: PatOwner, @Query('stream_id') streamId: unknown): Promise<void> {
    await this.streams.remove(owner, streamId);
  }
}
