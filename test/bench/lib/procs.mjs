import { HEAP_FLAGS } from '../../../.ci/node-flags.mjs';
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('..', import.meta.url));
export const ROOT = join(here, '..', '..');
export const OUT = join(ROOT, '.bench');

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Resident set size of a process, in MiB: now, and its peak so far (Linux /proc). */
export function memoryOf(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMiB: kb('VmRSS') / 1024, peakMiB: kb('VmHWM') / 1024 };
  } catch {
    return { rssMiB: NaN, peakMiB: NaN };
  }
}

const TICKS_PER_S = Number(spawnSync('getconf', ['CLK_TCK']).stdout?.toString().trim()) || 100;

/** CPU time a process has used so far, user and system, all its threads, in ms (Linux /proc; 10 ms ticks). */
export function cpuMsOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields[0] is field 3, state
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_S;
  } catch {
    return NaN;
  }
}

const CONFIG_VARS = ['PORT', 'PUBLIC_URL', 'DB_PATH', 'DATABASE_URL', 'GRAPHER_SECRET_KEY', 'TRACE', 'TRACE_SIZE', 'DEMO', 'TRUSTED_LOCAL_ORIGINS', 'BANK_TOKEN_RECHECK_SECONDS', 'EXTRA_DEMO_BANKS'];

const SCRIPTS = { steward: 'server.mjs', bare: 'bare-server.mjs', peer: 'peer-server.mjs', nest: 'nest-bare-server.mjs', stewardFastify: 'fastify-server.mjs' };

/**
 * Pinning: every server on the last core, this process (the load generator) on the first, so that a server
 * gets one core to itself as far as the rest of the machine allows, and every server the same one.
 * Off with --no-pin, or where there is no `taskset` or a single core.
 */
export const pinning = { server: undefined };
export function pin(enabled, nproc) {
  if (!enabled || nproc < 2 || spawnSync('taskset', ['-V']).status !== 0) return false;
  if (spawnSync('taskset', ['-a', '-p', '-c', '0', String(process.pid)], { stdio: 'ignore' }).status !== 0) return false;
  pinning.server = String(nproc - 1);
  return true;
}

/**
 * Starts a server in a child process on 127.0.0.1 and waits for its first answered request.
 * `kind` is 'steward' (the built app, fresh SQLite file, or the database `env.DATABASE_URL` names), 'bare' (node:http), 'peer' (node-oidc-provider) or
 * 'nest' (a bare Nest app on BENCH_PLATFORM).
 * `root`: another checkout whose built app to run (the bench's --against), this one by default.
 */
export async function startServer(name, { kind = 'steward', env = {}, cpuProf = false, probe = '/healthz', keepDb = false, root = ROOT } = {}) {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  mkdirSync(join(OUT, 'tmp'), { recursive: true });
  mkdirSync(join(OUT, 'logs'), { recursive: true });
  const dbPath = join(OUT, 'tmp', `${name}.sqlite`);
  if (!keepDb) for (const suffix of ['', '-wal', '-shm']) rmSync(dbPath + suffix, { force: true });
  const childEnv = { ...process.env };
  for (const k of CONFIG_VARS) delete childEnv[k];
  // CLIENT_PROFILE=plain: the banks keep a client secret, so introspection is measured with client_secret_basic,
  // as node-oidc-provider's peer path is (a FAPI bank's private_key_jwt adds an ES256 verify and a jti write per
  // call). The cost of DPoP at a bank is its own path (--paths=dpop), with a DPoP-bound token.
  Object.assign(childEnv, { NODE_ENV: 'production', PORT: String(port), PUBLIC_URL: baseUrl, DB_PATH: dbPath, TRACE: 'off', DEMO: 'off', CLIENT_PROFILE: 'plain' }, env);
  const execArgv = cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${join(OUT, 'profiles')}`, `--cpu-prof-name=${name}.cpuprofile`] : [];
  // The peer's and the bare Nest apps' scripts are this checkout's (an --against checkout need not have them).
  const script = join(kind === 'steward' ? root : ROOT, 'test', 'bench', SCRIPTS[kind]);
  // Steward's servers run with the flags `npm start` gives them (.ci/node-flags.mjs).
  const node = [process.execPath, ...(kind.startsWith('steward') ? HEAP_FLAGS : []), ...execArgv, script];
  const [cmd, ...argv] = pinning.server ? ['taskset', '-c', pinning.server, ...node] : node;
  const started = performance.now();
  const child = spawn(cmd, argv, { cwd: root, env: childEnv, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  const log = createWriteStream(join(OUT, 'logs', `${name}.log`));
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  let exited = false;
  const exit = new Promise((resolve) => child.once('exit', (code) => ((exited = true), resolve(code))));

  let startupMs;
  for (;;) {
    if (exited) throw new Error(`${name} exited during start-up; see .bench/logs/${name}.log`);
    if (performance.now() - started > 240_000) throw new Error(`${name} did not answer within 240 s`);
    try {
      const res = await fetch(baseUrl + probe, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      if (res.status === 200) {
        startupMs = performance.now() - started;
        break;
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  await new Promise((r) => setTimeout(r, 200)); // let start-up garbage settle before reading RSS
  const afterStart = memoryOf(child.pid);
  return {
    name,
    port,
    baseUrl,
    dbPath,
    databaseUrl: childEnv.DATABASE_URL,
    pid: child.pid,
    startupMs,
    afterStart,
    memory: () => memoryOf(child.pid),
    cpuMs: () => cpuMsOf(child.pid),
    /** The child's monotonic clock in µs, the time base of its CPU profile samples. */
    clock: () =>
      new Promise((resolve) => {
        const on = (m) => {
          if (m && typeof m.clock === 'number') {
            child.off('message', on);
            resolve(m.clock);
          }
        };
        child.on('message', on);
        child.send('clock');
      }),
    /** The child's process.memoryUsage() (Steward's server only), in bytes. */
    heap: () =>
      new Promise((resolve) => {
        const on = (m) => {
          if (m && m.heap) {
            child.off('message', on);
            resolve(m.heap);
          }
        };
        child.on('message', on);
        child.send('heap');
      }),
    async stop() {
      if (exited) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exit;
      clearTimeout(timer);
    },
  };
}
