import { Body, Controller, Get, Header, Param, Post, Query, Redirect, Render, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { UseSession } from '../common/session/session.decorators.js';
import type { RequestWithSession } from '../common/session/session.decorators.js';
import { ChartAssetsService } from './chart-assets.service.js';
import { ExportService } from './export.service.js';
import { CategoryChoiceDto, ConnectDto, PictureQueryDto, TransactionsQueryDto } from './grapher.dto.js';
import { GrapherService } from './grapher.service.js';
import { PictureService } from './picture.service.js';
import { TransactionsService } from './transactions.service.js';

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
  ) {}

  @Get()
  @Render('grapher/home')
  home(@Req() req: RequestWithSession) {
    return this.service.home(req);
  }

  /** The "AS" button, and "Reconnect". */
  @Post('connect')
  @Redirect()
  async connect(@Req() req: RequestWithSession, @Body() body: ConnectDto) {
    return { url: await this.service.connect(req, body.issuer), statusCode: 303 };
  }

  @Get('callback')
  @Redirect()
  async callback(@Req() req: RequestWithSession, @Res({ passthrough: true }) res: Response) {
    return { url: await this.service.callback(req, res), statusCode: 303 };
  }

  @Get('picture')
  @Render('grapher/picture')
  @Header('Cache-Control', 'no-store')
  picture(@Req() req: RequestWithSession, @Query() query: PictureQueryDto) {
    return this.pictures.page(req, query.months ?? 12);
  }

  @Get('export.csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="grapher-picture.csv"')
  @Header('Cache-Control', 'no-store')
  exportCsv(@Req() req: RequestWithSession, @Query() query: PictureQueryDto) {
    return this.exports.csv(req, query.months ?? 12);
  }

  @Get('export.json')
  @Header('Content-Disposition', 'attachment; filename="grapher-picture.json"')
  @Header('Cache-Control', 'no-store')
  exportJson(@Req() req: RequestWithSession, @Query() query: PictureQueryDto) {
    return this.exports.json(req, query.months ?? 12);
  }

  /** Every transaction of the period, searchable and filtered by account and category. */
  @Get('transactions')
  @Render('grapher/transactions')
  @Header('Cache-Control', 'no-store')
  transactionList(@Req() req: RequestWithSession, @Query() query: TransactionsQueryDto) {
    return this.transactions.page(req, { ...query, months: query.months ?? 12 });
  }

  /** The person corrects a transaction's category; it counts in every chart and export from then on. */
  @Post('transactions/category')
  @Redirect()
  async chooseCategory(@Req() req: RequestWithSession, @Body() body: CategoryChoiceDto) {
    return { url: await this.transactions.choose(req, body.account, body.transaction_id, body.category, body.back), statusCode: 303 };
  }

  @Get('transactions.csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="grapher-transactions.csv"')
  @Header('Cache-Control', 'no-store')
  transactionsCsv(@Req() req: RequestWithSession, @Query() query: TransactionsQueryDto) {
    return this.transactions.csv(req, { ...query, months: query.months ?? 12 });
  }

  @Get('transactions.json')
  @Header('Content-Disposition', 'attachment; filename="grapher-transactions.json"')
  @Header('Cache-Control', 'no-store')
  transactionsJson(@Req() req: RequestWithSession, @Query() query: TransactionsQueryDto) {
    return this.transactions.json(req, { ...query, months: query.months ?? 12 });
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
  async disconnect(@Req() req: RequestWithSession, @Res({ passthrough: true }) res: Response) {
    return { url: await this.service.disconnect(req, res), statusCode: 303 };
  }
}
