// Builds Steward into dist/ with SWC — a transpiler only, about a second for the whole tree — and,
// with --run or --watch, starts it. Types are checked by `npm test` / `npm run typecheck` (tsc), not here.
// SWC keeps what Nest's dependency injection needs: legacy decorators with emitted design:paramtypes
// (tsconfig's experimentalDecorators + emitDecoratorMetadata).
//   node .ci/build.mjs           build dist/ (npm run build)
//   node .ci/build.mjs --run     build, then run dist/src/main.js (npm start; LOG_FORMAT=pretty unless set)
//   node .ci/build.mjs --watch   build, run, rebuild changed files and restart (npm run start:dev)
import { transformFile } from '@swc/core';
import { spawn } from 'node:child_process';
import { HEAP_FLAGS } from './node-flags.mjs';
import { watch } from 'node:fs';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = join(root, 'dist');
const SKIP = /\.(spec|fixtures)\.ts$|\.d\.ts$/;
const SWC = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: true },
    target: 'es2022',
    keepClassNames: true,
  },
  module: { type: 'es6' },
  sourceMaps: true,
};

async function compile(file) {
  const dest = join(out, relative(root, file)).replace(/\.ts$/, '.js');
  const { code, map } = await transformFile(file, { ...SWC, filename: file, sourceFileName: relative(dirname(dest), file) });
  await mkdir(dirname(dest), { recursive: true });
  await writeFile(dest, `${code}\n//# sourceMappingURL=${basename(dest)}.map\n`);
  await writeFile(`${dest}.map`, map);
}

async function build() {
  const started = Date.now();
  await rm(out, { recursive: true, force: true });
  const files = (await readdir(join(root, 'src'), { recursive: true })).filter((f) => f.endsWith('.ts') && !SKIP.test(f)).map((f) => join(root, 'src', f));
  files.push(join(root, 'ormconfig.ts'));
  await Promise.all(files.map(compile));
  console.log(`Built ${files.length} files into dist/ in ${Date.now() - started} ms (SWC; types are checked by npm test).`);
}

function run(extra = []) {
  const env = { ...process.env, LOG_FORMAT: process.env.LOG_FORMAT ?? 'pretty' };
  const child = spawn(process.execPath, ['--enable-source-maps', ...HEAP_FLAGS, ...extra, join(out, 'src', 'main.js')], { stdio: 'inherit', env });
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

const mode = process.argv[2];
try {
  await build();
} catch (err) {
  console.error(`Build failed: ${err.message ?? err}`);
  process.exit(1);
}
if (mode === '--run') run();
if (mode === '--watch') {
  // Node restarts the app whenever dist/ changes; SWC rewrites only the file that changed.
  run(['--watch-path', join(out, 'src')]);
  watch(join(root, 'src'), { recursive: true }, (_event, name) => {
    if (!name || !name.endsWith('.ts') || SKIP.test(name)) return;
    compile(join(root, 'src', name)).catch((err) => console.error(`Build failed: ${err.message ?? err}`));
  });
}
