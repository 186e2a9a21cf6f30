import { Injectable, NotFoundException } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { viewsDir } from '../common/views/handlebars-engine.js';

/**
 * The two scripts that make the server-drawn charts interactive: ECharts' own SSR client (hover and
 * click events on the inlined SVG) and Grapher's tooltip on top of it. Without them the page still reads.
 */
@Injectable()
export class ChartAssetsService {
  private readonly scripts: Map<string, string>;

  constructor() {
    const require = createRequire(import.meta.url);
    this.scripts = new Map([
      ['echarts-ssr-client.js', readFileSync(require.resolve('echarts/ssr/client/index'), 'utf8')],
      ['picture.js', readFileSync(join(viewsDir(), 'grapher', 'picture.client.js'), 'utf8')],
    ]);
  }

  script(name: string): string {
    const body = this.scripts.get(name);
    if (body === undefined) throw new NotFoundException('no such asset');
    return body;
  }
}
