import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROOT } from './procs.mjs';

function where(url) {
  if (!url) return '';
  const path = url.startsWith('file://') ? fileURLToPath(url) : url;
  const rel = path.startsWith('/') ? relative(ROOT, path) : path;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(rel);
  return pkg ? `${pkg[1]}` : rel;
}

/** Self and total (inclusive) time per function, and self time per package or source file, from a .cpuprofile. */
export function summarise(file, { top = 25, from = -Infinity, to = Infinity } = {}) {
  const prof = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const key = (n) => {
    const f = n.callFrame;
    return `${f.functionName || '(anonymous)'} ${where(f.url)}${f.url ? `:${f.lineNumber + 1}` : ''}`;
  };
  const self = new Map();
  const total = new Map();
  const area = new Map();
  let all = 0;
  let idle = 0;
  let at = prof.startTime;
  prof.samples.forEach((id, i) => {
    at += prof.timeDeltas[i] ?? 0;
    if (at < from || at > to) return;
    const dt = (prof.timeDeltas[i] ?? 0) / 1000;
    const node = byId.get(id);
    if (node.callFrame.functionName === '(idle)') {
      idle += dt;
      return;
    }
    all += dt;
    const k = key(node);
    self.set(k, (self.get(k) ?? 0) + dt);
    const a = where(node.callFrame.url) || node.callFrame.functionName;
    area.set(a, (area.get(a) ?? 0) + dt);
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const ck = key(byId.get(cur));
      if (seen.has(ck)) continue;
      seen.add(ck);
      total.set(ck, (total.get(ck) ?? 0) + dt);
    }
  });
  const rank = (m) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, ms]) => ({ name, ms: Math.round(ms), pct: Math.round((1000 * ms) / all) / 10 }));
  return { busyMs: Math.round(all), idleMs: Math.round(idle), self: rank(self), areas: rank(area), total: rank(total).filter((r) => !r.name.startsWith('(root)')) };
}
