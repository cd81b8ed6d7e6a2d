// hilbridge control page. Speaks protocol-spec/websocket-api.md over /ws. No dependencies.
// Rule: what the page shows as a light's state is what the board confirmed (hello/snapshot/state messages);
// a control the user is moving keeps the user's value only until the board has answered.
'use strict';

(() => {
  const token = new URLSearchParams(location.search).get('token');
  const wsUrl = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws' +
    (token ? '?token=' + encodeURIComponent(token) : '');
  const $ = (sel, root = document) => root.querySelector(sel);
  const KIND_LABEL = { onoff: 'on/off', dimmable: 'dimmable', rgb: 'RGB', strip: 'strip' };
  const SEND_INTERVAL_MS = 40; // at most ~25 commands/s per light while dragging, fewer if the board is slower

  let ws = null;
  let connected = false;
  let everConnected = false;
  let attempt = 0;
  let reconnectTimer = null;
  let countdownTimer = null;
  let statsTimer = null;
  let nextId = 1;
  const devices = new Map();   // id -> {info, el, lights: Map<id, light>}
  const inflight = new Map();  // command id -> {device, lights: [ids]}
  const listeners = new Map(); // message type -> [fn], registered by feature scripts through window.hilbridgePage
  const deviceHooks = [];      // fn(device) called when a board's section is built

  // Feature scripts (one file per panel, loaded after this one) extend the page through this object only;
  // this file stays the one owner of the connection, the devices and the lights.
  window.hilbridgePage = Object.freeze({
    send: obj => send(obj),
    on(type, fn) { if (!listeners.has(type)) listeners.set(type, []); listeners.get(type).push(fn); },
    onDevice(fn) { deviceHooks.push(fn); for (const dev of devices.values()) fn(publicDevice(dev)); },
    device: id => (devices.has(id) ? publicDevice(devices.get(id)) : null),
  });

  // What a feature script sees of a board: its id, the latest device info and the container for its panels.
  function publicDevice(dev) {
    return { id: dev.info.id, info: dev.info, el: dev.el, extras: $('.device-extras', dev.el) };
  }

  // ------------------------------------------------------------------ connection

  function connect() {
    clearTimeout(reconnectTimer);
    setConn('connecting', attempt === 0 ? 'Connecting to the bridge…' : 'Reconnecting to the bridge…');
    let sock;
    try { sock = new WebSocket(wsUrl); } catch (e) { scheduleReconnect(); return; }
    ws = sock;
    sock.onopen = () => { connected = true; attempt = 0; };
    sock.onmessage = ev => {
      let msg;
      try { msg = JSON.parse(ev.data); } catch (e) { return; }
      handle(msg);
    };
    sock.onclose = ev => {
      if (ws !== sock) return;
      connected = false;
      ws = null;
      clearInterval(statsTimer);
      for (const id of [...inflight.keys()]) finish(id, null);
      if (ev.code === 1008) say('The bridge refused the connection: ' + (ev.reason || 'not allowed') + '.');
      scheduleReconnect();
      refreshAll();
    };
  }

  function scheduleReconnect() {
    attempt++;
    // 0.5 s, 1 s, 2 s, 4 s, 8 s, then every 10 s, with jitter so that many tabs do not reconnect in lockstep.
    const delay = Math.min(10000, 500 * 2 ** (attempt - 1)) * (0.8 + Math.random() * 0.4);
    const until = Date.now() + delay;
    const show = () => {
      const s = Math.max(0, Math.ceil((until - Date.now()) / 1000));
      const when = (s > 0 ? ' in ' + s + ' s' : '…') + ' (attempt ' + attempt + ').';
      // Browsers do not tell a page why a WebSocket handshake failed; a missing token is the usual reason when
      // the page is reachable but the WebSocket never opened.
      const text = everConnected ? 'Connection to the bridge lost. Reconnecting' + when
        : 'Cannot connect to the bridge' + (token ? ' (is the token right?)' : ' (if it was started with a token, ' +
          'open this page as ' + location.origin + '/?token=…)') + '. Retrying' + when;
      setConn('reconnecting', 'Reconnecting…');
      const b = $('#conn-banner');
      b.textContent = text;
      b.hidden = false;
    };
    show();
    clearInterval(countdownTimer);
    countdownTimer = setInterval(show, 1000);
    reconnectTimer = setTimeout(() => { clearInterval(countdownTimer); connect(); }, delay);
  }

  function setConn(state, text) {
    const c = $('#conn');
    c.dataset.state = state;
    c.textContent = text;
  }

  function send(obj) {
    if (!ws || ws.readyState !== WebSocket.OPEN) return false;
    ws.send(JSON.stringify(obj));
    return true;
  }

  function say(text) { $('#messages').textContent = text; }

  // ------------------------------------------------------------------ messages from the bridge

  function handle(msg) {
    switch (msg.type) {
      case 'hello':
        everConnected = true;
        clearInterval(countdownTimer);
        $('#conn-banner').hidden = true;
        setConn('open', 'Connected');
        $('#versions').textContent = 'bridge ' + msg.bridgeVersion + ' · API v' + msg.apiVersion;
        renderAll(msg.devices);
        clearInterval(statsTimer);
        requestStats();
        statsTimer = setInterval(requestStats, 2000);
        break;
      case 'snapshot': renderAll(msg.devices); break;
      case 'device': updateDevice(msg); break;
      case 'state': updateState(msg); break;
      case 'fault': updateFault(msg); break;
      case 'ack': finish(msg.id, null); break;
      case 'error':
        if (msg.id != null && inflight.has(msg.id)) finish(msg.id, msg);
        else say('Error: ' + msg.message + ' (' + msg.code + ')');
        break;
      case 'stats': updateStats(msg); break;
    }
    for (const fn of listeners.get(msg.type) || []) fn(msg);
  }

  function requestStats() {
    if (!document.hidden) send({ type: 'stats', id: 'stats' });
  }

  // ------------------------------------------------------------------ rendering

  function renderAll(list) {
    const main = $('#devices');
    const seen = new Set();
    for (const d of list) {
      seen.add(d.id);
      const known = devices.get(d.id);
      if (known && sameLights(known.info.lights, d.lights)) {
        known.info = Object.assign({}, d);
        for (const l of d.lights) {
          if (l.state) applyState(known.lights.get(l.id), l.state);
          applyFault(known.lights.get(l.id), l.fault);
        }
        renderDeviceInfo(known);
      } else {
        if (known) known.el.remove();
        const dev = buildDevice(d);
        devices.set(d.id, dev);
        main.appendChild(dev.el);
      }
    }
    for (const [id, dev] of devices) if (!seen.has(id)) { dev.el.remove(); devices.delete(id); }
    refreshAll();
  }

  function sameLights(a, b) {
    const caps = ls => JSON.stringify(ls.map(l => [l.id, l.name, l.kind, l.pixels, l.effects]));
    return caps(a) === caps(b);
  }

  function buildDevice(d) {
    const el = $('#device-tpl').content.firstElementChild.cloneNode(true);
    const titleId = 'dev-' + cssId(d.id);
    el.setAttribute('aria-labelledby', titleId);
    el.dataset.device = d.id;
    const title = $('.device-title', el);
    title.id = titleId;
    title.textContent = 'Board ' + d.id;
    const dev = { info: d, el, lights: new Map() };
    const box = $('.lights', el);
    for (const l of d.lights) {
      const light = buildLight(d.id, l);
      dev.lights.set(l.id, light);
      box.appendChild(light.el);
      if (l.state) applyState(light, l.state);
      applyFault(light, l.fault);
    }
    renderDeviceInfo(dev);
    for (const fn of deviceHooks) fn(publicDevice(dev));
    return dev;
  }

  function cssId(s) { return String(s).replace(/[^A-Za-z0-9_-]/g, '_'); }

  function renderDeviceInfo(dev) {
    const d = dev.info;
    const st = $('.d-status', dev.el);
    // Without the bridge the page knows nothing current about the board: say so rather than show stale status.
    const status = connected ? d.status : 'unknown';
    st.textContent = connected ? d.status : 'unknown (no connection to the bridge)';
    st.className = 'd-status status-' + (connected ? d.status : 'connecting');
    dev.el.dataset.status = status;
    $('.d-firmware', dev.el).textContent = d.firmware || 'unknown (no handshake yet)';
    $('.d-transport', dev.el).textContent = d.transport;
  }

  function buildLight(deviceId, info) {
    const base = 'l-' + cssId(deviceId) + '-' + info.id;
    const kind = info.kind;
    const dimmable = kind !== 'onoff';
    const colored = kind === 'rgb' || kind === 'strip';
    const el = document.createElement('fieldset');
    el.className = 'light';
    el.dataset.device = deviceId;
    el.dataset.light = info.id;
    el.setAttribute('aria-describedby', base + '-state');
    let html =
      '<legend><span class="light-head"><span class="swatch" aria-hidden="true"></span>' +
      '<span class="light-name"></span><span class="kind"></span></span></legend>' +
      '<div class="row"><button type="button" class="toggle" role="switch" aria-checked="false" ' +
      'data-role="toggle" id="' + base + '-on">Off</button>' +
      '<span class="pending-mark" aria-hidden="true">waiting for the board…</span></div>';
    if (dimmable) {
      html += '<div class="row"><label for="' + base + '-bri">Brightness</label>' +
        '<input type="range" min="0" max="255" step="1" id="' + base + '-bri" data-role="brightness">' +
        '<output for="' + base + '-bri" class="bri-out"></output></div>';
    }
    if (colored) {
      html += '<div class="row"><label for="' + base + '-col">Colour</label>' +
        '<input type="color" id="' + base + '-col" data-role="color" value="#ffffff">' +
        // A typed alternative: the browser's colour picker is not keyboard-friendly everywhere.
        '<label for="' + base + '-hex" class="visually-hidden">Colour as #rrggbb</label>' +
        '<input type="text" id="' + base + '-hex" data-role="color-hex" class="hex" size="8" maxlength="7" ' +
        'placeholder="#rrggbb" spellcheck="false" autocomplete="off"></div>';
    }
    if (dimmable) {
      html += '<div class="row"><label for="' + base + '-tr">Transition (ms)</label>' +
        '<input type="number" min="0" max="65535" step="50" value="0" id="' + base + '-tr" ' +
        'data-role="transition" inputmode="numeric"></div>';
    }
    if (info.effects.length) {
      html += '<div class="row"><label for="' + base + '-fx">Effect</label><select id="' + base + '-fx" ' +
        'data-role="effect"><option value="none">none</option>' +
        info.effects.map(e => '<option value="' + e + '">' + e + '</option>').join('') + '</select></div>';
    }
    html += '<p class="state-line" id="' + base + '-state"></p><p class="light-error" role="alert"></p>' +
      '<p class="fault-line" role="status" hidden></p>';
    el.innerHTML = html;
    $('.light-name', el).textContent = info.name;
    $('.kind', el).textContent = KIND_LABEL[kind] || kind;
    const light = { device: deviceId, id: info.id, info, el, state: null, pending: 0,
      dragging: false, queued: null, lastSent: 0, timer: null };
    wire(light);
    return light;
  }

  function wire(light) {
    const el = light.el;
    $('[data-role=toggle]', el).addEventListener('click', () => {
      const on = !(light.state && light.state.on);
      command(light, { on });
    });
    const bri = $('[data-role=brightness]', el);
    if (bri) {
      bri.addEventListener('pointerdown', () => { light.dragging = true; });
      const release = () => { light.dragging = false; flush(light); sync(light); };
      bri.addEventListener('pointerup', release);
      bri.addEventListener('pointercancel', release);
      bri.addEventListener('blur', release);
      bri.addEventListener('input', () => {
        $('.bri-out', el).textContent = bri.value;
        throttled(light, { brightness: Number(bri.value) });
      });
      bri.addEventListener('change', () => {
        light.dragging = false; // 'change' fires on release, wherever the pointer went
        throttled(light, { brightness: Number(bri.value) });
      });
    }
    const col = $('[data-role=color]', el);
    if (col) {
      col.addEventListener('input', () => throttled(light, { color: col.value }));
      col.addEventListener('change', () => throttled(light, { color: col.value }));
    }
    // Enter (or leaving the field) sends what was typed; the bridge checks it and a bad value comes back as an error.
    const hex = $('[data-role=color-hex]', el);
    if (hex) hex.addEventListener('change', () => command(light, { color: hex.value.trim() }));
    const fx = $('[data-role=effect]', el);
    if (fx) fx.addEventListener('change', () => command(light, { effect: fx.value }));
  }

  function transitionOf(light) {
    const t = $('[data-role=transition]', light.el);
    if (!t) return {};
    const v = Math.round(Number(t.value));
    return Number.isFinite(v) && v > 0 ? { transitionMs: Math.min(65535, v) } : {};
  }

  // Sliders and colour pickers fire many events while dragged. Send at once when the light is idle; otherwise keep
  // only the newest value and send it when the board has answered the previous command (and at most every 40 ms),
  // so the light follows smoothly without a backlog.
  function throttled(light, fields) {
    light.queued = Object.assign(light.queued || {}, fields);
    flush(light);
  }

  function flush(light) {
    if (!light.queued || light.pending > 0) return;
    const wait = light.lastSent + SEND_INTERVAL_MS - Date.now();
    if (wait > 0) {
      if (!light.timer) light.timer = setTimeout(() => { light.timer = null; flush(light); }, wait);
      return;
    }
    const fields = light.queued;
    light.queued = null;
    command(light, fields);
  }

  function command(light, fields) {
    const id = 'c' + (nextId++);
    const msg = Object.assign({ type: 'set', id, device: light.device, light: light.id }, fields);
    if (fields.brightness !== undefined || fields.color !== undefined) Object.assign(msg, transitionOf(light));
    if (!send(msg)) return;
    light.lastSent = Date.now();
    inflight.set(id, light);
    light.pending++;
    $('.light-error', light.el).textContent = '';
    refreshLight(light);
  }

  function finish(id, error) {
    const light = inflight.get(id);
    if (!light) return;
    inflight.delete(id);
    light.pending = Math.max(0, light.pending - 1);
    if (error) $('.light-error', light.el).textContent = error.message + ' (' + error.code + ')';
    if (light.pending === 0 && connected) flush(light);
    refreshLight(light);
  }

  function updateDevice(msg) {
    const known = devices.get(msg.device);
    const d = Object.assign({ id: msg.device }, msg);
    delete d.type;
    delete d.device;
    if (!known || !sameLights(known.info.lights, d.lights)) {
      // New board or different lights: ask for a full snapshot so the states come with it.
      send({ type: 'get', id: 'snapshot' });
      if (!known) return;
    }
    known.info = Object.assign(known.info, d, { lights: known.info.lights });
    renderDeviceInfo(known);
    refreshAll();
  }

  function updateState(msg) {
    const dev = devices.get(msg.device);
    const light = dev && dev.lights.get(msg.light);
    if (!light) return;
    applyState(light, { on: msg.on, brightness: msg.brightness, color: msg.color, effect: msg.effect });
  }

  function updateFault(msg) {
    const dev = devices.get(msg.device);
    applyFault(dev && dev.lights.get(msg.light), msg.fault);
  }

  // A light whose hardware the board reports faulted keeps its controls (its state is the board's target), but says
  // plainly that the light may not be showing it.
  function applyFault(light, fault) {
    if (!light) return;
    const line = $('.fault-line', light.el);
    light.el.classList.toggle('faulted', !!fault);
    light.el.dataset.fault = fault || '';
    line.hidden = !fault;
    line.textContent = !fault ? '' : fault === 'output_stuck'
      ? 'Hardware fault: the board could not drive this light (output stuck); ' +
        'it may not show the state the board reports.'
      : 'Hardware fault reported by the board (' + fault + '); ' +
        'the light may not show the state the board reports.';
  }

  function applyState(light, s) {
    if (!light) return;
    light.state = s;
    const el = light.el;
    el.dataset.on = String(s.on);
    el.dataset.brightness = String(s.brightness);
    el.dataset.color = s.color;
    el.dataset.effect = s.effect;
    const t = $('[data-role=toggle]', el);
    t.setAttribute('aria-checked', String(s.on));
    t.textContent = s.on ? 'On' : 'Off';
    const colored = light.info.kind === 'rgb' || light.info.kind === 'strip';
    const sw = $('.swatch', el);
    sw.style.backgroundColor = s.on ? (colored ? s.color : 'var(--accent)') : 'transparent';
    sw.style.opacity = s.on && light.info.kind !== 'onoff' ? String(0.25 + 0.75 * s.brightness / 255) : '1';
    const parts = [s.on ? 'on' : 'off'];
    if (light.info.kind !== 'onoff') parts.push('brightness ' + s.brightness);
    if (colored) parts.push('colour ' + s.color);
    if (s.effect !== 'none') parts.push('effect ' + s.effect);
    $('.state-line', el).textContent = 'Board reports: ' + parts.join(', ');
    sync(light);
  }

  // Puts the board-confirmed values into the controls, unless the user is in the middle of changing them.
  function sync(light) {
    const s = light.state;
    if (!s || light.pending > 0 || light.queued) return;
    const el = light.el;
    const bri = $('[data-role=brightness]', el);
    if (bri && !light.dragging) {
      bri.value = String(s.brightness);
      $('.bri-out', el).textContent = String(s.brightness);
    }
    const col = $('[data-role=color]', el);
    if (col && document.activeElement !== col) col.value = s.color;
    const hex = $('[data-role=color-hex]', el);
    if (hex && document.activeElement !== hex) hex.value = s.color;
    const fx = $('[data-role=effect]', el);
    if (fx) fx.value = s.effect;
  }

  function refreshLight(light) {
    const dev = devices.get(light.device);
    const usable = connected && dev && dev.info.status === 'online';
    light.el.disabled = !usable;
    light.el.classList.toggle('pending', light.pending > 0);
    light.el.setAttribute('aria-busy', String(light.pending > 0));
    light.el.dataset.pending = String(light.pending > 0);
    if (light.pending === 0) sync(light);
  }

  function refreshAll() {
    const offline = [];
    for (const dev of devices.values()) {
      renderDeviceInfo(dev);
      if (dev.info.status !== 'online') offline.push(dev.info);
      for (const light of dev.lights.values()) refreshLight(light);
    }
    const b = $('#offline-banner');
    if (connected && offline.length) {
      b.textContent = offline.map(d => 'Board ' + d.id + ' is ' + d.status +
        (d.status === 'offline' ? ' (unplugged or not answering)' : '')).join('. ') +
        '. Its controls are disabled until it is back online.';
      b.hidden = false;
    } else {
      b.hidden = true;
    }
  }

  function updateStats(msg) {
    for (const s of msg.devices) {
      const dev = devices.get(s.device);
      if (!dev) continue;
      $('.d-rtt', dev.el).textContent = s.lastRttMicros == null ? '–' : (s.lastRttMicros / 1000).toFixed(1) + ' ms';
      // Boot text from the board's ROM while it started is not a link error (websocket-api.md, stats).
      const noise = s.noiseErrors ?? s.decodeErrors;
      $('.d-errors', dev.el).textContent = noise + ' decode (' + Math.min(s.crcErrors, noise) + ' CRC), ' +
        s.retransmits + ' retransmits, ' + s.timeouts + ' timeouts' +
        (s.bootText ? '; boot text ' + s.bootText + '× (the board started: not an error)' : '');
    }
  }

  document.addEventListener('visibilitychange', requestStats);
  connect();
})();
