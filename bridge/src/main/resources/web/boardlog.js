// The board's log, one panel per board (websocket-api.md "log", GET /api/devices/{d}/log): level colours, pause,
// filter by text and level, download. Registers through window.hilbridgePage only; app.js owns the connection.
// Each board keeps at most MAX_LINES lines here and in the DOM (older ones go), ordered and de-duplicated by seq.
(() => {
  'use strict';
  const page = window.hilbridgePage;
  if (!page) return;
  const MAX_LINES = 500;
  const LEVELS = ['error', 'warn', 'info', 'debug']; // most to least severe
  const token = new URLSearchParams(location.search).get('token');
  const boards = new Map(); // device id -> { lines: [], panel, paused, waiting }

  function board(id) {
    if (!boards.has(id)) boards.set(id, { lines: [], panel: null, paused: false, waiting: 0, dropped: 0 });
    return boards.get(id);
  }

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }

  // ------------------------------------------------------------------ the panel

  function buildPanel(id, extras) {
    const b = board(id);
    const box = el('section', 'boardlog');
    const titleId = 'boardlog-' + String(id).replace(/[^A-Za-z0-9_-]/g, '_');
    box.setAttribute('aria-labelledby', titleId);
    const title = el('h3', 'boardlog-title', 'Board log');
    title.id = titleId;
    const bar = el('div', 'boardlog-bar');
    const filter = el('input', 'boardlog-filter');
    filter.type = 'search';
    filter.placeholder = 'Filter text';
    filter.setAttribute('aria-label', 'Filter the log of ' + id + ' by text');
    const level = el('select', 'boardlog-level');
    level.setAttribute('aria-label', 'Lowest level shown for ' + id);
    for (const l of ['debug', 'info', 'warn', 'error']) {
      const o = el('option', null, l === 'debug' ? 'all levels' : l + ' and worse');
      if (l === 'error') o.textContent = 'errors only';
      o.value = l;
      level.appendChild(o);
    }
    const pause = el('button', 'boardlog-pause', 'Pause');
    pause.type = 'button';
    pause.setAttribute('aria-pressed', 'false');
    const download = el('button', 'boardlog-download', 'Download');
    download.type = 'button';
    const status = el('span', 'boardlog-status');
    status.setAttribute('role', 'status');
    bar.append(filter, level, pause, download, status);
    const list = el('ol', 'boardlog-lines');
    list.setAttribute('aria-label', 'Log lines of ' + id);
    list.tabIndex = 0; // scrollable by keyboard
    box.append(title, bar, list);
    extras.appendChild(box);
    b.panel = { box, filter, level, pause, list, status };

    filter.addEventListener('input', () => render(id));
    level.addEventListener('change', () => render(id));
    pause.addEventListener('click', () => {
      b.paused = !b.paused;
      pause.setAttribute('aria-pressed', String(b.paused));
      pause.textContent = b.paused ? 'Resume' : 'Pause';
      if (!b.paused) render(id);
      showStatus(id);
    });
    download.addEventListener('click', () => save(id));
    render(id);
  }

  function shown(p, line) {
    if (LEVELS.indexOf(line.level) > LEVELS.indexOf(p.level.value)) return false;
    const f = p.filter.value.trim().toLowerCase();
    return !f || line.text.toLowerCase().includes(f);
  }

  function lineEl(line) {
    const li = el('li', 'lvl-' + line.level + ' src-' + line.source);
    li.dataset.seq = line.seq;
    const time = el('time', 'boardlog-time', clock(line.time));
    time.dateTime = line.time;
    li.append(time, el('span', 'boardlog-lvl', line.level), ' ');
    if (line.source === 'boot') li.append(el('span', 'boardlog-src', 'boot'), ' ');
    li.append(el('span', 'boardlog-text', line.text));
    return li;
  }

  // The bridge's UTC time as this browser's local wall clock, to the millisecond.
  function clock(iso) {
    const d = new Date(iso);
    const p = (n, w = 2) => String(n).padStart(w, '0');
    return p(d.getHours()) + ':' + p(d.getMinutes()) + ':' + p(d.getSeconds()) + '.' + p(d.getMilliseconds(), 3);
  }

  function render(id) {
    const b = board(id);
    const p = b.panel;
    if (!p || b.paused) return;
    b.waiting = 0;
    const frag = document.createDocumentFragment();
    for (const line of b.lines) if (shown(p, line)) frag.appendChild(lineEl(line));
    p.list.replaceChildren(frag);
    p.list.scrollTop = p.list.scrollHeight;
    showStatus(id);
  }

  function showStatus(id) {
    const b = board(id);
    const p = b.panel;
    if (!p) return;
    let s = b.lines.length + ' lines';
    if (b.dropped) s += ' · ' + b.dropped + ' skipped while this page was behind';
    if (b.paused) s += ' · paused' + (b.waiting ? ', ' + b.waiting + ' new' : '');
    p.status.textContent = s;
  }

  // ------------------------------------------------------------------ lines in

  // Adds lines (any order, maybe known already): kept sorted by seq, at most MAX_LINES.
  function merge(id, lines) {
    const b = board(id);
    const last = b.lines.length ? b.lines[b.lines.length - 1].seq : 0;
    const fresh = lines.filter(l => l.seq > last);
    if (fresh.length === lines.length && fresh.every((l, i) => i === 0 || l.seq > fresh[i - 1].seq)) {
      b.lines.push(...fresh); // the usual case: newer lines at the end
      const extra = b.lines.length - MAX_LINES;
      if (extra > 0) b.lines.splice(0, extra);
      appendLive(id, fresh, extra);
      return;
    }
    const bySeq = new Map(b.lines.map(l => [l.seq, l]));
    for (const l of lines) bySeq.set(l.seq, l);
    b.lines = [...bySeq.values()].sort((x, y) => x.seq - y.seq).slice(-MAX_LINES);
    render(id);
  }

  function appendLive(id, fresh, removed) {
    const b = board(id);
    const p = b.panel;
    if (!p) return;
    if (b.paused) { b.waiting += fresh.length; showStatus(id); return; }
    const atEnd = p.list.scrollTop + p.list.clientHeight >= p.list.scrollHeight - 4;
    for (const line of fresh) if (shown(p, line)) p.list.appendChild(lineEl(line));
    // Bounded DOM: drop the rows of lines that left the model.
    const oldest = b.lines.length ? b.lines[0].seq : Infinity;
    while (removed > 0 && p.list.firstElementChild && Number(p.list.firstElementChild.dataset.seq) < oldest) {
      p.list.firstElementChild.remove();
    }
    if (atEnd) p.list.scrollTop = p.list.scrollHeight;
    showStatus(id);
  }

  async function fetchLines(id, since) {
    const q = since != null ? '?since=' + since : '?limit=' + MAX_LINES;
    try {
      const r = await fetch('/api/devices/' + encodeURIComponent(id) + '/log' + q, {
        headers: token ? { Authorization: 'Bearer ' + token } : {},
        cache: 'no-store',
      });
      if (!r.ok) return;
      const body = await r.json();
      merge(id, body.lines);
    } catch (e) {
      // The live lines still arrive; history is a convenience.
    }
  }

  page.onDevice(dev => {
    buildPanel(dev.id, dev.extras);
    if (!board(dev.id).lines.length) fetchLines(dev.id);
  });

  // A (re)connect may be a restarted bridge, whose seq numbers start again: take its history afresh.
  page.on('hello', msg => {
    for (const d of msg.devices) {
      const b = board(d.id);
      b.lines = [];
      b.dropped = 0;
      render(d.id);
      fetchLines(d.id);
    }
  });

  page.on('log', msg => {
    const b = board(msg.device);
    if (msg.dropped > 0) {
      b.dropped += msg.dropped;
      const last = b.lines.length ? b.lines[b.lines.length - 1].seq : 0;
      fetchLines(msg.device, last); // fetch the skipped lines from the ring
    }
    merge(msg.device, [{ seq: msg.seq, time: msg.time, level: msg.level, source: msg.source, text: msg.text }]);
  });

  // ------------------------------------------------------------------ download

  function save(id) {
    const text = board(id).lines.map(l => l.time + ' ' + l.level.toUpperCase() + ' ' + l.source + ' ' + l.text)
      .join('\n') + '\n';
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = 'hilbridge-' + id + '-log.txt';
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }
})();
