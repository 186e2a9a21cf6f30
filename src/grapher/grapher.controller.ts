import { Body, Controller, Get, Header, Param, Post, Query, Redirect, Render, Res } from '@nestjs/common';
import type { Response } from 'express';
import { UseSession } from '../common/session/session.decorators.js';
import { AppConfig } from '../config/app-config.js';
import { ChartAssetsService } from './chart-assets.service.js';
import { ExportService } from './export.service.js';
import { CategoryChoiceDto, ConnectDto, PictureQueryDto, TransactionsQueryDto } from './grapher.dto.js';
import { GrapherService } from './grapher.service.js';
import { PictureService } from './picture.service.js';
import { TransactionsService } from './transactions.service.js';
import { CurrentVisit, REMEMBER_COOKIE } from './visit.js';
import type { Visit } from './visit.js';

const REMEMBER_MS = 90 * 24 * 3600 * 1000;

/** Grapher, the new app of the story, at /grapher. */
@Controller('grapher')
@UseSession(() => ({ name: 'grapher', path: '/grapher' }))
export class GrapherController {
  constructor(
    private readonly service: GrapherService,
    private readonly pictures: PictureService,
    private readonly exports: ExportService,
    private readonly assets: ChartAssetsService,
    private readonly transactions: TransactionsService,
    private readonly config: AppConfig,
  ) {}

  @Get()
  @Render('grapher/home')
  home(@CurrentVisit() visit: Visit) {
    return this.service.home(visit);
  }

  /** The "AS" button, and "Reconnect". */
  @Post('connect')
  @Redirect()
  async connect(@CurrentVisit() visit: Visit, @Body() body: ConnectDto) {
    return { url: await this.service.connect(visit, body.issuer), statusCode: 303 };
  }

  @Get('callback')
  @Redirect()
  async callback(@CurrentVisit() visit: Visit, @Query() query: Record<string, unknown>, @Res({ passthrough: true }) res: Response) {
    const { next, signedIn } = await this.service.callback(visit, query);
    res.cookie(REMEMBER_COOKIE, signedIn.rememberKey, { ...this.rememberCookie(), maxAge: REMEMBER_MS });
    return { url: next, statusCode: 303 };
  }

  @Get('picture')
  @Render('grapher/picture')
  @Header('Cache-Control', 'no-store')
  picture(@CurrentVisit() visit: Visit, @Query() query: PictureQueryDto) {
    return this.pictures.page(visit, query.months ?? 12);
  }

  @Get('export.csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="grapher-picture.csv"')
  @Header('Cache-Control', 'no-store')
  exportCsv(@CurrentVisit() visit: Visit, @Query() query: PictureQueryDto) {
    return this.exports.csv(visit, query.months ?? 12);
  }

  @Get('export.json')
  @Header('Content-Disposition', 'attachment; filename="grapher-picture.json"')
  @Header('Cache-Control', 'no-store')
  exportJson(@CurrentVisit() visit: Visit, @Query() query: PictureQueryDto) {
    return this.exports.json(visit, query.months ?? 12);
  }

  /** Every transaction of the period, searchable and filtered by account and category. */
  @Get('transactions')
  @Render('grapher/transactions')
  @Header('Cache-Control', 'no-store')
  transactionList(@CurrentVisit() visit: Visit, @Query() query: TransactionsQueryDto) {
    return this.transactions.page(visit, { ...query, months: query.months ?? 12 });
  }

  /** The person corrects a transaction's category; it counts in every chart and export from then on. */
  @Post('transactions/category')
  @Redirect()
  async chooseCategory(@CurrentVisit() visit: Visit, @Body() body: CategoryChoiceDto) {
    return { url: await this.transactions.choose(visit, body.account, body.transaction_id, body.category, body.back), statusCode: 303 };
  }

  @Get('transactions.csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="grapher-transactions.csv"')
  @Header('Cache-Control', 'no-store')
  transactionsCsv(@CurrentVisit() visit: Visit, @Query() query: TransactionsQueryDto) {
    return this.transactions.csv(visit, { ...query, months: query.months ?? 12 });
  }

  @Get('transactions.json')
  @Header('Content-Disposition', 'attachment; filename="grapher-transactions.json"')
  @Header('Cache-Control', 'no-store')
  transactionsJson(@CurrentVisit() visit: Visit, @Query() query: TransactionsQueryDto) {
    return this.transactions.json(visit, { ...query, months: query.months ?? 12 });
  }

  /** The scripts that make the charts interactive (same origin: the CSP allows no inline script). */
  @Get('assets/:name')
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=3600')
  script(@Param('name') name: string) {
    return this.assets.script(name);
  }

  @Post('disconnect')
  @Redirect()
  async disconnect(@CurrentVisit() visit: Visit, @Res({ passthrough: true }) res: Response) {
    res.clearCookie(REMEMBER_COOKIE, this.rememberCookie());
    return { url: await this.service.disconnect(visit), statusCode: 303 };
  }

  /** HttpOnly, and only for Grapher's paths. */
  private rememberCookie() {
    return { path: '/grapher', httpOnly: true, sameSite: 'lax' as const, secure: this.config.secureCookies };
  }
}
