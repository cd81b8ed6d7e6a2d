// Per-pixel colours for strips (websocket-api.md, "Per-pixel colours"): a panel per strip to paint its pixels, one
// cell per pixel or a gradient between two colours, sent as one `set` with `pixels`; and a row showing what the board
// confirmed. Registers through window.hilbridgePage only (app.js owns the connection and the lights).
(function () {
  'use strict';
  const page = window.hilbridgePage;
  if (!page) return;

  const MAX_RUNS = 47;          // one SET_PIXELS frame holds 47 runs of one colour (uart-link.md)
  const panels = new Map();     // "device/light" -> panel
  let nextId = 1;

  page.onDevice(dev => {
    for (const [key, p] of panels) if (p.device === dev.id) { p.el.remove(); panels.delete(key); }
    for (const light of dev.info.lights || []) {
      if (light.kind !== 'strip') continue;
      const p = buildPanel(dev.id, light);
      dev.extras.appendChild(p.el);
      panels.set(dev.id + '/' + light.id, p);
      showConfirmed(p, light.state);
    }
  });

  page.on('state', msg => {
    const p = panels.get(msg.device + '/' + msg.light);
    if (p) showConfirmed(p, msg);
  });

  // A (re)connect brings every light's state again.
  for (const type of ['hello', 'snapshot']) {
    page.on(type, msg => {
      for (const d of msg.devices || []) {
        for (const l of d.lights || []) {
          const p = panels.get(d.id + '/' + l.id);
          if (p) showConfirmed(p, l.state);
        }
      }
    });
  }

  page.on('ack', msg => { const p = byRequest(msg.id); if (p) done(p, null); });
  page.on('error', msg => { const p = byRequest(msg.id); if (p) done(p, msg); });

  function byRequest(id) {
    for (const p of panels.values()) if (p.waiting === id) return p;
    return null;
  }

  // ------------------------------------------------------------------ panel

  function el(tag, attrs, text) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    if (text != null) e.textContent = text;
    return e;
  }

  function buildPanel(deviceId, light) {
    const n = light.pixels;
    const base = 'pp-' + deviceId.replace(/[^A-Za-z0-9_-]/g, '_') + '-' + light.id;
    const root = el('section', { class: 'perpixel', 'aria-labelledby': base + '-title', 'data-light': String(light.id) });
    root.appendChild(el('h3', { id: base + '-title', class: 'perpixel-title' }, 'Paint ' + light.name + ' (' + n + ' pixels)'));

    const tools = el('div', { class: 'perpixel-tools' });
    const brush = colorInput(tools, base + '-brush', 'Brush', '#ff0000');
    const from = colorInput(tools, base + '-from', 'From', '#ff0000');
    const to = colorInput(tools, base + '-to', 'To', '#0000ff');
    const gradient = el('button', { type: 'button', class: 'perpixel-gradient' }, 'Gradient');
    const fill = el('button', { type: 'button', class: 'perpixel-fill' }, 'Fill with brush');
    tools.append(gradient, fill);
    root.appendChild(tools);

    const cells = el('div', { class: 'perpixel-cells', role: 'group', 'aria-label': 'Pixels of ' + light.name + ': click to paint with the brush' });
    const colors = new Array(n).fill('#000000');
    const buttons = [];
    for (let i = 0; i < n; i++) {
      const b = el('button', { type: 'button', class: 'perpixel-cell', 'data-pixel': String(i) });
      b.addEventListener('click', () => { colors[i] = brush.value; edited(); });
      buttons.push(b);
      cells.appendChild(b);
    }
    root.appendChild(cells);

    const send = el('button', { type: 'button', class: 'perpixel-send' }, 'Send to strip');
    const status = el('p', { class: 'perpixel-status', role: 'status', 'aria-live': 'polite' });
    root.append(send, status);

    root.appendChild(el('p', { class: 'perpixel-label', id: base + '-board' }, 'On the board:'));
    const board = el('div', { class: 'perpixel-board', role: 'img', 'aria-labelledby': base + '-board' });
    const boardCells = [];
    for (let i = 0; i < n; i++) {
      const c = el('span', { class: 'perpixel-cell perpixel-shown', 'data-pixel': String(i) });
      boardCells.push(c);
      board.appendChild(c);
    }
    root.appendChild(board);

    const p = { device: deviceId, light: light.id, el: root, waiting: null, status, send, board, boardCells };
    // Until the user paints, the cells start from what the board shows, so a small change needs no repainting.
    let touched = false;
    p.adopt = shown => { if (!touched) { shown.forEach((c, i) => { colors[i] = c; }); paint(); } };
    function edited() { touched = true; paint(); }

    function paint() {
      buttons.forEach((b, i) => {
        b.style.backgroundColor = colors[i];
        b.setAttribute('aria-label', 'Pixel ' + i + ': ' + colors[i]);
      });
    }
    gradient.addEventListener('click', () => { gradientColors(from.value, to.value, n).forEach((c, i) => { colors[i] = c; }); edited(); });
    fill.addEventListener('click', () => { colors.fill(brush.value); edited(); });
    send.addEventListener('click', () => {
      const id = 'pp' + (nextId++);
      const ok = page.send({ type: 'set', id, device: deviceId, light: light.id, on: true, pixels: ranges(colors) });
      if (!ok) { status.textContent = 'Not connected to the bridge.'; return; }
      p.waiting = id;
      send.disabled = true;
      status.textContent = 'Sending…';
      root.dataset.result = 'pending';
    });
    paint();
    return p;
  }

  function colorInput(parent, id, label, value) {
    const wrap = el('span', { class: 'perpixel-field' });
    wrap.appendChild(el('label', { for: id }, label));
    const input = el('input', { type: 'color', id, value });
    wrap.appendChild(input);
    parent.appendChild(wrap);
    return input;
  }

  function done(p, error) {
    p.waiting = null;
    p.send.disabled = false;
    p.el.dataset.result = error ? 'error' : 'ok';
    p.status.textContent = error ? 'Refused: ' + error.message + ' (' + error.code + ')' : 'The board confirmed.';
  }

  // What the board confirmed: its runs, or one colour on every pixel (dark when off).
  function showConfirmed(p, s) {
    if (!s) return;
    const n = p.boardCells.length;
    let colors;
    if (Array.isArray(s.pixels)) {
      colors = [];
      for (const r of s.pixels) for (let k = 0; k < r.count; k++) colors.push(r.color);
    } else {
      colors = new Array(n).fill(s.color);
    }
    p.board.dataset.pixels = Array.isArray(s.pixels) ? 'runs' : (s.pixels === 'unknown' ? 'unknown' : 'none');
    p.board.dataset.on = String(!!s.on);
    const shown = p.boardCells.map((c, i) => {
      const color = colors[i] || '#000000';
      c.dataset.color = color;
      c.style.backgroundColor = s.on ? color : 'transparent';
      return color;
    });
    p.adopt(shown);
    p.board.setAttribute('aria-label', s.pixels === 'unknown'
      ? 'The board shows per-pixel colours this bridge did not set'
      : (s.on ? 'On' : 'Off') + ': ' + summary(colors.slice(0, n)));
  }

  // ------------------------------------------------------------------ colours

  // Adjacent equal colours as one range: what the bridge sends as one run.
  function ranges(colors) {
    const out = [];
    for (const c of colors) {
      const last = out[out.length - 1];
      if (last && last.color === c) last.count++;
      else out.push({ color: c, count: 1 });
    }
    return out;
  }

  function summary(colors) {
    return ranges(colors).map(r => r.count + ' × ' + r.color).join(', ');
  }

  // A gradient over n pixels in at most MAX_RUNS steps, so that it always fits one command.
  function gradientColors(a, b, n) {
    const from = hexToRgb(a), to = hexToRgb(b);
    const steps = Math.min(n, MAX_RUNS);
    const out = [];
    for (let i = 0; i < n; i++) {
      const step = Math.floor(i * steps / n);
      const t = steps > 1 ? step / (steps - 1) : 0;
      out.push(rgbToHex(from.map((v, k) => Math.round(v + (to[k] - v) * t))));
    }
    return out;
  }

  function hexToRgb(h) {
    return [1, 3, 5].map(i => parseInt(h.substr(i, 2), 16));
  }

  function rgbToHex(rgb) {
    return '#' + rgb.map(v => v.toString(16).padStart(2, '0')).join('');
  }
})();
