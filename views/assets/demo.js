// Steward's guided tour: follows the live trace and the robot's state, draws the sequence diagram.
// The trace is fetched a page at a time from the last cursor (only what is new), one fetch at a time.
(() => {
  'use strict';
  const tour = document.getElementById('tour');
  const csrf = tour.dataset.csrf;
  const traceOn = tour.dataset.trace === 'true';
  const traceBox = document.getElementById('trace');
  const diagram = document.getElementById('diagram');
  const reveal = document.getElementById('reveal');
  const filterBar = document.getElementById('trace-filter');
  const LANES = ['browser', 'grapher', 'as', 'intro', 'bank:norma', 'bank:lastish', 'bank:monami', 'bank:astoria'];
  const NAMES = { browser: "Person's browser", grapher: 'Grapher', as: 'AS', intro: 'Intro', 'bank:norma': 'Norma', 'bank:lastish': 'Lastish', 'bank:monami': 'Monami', 'bank:astoria': 'Astoria', 'outside client': 'Outside app' };
  const PHASES = { 1: 'Phase 1 · Resource Registration', 2: 'Phase 2 · Authorization', 3: 'Phase 3 · Get Data', 4: 'Phase 4 · Service Provision', '': 'Outside the four phases' };
  let exchanges = [];
  let cursor = 0;
  let generation = 0;
  let inflight = null;
  const seen = new Set();
  let group = null; // the newest phase group: { details, rows, count, phase, openedByHand }
  let selected = null;

  const el = (tag, attrs = {}, ...children) => {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (k === 'class') node.className = v;
      else if (k === 'text') node.textContent = v;
      else node.setAttribute(k, v);
    }
    for (const c of children) if (c) node.append(c);
    return node;
  };
  const pretty = (v) => (v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v, null, 2));
  const lane = (party, url) => (party === 'as' && url.startsWith('/as/intro') ? 'intro' : party === 'outside client' ? 'browser' : party);

  async function api(method, path) {
    const res = await fetch(path, { method, headers: { accept: 'application/json', 'x-csrf-token': csrf } });
    return res.json();
  }

  /** The body of an exchange, built only when it is opened: a long trace stays light. */
  function exchangeBody(e) {
    const req = el('div', {}, el('h4', { text: 'Request' }), el('pre', { text: `${e.method} ${e.url}\n${Object.entries(e.request.headers).map(([k, v]) => `${k}: ${v}`).join('\n')}\n\n${pretty(e.request.body)}` }));
    const res = el('div', {}, el('h4', { text: 'Response' }), el('pre', { text: `${e.status} (${e.durationMs} ms)\n${Object.entries(e.response.headers).map(([k, v]) => `${k}: ${v}`).join('\n')}\n\n${pretty(e.response.body)}` }));
    const body = el('div', { class: 'body' }, req, res);
    if (e.params.length) {
      body.append(el('div', { class: 'params' }, el('h4', { text: 'Parameters' }),
        el('dl', {}, ...e.params.flatMap((p) => [el('dt', {}, el('code', { text: p.name })), el('dd', {}, document.createTextNode(`${p.text} `), el('a', { href: p.url, target: '_blank', rel: 'noopener', text: p.ref }))]))));
    }
    for (const j of e.jwts) {
      body.append(el('div', { class: 'jwt' }, el('h4', { text: `JWT in the ${j.where}: ${j.signature}` }),
        ...(j.note ? [el('p', { class: 'muted', text: j.note })] : []),
        el('pre', { text: `header ${JSON.stringify(j.header)}` }),
        el('table', {}, ...j.claims.map((c) => el('tr', {}, el('th', {}, el('code', { text: c.name })), el('td', {}, el('code', { text: pretty(c.value) })), el('td', { class: 'muted', text: c.meaning || '' }))))));
    }
    return body;
  }

  function renderExchange(e) {
    const ok = e.status > 0 && e.status < 400;
    const summary = el('summary', {},
      el('span', { class: 'seed', text: e.seed || (e.phase ? `Phase ${e.phase}` : '') }),
      el('strong', { text: e.title }),
      el('span', { class: `chan ${e.channel}`, text: e.channel === 'front' ? 'front channel' : 'back channel' }),
      el('span', { class: 'who', text: `${NAMES[e.from] || e.from} → ${NAMES[lane(e.to, e.url)] || e.to}` }),
      el('code', { text: `${e.method} ${e.url}` }),
      el('span', { class: ok ? 'status-ok' : 'status-bad', text: String(e.status || 'no answer') }));
    const details = el('details', { class: 'ex', id: `ex-${e.id}`, 'data-id': String(e.id), 'data-phase': String(e.phase || '') }, summary);
    details.addEventListener('toggle', () => {
      if (!details.open) return;
      if (details.childElementCount === 1) details.append(exchangeBody(e));
      selected = e.id;
      drawDiagram();
    });
    return details;
  }

  /** A run of exchanges of one phase: one line when closed; only the newest run is open. */
  function newGroup(phase) {
    if (group && !group.openedByHand) group.details.open = false;
    const count = el('span', { class: 'count muted' });
    const details = el('details', { class: 'phase-group', 'data-phase': phase, open: '' }, el('summary', {}, el('strong', { text: PHASES[phase] || `Phase ${phase}` }), count));
    const rows = el('div', { class: 'rows' });
    details.append(rows);
    const g = { details, rows, count, phase, n: 0, openedByHand: false };
    details.querySelector('summary').addEventListener('click', () => { g.openedByHand = !details.open; });
    traceBox.append(details);
    group = g;
    return g;
  }

  function renderTrace(fresh) {
    const atBottom = traceBox.scrollTop + traceBox.clientHeight >= traceBox.scrollHeight - 40;
    for (const e of fresh) {
      const phase = String(e.phase || '');
      if (!group || (phase && phase !== group.phase) || (!phase && group.phase !== '')) newGroup(phase);
      group.rows.append(renderExchange(e));
      group.n++;
      group.count.textContent = `${group.n} ${group.n === 1 ? 'exchange' : 'exchanges'}`;
    }
    applyFilter();
    if (atBottom) traceBox.scrollTop = traceBox.scrollHeight;
  }

  function drawDiagram() {
    if (!diagram) return;
    const NS = 'http://www.w3.org/2000/svg';
    const at = selected ? exchanges.findIndex((e) => e.id === selected) : -1;
    const end = at >= 0 ? Math.min(exchanges.length, at + 7) : exchanges.length;
    const recent = exchanges.slice(Math.max(0, end - 14), end);
    // Drawn at its own size (1 unit = 1 px), wide enough for eight lanes at 1280 px: 13–14 px text.
    const w = 1000, margin = 72, laneW = (w - 2 * margin) / (LANES.length - 1), rowH = 30, top = 46, h = top + recent.length * rowH + 16;
    const svg = document.createElementNS(NS, 'svg');
    svg.setAttribute('viewBox', `0 0 ${w} ${h}`);
    svg.setAttribute('width', String(w));
    svg.setAttribute('height', String(h));
    const add = (tag, attrs, text) => { const n = document.createElementNS(NS, tag); for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, v); if (text) n.textContent = text; svg.append(n); return n; };
    add('defs', {}).innerHTML = '<marker id="arr" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#475467"/></marker><marker id="arrh" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#c2410c"/></marker>';
    const x = (i) => margin + laneW * i;
    LANES.forEach((l, i) => {
      add('text', { class: 'lane', x: x(i), y: 20, 'text-anchor': 'middle', 'font-size': 14, 'font-weight': 600, fill: '#1d2430' }, NAMES[l]);
      add('line', { x1: x(i), y1: 30, x2: x(i), y2: h - 6, stroke: '#d0d5dd', 'stroke-dasharray': '4 4' });
    });
    const current = selected ?? (recent.length ? recent[recent.length - 1].id : null);
    recent.forEach((e, i) => {
      const from = LANES.indexOf(lane(e.from, ''));
      const to = LANES.indexOf(lane(e.to, e.url));
      if (from < 0 || to < 0) return;
      const y = top + i * rowH + 16;
      const x1 = x(from), x2 = x(to);
      const hot = e.id === current;
      add('line', { x1, y1: y, x2: x2 + (x2 > x1 ? -3 : 3), y2: y, stroke: hot ? '#c2410c' : e.status >= 400 || !e.status ? '#b42318' : '#475467', 'stroke-width': hot ? 3 : 1.5, 'stroke-dasharray': e.channel === 'back' ? '' : '6 3', 'marker-end': hot ? 'url(#arrh)' : 'url(#arr)' });
      const path = e.url.split('?')[0];
      const label = `${e.seed ? e.seed + ' ' : ''}${e.method} ${path.length > 44 ? path.slice(0, 43) + '…' : path} ${e.status || ''}`;
      // Beside the arrow's start, on a white halo so the lifelines never run through the letters.
      const anchor = x2 >= x1 ? 'start' : 'end';
      const tx = Math.min(Math.max(x1 + (x2 >= x1 ? 6 : -6), 4), w - 4);
      const t = add('text', { class: 'msg', x: tx, y: y - 6, 'text-anchor': anchor, 'font-size': 13, fill: hot ? '#c2410c' : '#344054', stroke: '#fff', 'stroke-width': 4, 'paint-order': 'stroke', 'font-weight': hot ? 700 : 400 }, label);
      add('title', {}, `${e.method} ${e.url} → ${e.status}`);
      t.append(svg.lastChild);
    });
    diagram.replaceChildren(svg);
  }

  function highlightStep(state) {
    document.querySelectorAll('.steps li').forEach((li) => {
      const i = Number(li.dataset.step);
      li.classList.toggle('done', i < state.next - 1 || state.done);
      li.classList.toggle('current', !state.done && i === Math.max(0, state.next - 1) && state.log.length > 0);
    });
    const last = state.log[state.log.length - 1];
    document.getElementById('tour-status').textContent = state.error ? `Stopped: ${state.error}` : state.done ? 'The story is complete.' : state.playing ? `Playing… ${last ? last.title : ''}` : last ? `Paused after: ${last.title} (${last.status})` : 'Ready.';
    const link = document.getElementById('robot-picture');
    if (link) link.hidden = !state.picture;
  }

  /** Only what is new since the cursor, page by page; never two fetches at once. */
  function pollTrace() {
    if (!traceOn) return Promise.resolve();
    if (inflight) return inflight;
    const gen = generation;
    inflight = (async () => {
      try {
        for (let more = true; more && gen === generation; ) {
          const data = await api('GET', `/demo/api/trace?since=${cursor}&reveal=${reveal && reveal.checked ? 1 : 0}`);
          if (gen !== generation) return;
          const fresh = data.exchanges.filter((e) => !seen.has(e.id));
          for (const e of fresh) seen.add(e.id);
          cursor = data.cursor;
          more = data.more;
          if (fresh.length) {
            exchanges.push(...fresh);
            renderTrace(fresh);
            if (!selected) drawDiagram();
          }
        }
      } finally {
        inflight = null;
      }
    })();
    return inflight;
  }

  /** Starts the trace again from the beginning (Reveal secrets changes every exchange). */
  async function reloadTrace() {
    generation++;
    if (inflight) await inflight.catch(() => {});
    cursor = 0; exchanges = []; seen.clear(); group = null; selected = null;
    traceBox.replaceChildren();
    await pollTrace();
  }

  /** "See its exchanges": the trace shows only the ids from–to until "Show all". */
  let filter = null;
  function applyFilter() {
    if (!traceBox) return;
    traceBox.classList.toggle('filtered', !!filter);
    if (!filter) return;
    traceBox.querySelectorAll('details.ex').forEach((d) => { const id = Number(d.dataset.id); d.classList.toggle('picked', id >= filter.from && id <= filter.to); });
    traceBox.querySelectorAll('details.phase-group').forEach((g) => { const any = !!g.querySelector('.picked'); g.classList.toggle('has-picked', any); if (any) g.open = true; });
  }
  function showExchanges(from, to, title) {
    filter = { from, to };
    applyFilter();
    if (filterBar) {
      filterBar.hidden = false;
      filterBar.querySelector('.what').textContent = `Showing the ${to - from + 1} exchanges of "${title}".`;
    }
    document.getElementById('live-trace').scrollIntoView({ behavior: 'instant', block: 'start' });
  }
  if (filterBar) filterBar.querySelector('button').addEventListener('click', () => { filter = null; filterBar.hidden = true; applyFilter(); });

  async function pollTour() { highlightStep(await api('GET', '/demo/api/tour')); }

  document.querySelectorAll('[data-tour]').forEach((b) => b.addEventListener('click', async () => {
    highlightStep(await api('POST', `/demo/api/tour/${b.dataset.tour}`));
    await pollTrace();
  }));
  document.querySelectorAll('[data-scenario]').forEach((b) => b.addEventListener('click', async () => {
    const box = document.getElementById(`scenario-${b.dataset.scenario}`);
    box.className = 'scenario-result'; box.textContent = 'Running…';
    const r = await api('POST', `/demo/api/scenarios/${b.dataset.scenario}`);
    box.className = `scenario-result ${r.passed ? 'pass' : 'fail'}`;
    box.textContent = `${r.passed ? '✓ Protected' : '✗ Not shown'} — ${r.observed} `;
    if (r.trace && traceOn) {
      const n = r.trace.to - r.trace.from + 1;
      const link = el('a', { href: '#live-trace', class: 'trace-link', text: `See its ${n} ${n === 1 ? 'exchange' : 'exchanges'} in the trace` });
      link.addEventListener('click', async (ev) => { ev.preventDefault(); await pollTrace(); showExchanges(r.trace.from, r.trace.to, r.title); });
      box.append(link);
    }
    await pollTrace();
  }));
  const resetButton = document.querySelector('[data-reset]');
  resetButton.addEventListener('click', async () => {
    if (!window.confirm('Reset the demo to its first state?')) return;
    await api('POST', '/demo/api/reset');
    window.location.reload();
  });
  if (reveal) reveal.addEventListener('change', () => reloadTrace());

  async function loop() {
    try { await Promise.all([pollTrace(), pollTour()]); } catch { /* the next round tries again */ }
    setTimeout(loop, 1000);
  }
  loop();
})();
