// Steward's guided tour: polls the live trace and the robot's state, draws the sequence diagram.
(() => {
  'use strict';
  const tour = document.getElementById('tour');
  const csrf = tour.dataset.csrf;
  const traceOn = tour.dataset.trace === 'true';
  const traceBox = document.getElementById('trace');
  const diagram = document.getElementById('diagram');
  const reveal = document.getElementById('reveal');
  const LANES = ['browser', 'grapher', 'as', 'intro', 'bank:norma', 'bank:lastish', 'bank:monami', 'bank:astoria'];
  const NAMES = { browser: "Person's browser", grapher: 'Grapher', as: 'AS', intro: 'Intro', 'bank:norma': 'Norma', 'bank:lastish': 'Lastish', 'bank:monami': 'Monami', 'bank:astoria': 'Astoria', 'outside client': 'Outside app' };
  let exchanges = [];
  let lastId = 0;
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

  function renderExchange(e) {
    const ok = e.status > 0 && e.status < 400;
    const summary = el('summary', {},
      el('span', { class: 'seed', text: e.seed || (e.phase ? `Phase ${e.phase}` : '') }),
      el('strong', { text: e.title }),
      el('span', { class: `chan ${e.channel}`, text: e.channel === 'front' ? 'front channel' : 'back channel' }),
      el('span', { class: 'who', text: `${NAMES[e.from] || e.from} → ${NAMES[lane(e.to, e.url)] || e.to}` }),
      el('code', { text: `${e.method} ${e.url}` }),
      el('span', { class: ok ? 'status-ok' : 'status-bad', text: String(e.status || 'no answer') }));
    const req = el('div', {}, el('h4', { text: 'Request' }), el('pre', { text: `${e.method} ${e.url}\n${Object.entries(e.request.headers).map(([k, v]) => `${k}: ${v}`).join('\n')}\n\n${pretty(e.request.body)}` }));
    const res = el('div', {}, el('h4', { text: 'Response' }), el('pre', { text: `${e.status} (${e.durationMs} ms)\n${Object.entries(e.response.headers).map(([k, v]) => `${k}: ${v}`).join('\n')}\n\n${pretty(e.response.body)}` }));
    const body = el('div', { class: 'body' }, req, res);
    if (e.params.length) {
      body.append(el('div', { class: 'params' }, el('h4', { text: 'Parameters' }),
        el('dl', {}, ...e.params.flatMap((p) => [el('dt', {}, el('code', { text: p.name })), el('dd', {}, document.createTextNode(`${p.text} `), el('a', { href: p.url, target: '_blank', rel: 'noopener', text: p.ref }))]))));
    }
    for (const j of e.jwts) {
      body.append(el('div', { class: 'jwt' }, el('h4', { text: `JWT in the ${j.where}: ${j.signature}` }),
        el('pre', { text: `header ${JSON.stringify(j.header)}` }),
        el('table', {}, ...j.claims.map((c) => el('tr', {}, el('th', {}, el('code', { text: c.name })), el('td', {}, el('code', { text: pretty(c.value) })), el('td', { class: 'muted', text: c.meaning || '' }))))));
    }
    const details = el('details', { class: 'ex', 'data-id': String(e.id), 'data-phase': String(e.phase || '') }, summary, body);
    details.addEventListener('toggle', () => { if (details.open) { selected = e.id; drawDiagram(); } });
    return details;
  }

  function renderTrace(fresh) {
    if (!traceBox) return;
    let lastPhase = traceBox.dataset.lastPhase || '';
    for (const e of fresh) {
      const phase = String(e.phase || '');
      if (phase && phase !== lastPhase) {
        traceBox.append(el('h3', { class: 'phase-head', text: `Phase ${phase}` }));
        lastPhase = phase;
      }
      traceBox.append(renderExchange(e));
    }
    traceBox.dataset.lastPhase = lastPhase;
  }

  function drawDiagram() {
    const NS = 'http://www.w3.org/2000/svg';
    const recent = exchanges.slice(-18);
    const w = 760, laneW = w / LANES.length, rowH = 26, top = 40, h = top + recent.length * rowH + 20;
    const svg = document.createElementNS(NS, 'svg');
    svg.setAttribute('viewBox', `0 0 ${w} ${h}`);
    const add = (tag, attrs, text) => { const n = document.createElementNS(NS, tag); for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, v); if (text) n.textContent = text; svg.append(n); return n; };
    add('defs', {}).innerHTML = '<marker id="arr" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#475467"/></marker><marker id="arrh" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#c2410c"/></marker>';
    LANES.forEach((l, i) => {
      const x = laneW * i + laneW / 2;
      add('text', { x, y: 18, 'text-anchor': 'middle', 'font-size': 12, 'font-weight': 600, fill: '#1d2430' }, NAMES[l]);
      add('line', { x1: x, y1: 26, x2: x, y2: h - 8, stroke: '#d0d5dd', 'stroke-dasharray': '4 4' });
    });
    const current = selected ?? (recent.length ? recent[recent.length - 1].id : null);
    recent.forEach((e, i) => {
      const from = LANES.indexOf(lane(e.from, ''));
      const to = LANES.indexOf(lane(e.to, e.url));
      if (from < 0 || to < 0) return;
      const y = top + i * rowH + 12;
      const x1 = laneW * from + laneW / 2, x2 = laneW * to + laneW / 2;
      const hot = e.id === current;
      add('line', { x1, y1: y, x2: x2 + (x2 > x1 ? -3 : 3), y2: y, stroke: hot ? '#c2410c' : e.status >= 400 || !e.status ? '#b42318' : '#475467', 'stroke-width': hot ? 3 : 1.4, 'stroke-dasharray': e.channel === 'back' ? '' : '6 3', 'marker-end': hot ? 'url(#arrh)' : 'url(#arr)' });
      add('text', { x: (x1 + x2) / 2, y: y - 4, 'text-anchor': 'middle', 'font-size': 10, fill: hot ? '#c2410c' : '#344054' }, `${e.seed ? e.seed + ' ' : ''}${e.method} ${e.url.split('?')[0]} ${e.status || ''}`);
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
  }

  async function pollTrace(full) {
    if (!traceOn) return;
    if (full) { lastId = 0; exchanges = []; traceBox.replaceChildren(); traceBox.dataset.lastPhase = ''; }
    const data = await api('GET', `/demo/api/trace?after=${lastId}&reveal=${reveal && reveal.checked ? 1 : 0}`);
    if (data.exchanges.length) {
      exchanges.push(...data.exchanges);
      lastId = data.exchanges[data.exchanges.length - 1].id;
      renderTrace(data.exchanges);
      if (!selected) drawDiagram();
    }
  }

  async function pollTour() { highlightStep(await api('GET', '/demo/api/tour')); }

  document.querySelectorAll('[data-tour]').forEach((b) => b.addEventListener('click', async () => {
    highlightStep(await api('POST', `/demo/api/tour/${b.dataset.tour}`));
    await pollTrace(false);
  }));
  document.querySelectorAll('[data-scenario]').forEach((b) => b.addEventListener('click', async () => {
    const box = document.getElementById(`scenario-${b.dataset.scenario}`);
    box.className = 'scenario-result'; box.textContent = 'Running…';
    const r = await api('POST', `/demo/api/scenarios/${b.dataset.scenario}`);
    box.className = `scenario-result ${r.passed ? 'pass' : 'fail'}`;
    box.textContent = `${r.passed ? '✓ Protected' : '✗ Not shown'} — ${r.observed}`;
    await pollTrace(false);
  }));
  const resetButton = document.querySelector('[data-reset]');
  resetButton.addEventListener('click', async () => {
    if (!window.confirm('Reset the demo to its first state?')) return;
    await api('POST', '/demo/api/reset');
    window.location.reload();
  });
  if (reveal) reveal.addEventListener('change', () => pollTrace(true));

  setInterval(() => { pollTrace(false); pollTour(); }, 1000);
  pollTrace(true); pollTour();
})();
