import { Body, Controller, Delete, Get, Header, HttpCode, Post, Query, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { JsonBodyGuard } from '../../common/guards/json-body.guard.js';
import { AsUrls } from '../core/as-urls.js';
import { Pat, PatGuard } from '../resource-registration/pat.guard.js';
import type { PatOwner } from '../resource-registration/pat.guard.js';
import { SsfStreamService } from './ssf-stream.service.js';
import { CreateStreamDto, VerifyStreamDto } from './stream.dto.js';

/** The AS as a Shared Signals transmitter (SSF 1.0): its metadata, and stream management for banks. */
@ApiExcludeController()
@Controller()
export class SsfController {
  constructor(
    private readonly streams: SsfStreamService,
    private readonly urls: AsUrls,
  ) {}

  /** SSF 1.0 §7.2: the well-known name inserted before the issuer's path; §7.1 the fields. */
  @Get('.well-known/ssf-configuration/as')
  @Header('Cache-Control', 'public, max-age=300')
  metadata() {
    return {
      spec_version: '1_0',
      issuer: this.urls.issuer,
      jwks_uri: this.urls.jwks,
      delivery_methods_supported: ['urn:ietf:rfc:8935'],
      configuration_endpoint: this.urls.ssfStreams,
      verification_endpoint: this.urls.ssfVerify,
      authorization_schemes: [{ spec_urn: 'urn:ietf:rfc:6749' }],
      default_subjects: 'ALL',
    };
  }

  /** §8.1.1.1 create: 201 with the stream's configuration. */
  @Post('as/ssf/streams')
  @UseGuards(PatGuard, JsonBodyGuard)
  @Header('Cache-Control', 'no-store')
  async create(@Pat() owner: PatOwner, @Body() dto: CreateStreamDto, @Res({ passthrough: true }) res: Response) {
    const config = await this.streams.create(owner, dto);
    res.status(201);
    return config;
  }

  /** §8.1.1.2 read: one stream by stream_id, or this receiver's streams. */
  @Get('as/ssf/streams')
  @UseGuards(PatGuard)
  @Header('Cache-Control', 'no-store')
  read(@Pat() owner: PatOwner, @Query('stream_id') streamId: unknown) {
    return this.streams.read(owner, streamId);
  }

  /** §8.1.4.2: a verification event on the receiver's own stream; 204. */
  @Post('as/ssf/verify')
  @UseGuards(PatGuard, JsonBodyGuard)
  @HttpCode(204)
  async verify(@Pat() owner: PatOwner, @Body() dto: VerifyStreamDto): Promise<void> {
    await this.streams.verify(owner, dto);
  }

  /** §8.1.1.5 delete: 204. */
  @Delete('as/ssf/streams')
  @UseGuards(PatGuard)
  @HttpCode(204)
  async remove(@Pat() owner: PatOwner, @Query('stream_id') streamId: unknown): Promise<void> {
    await this.streams.remove(owner, streamId);
  }
}
