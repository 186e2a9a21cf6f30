import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import Handlebars from 'handlebars';

/** The views/ folder at the project root, found from here whether running from src/ or dist/. */
export function viewsDir(): string {
  let dir = import.meta.dirname;
  while (dir !== dirname(dir)) {
    if (existsSync(join(dir, 'views', 'layout.hbs'))) return join(dir, 'views');
    dir = dirname(dir);
  }
  throw new Error('views/layout.hbs not found above ' + import.meta.dirname);
}

type Options = Record<string, unknown> & { layout?: string | false; settings?: unknown; _locals?: unknown; cache?: boolean };

/**
 * Express view engine: views/<name>.hbs rendered into views/layout.hbs.
 * Handlebars escapes every {{value}}; only {{{svg}}} from the chart library is inserted raw.
 */
export function createHandlebarsEngine(root = viewsDir()) {
  const hbs = Handlebars.create();
  const cache = new Map<string, Handlebars.TemplateDelegate>();

  const partialsDir = join(root, 'partials');
  if (existsSync(partialsDir)) {
    for (const file of readdirSync(partialsDir).filter((f) => f.endsWith('.hbs'))) {
      hbs.registerPartial(file.replace(/\.hbs$/, ''), readFileSync(join(partialsDir, file), 'utf8'));
    }
  }
  hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hbs.registerHelper('money', (value: unknown, currency: unknown) => {
    if (typeof value !== 'number') return '';
    const code = typeof currency === 'string' && /^[A-Z]{3}$/.test(currency) ? currency : 'USD';
    return new Intl.NumberFormat('en-US', { style: 'currency', currency: code }).format(value);
  });
  hbs.registerHelper('json', (value: unknown) => JSON.stringify(value, null, 2));

  const compile = (file: string) => {
    let tpl = cache.get(file);
    if (!tpl) {
      tpl = hbs.compile(readFileSync(file, 'utf8'), { strict: false });
      cache.set(file, tpl);
    }
    return tpl;
  };

  return (filePath: string, options: Options, done: (err: Error | null, html?: string) => void): void => {
    try {
      const { settings: _s, _locals: _l, cache: _c, ...data } = options;
      const body = compile(resolve(filePath))(data);
      if (options.layout === false) return done(null, body);
      const layout = join(root, `${options.layout ?? 'layout'}.hbs`);
      const view = relative(root, filePath).replace(/\.hbs$/, '');
      done(null, compile(layout)({ ...data, body, view }));
    } catch (err) {
      done(err as Error);
    }
  };
}
