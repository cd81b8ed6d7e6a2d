// Link health panel: per board, small uPlot charts of the last minutes (round trip p50/p99, retransmits and
// timeouts, decode errors by cause) from the bridge's sample ring (WebSocket `health`, websocket-api.md).
// uPlot is served by the bridge itself from vendor/uplot/ (nothing is fetched from elsewhere). It sets element
// styles only through the CSSOM (el.style.x = ...), which the page's CSP (style-src 'self') allows: no CSP change.
'use strict';

(() => {
  const page = window.hilbridgePage;
  if (!page || typeof uPlot !== 'function') return;

  const POLL_MS = 2000;
  const HEIGHT = 110;

  // What each series means, shown in the legend list and as the hover title of the chart's own legend.
  const MEANING = {
    p50: 'Median time from sending a light change to the board\'s acknowledgement, each second.',
    p99: '99th percentile: the slowest 1 % of the acknowledgements in that second.',
    retransmits: 'A light change sent again because no answer came in time (a frame was lost); the link recovered.',
    timeouts: 'A command that got no answer after every retransmission: whoever sent it saw an error.',
    noise: 'Frames damaged on the wire (electrical noise, a loose cable, a wrong baud rate): dropped, ' +
      'and lost changes sent again.',
    bootText: 'Boot text from the board\'s ROM while it started — not a fault. Every ESP32 prints it when it ' +
      'resets, before the firmware speaks; the bridge drops it.',
  };

  // Chart definitions: series key in the health samples, label, meaning key, colour variable, value formatter.
  const ms = v => (v == null ? '–' : (v / 1000).toFixed(1) + ' ms');
  const count = v => (v == null ? '–' : String(v));
  const CHARTS = [
    { key: 'rtt', title: 'Round trip (ms)', series: [
      { col: 'rttP50Micros', label: 'p50', meaning: 'p50', color: '--health-p50', fmt: ms, scale: 1 / 1000 },
      { col: 'rttP99Micros', label: 'p99', meaning: 'p99', color: '--health-p99', fmt: ms, scale: 1 / 1000 },
    ] },
    { key: 'retries', title: 'Retransmits and timeouts (per s)', series: [
      { col: 'retransmits', label: 'retransmits', meaning: 'retransmits', color: '--health-retransmit', fmt: count },
      { col: 'timeouts', label: 'timeouts', meaning: 'timeouts', color: '--health-timeout', fmt: count },
    ] },
    { key: 'decode', title: 'Decode errors (per s)', series: [
      { col: 'noiseErrors', label: 'line noise', meaning: 'noise', color: '--health-noise', fmt: count },
      { col: 'bootText', label: 'boot text (not a fault)', meaning: 'bootText', color: '--health-boot', fmt: count },
    ] },
  ];
  const COLUMNS = ['t', 'roundTrips', 'rttP50Micros', 'rttP99Micros', 'retransmits', 'timeouts', 'noiseErrors',
    'bootText'];

  const boards = new Map(); // device id -> {samples: {col: []}, since, capacity, panel, plots: Map<key, uPlot>}

  function board(id) {
    // gen: bumped when the samples are read again from the start, so a reply to an older request is ignored.
    if (!boards.has(id)) boards.set(id, { samples: emptySamples(), since: 0, capacity: 600, panel: null,
      plots: new Map(), gen: 0 });
    return boards.get(id);
  }

  function emptySamples() {
    const s = {};
    for (const c of COLUMNS) s[c] = [];
    return s;
  }

  // The colours live in health.css (light and dark); read through a probe in the document, since a board's
  // section may not be attached yet when it is built.
  function cssVar(name) {
    const probe = document.createElement('div');
    probe.className = 'health';
    probe.hidden = true;
    document.body.append(probe);
    const v = getComputedStyle(probe).getPropertyValue(name).trim();
    probe.remove();
    return v || 'gray';
  }

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }

  // ------------------------------------------------------------------ the panel

  page.onDevice(dev => {
    const b = board(dev.id);
    for (const u of b.plots.values()) u.destroy();
    b.plots.clear();
    const old = dev.extras.querySelector('.health');
    if (old) old.remove();

    const panel = el('section', 'health');
    const titleId = 'health-title-' + dev.id;
    panel.setAttribute('aria-labelledby', titleId);
    panel.dataset.device = dev.id;
    const h = el('h3', 'health-title', 'Link health');
    h.id = titleId;
    h.append(el('span', 'health-span', ' · last 10 minutes'));
    panel.append(h);

    const note = el('p', 'health-boottext');
    note.setAttribute('role', 'note');
    note.hidden = true;
    panel.append(note);

    const charts = el('div', 'health-charts');
    panel.append(charts);
    for (const c of CHARTS) {
      const fig = el('figure', 'health-chart');
      fig.dataset.chart = c.key;
      fig.append(el('figcaption', null, c.title));
      const plot = el('div', 'health-plot');
      plot.setAttribute('role', 'img');
      plot.setAttribute('aria-label', c.title + ': ' + c.series.map(s => s.label).join(', '));
      fig.append(plot);
      charts.append(fig);
    }

    const legend = el('dl', 'health-legend');
    for (const c of CHARTS) {
      for (const s of c.series) {
        const row = el('div');
        const dt = el('dt');
        const sw = el('span', 'health-swatch');
        sw.setAttribute('aria-hidden', 'true');
        sw.dataset.color = s.color;
        dt.append(sw, document.createTextNode(s.label));
        row.append(dt, el('dd', null, MEANING[s.meaning]));
        row.dataset.series = s.meaning;
        legend.append(row);
      }
    }
    panel.append(legend);
    dev.extras.append(panel);
    b.panel = panel;
    for (const sw of legend.querySelectorAll('.health-swatch')) sw.style.background = cssVar(sw.dataset.color);
    for (const c of CHARTS) b.plots.set(c.key, makePlot(panel, c, b));
    // Each chart as wide as its column, also after the window or the section changes size.
    if (typeof ResizeObserver === 'function') {
      const ro = new ResizeObserver(() => {
        for (const c of CHARTS) {
          const u = b.plots.get(c.key);
          const fig = panel.querySelector('figure[data-chart="' + c.key + '"]');
          if (u && fig && fig.clientWidth && u.width !== plotWidth(fig)) u.setSize({ width: plotWidth(fig), height: HEIGHT });
        }
      });
      ro.observe(charts);
    }
    draw(dev.id);
    request(dev.id);
  });

  function makePlot(panel, chart, b) {
    const fig = panel.querySelector('figure[data-chart="' + chart.key + '"]');
    const fg = cssVar('--muted');
    const grid = cssVar('--line');
    const bars = uPlot.paths && uPlot.paths.bars ? uPlot.paths.bars({ size: [0.9, 6] }) : undefined;
    const opts = {
      width: plotWidth(fig),
      height: HEIGHT,
      scales: { x: { time: true } },
      cursor: { drag: { x: false, y: false } },
      legend: { show: true, live: true },
      axes: [
        { stroke: fg, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid } },
        { stroke: fg, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid }, size: 40 },
      ],
      series: [
        { label: 'time' },
        ...chart.series.map(s => ({
          label: s.label,
          stroke: cssVar(s.color),
          fill: chart.key === 'rtt' ? undefined : cssVar(s.color),
          width: 1.5,
          spanGaps: false,
          paths: chart.key === 'rtt' ? undefined : bars,
          points: { show: chart.key === 'rtt' },
          value: (u, v) => (v == null ? '–' : chart.key === 'rtt' ? v.toFixed(1) + ' ms' : String(v)),
        })),
      ],
    };
    const u = new uPlot(opts, plotData(b, chart), fig.querySelector('.health-plot'));
    // The chart's own legend says what each series means on hover.
    u.root.querySelectorAll('.u-legend .u-series').forEach((row, i) => {
      if (i > 0) row.title = MEANING[chart.series[i - 1].meaning];
    });
    return u;
  }

  function plotWidth(fig) {
    return Math.max(200, Math.min(420, (fig.clientWidth || 300) - 4));
  }

  function plotData(b, chart) {
    const s = b.samples;
    return [s.t.map(t => t / 1000), ...chart.series.map(x =>
      s[x.col].map(v => (v == null ? null : x.scale ? v * x.scale : v)))];
  }

  function draw(id) {
    const b = board(id);
    if (!b.panel) return;
    for (const c of CHARTS) {
      const u = b.plots.get(c.key);
      if (!u) continue;
      const data = plotData(b, c);
      u.setData(data);
      const fig = b.panel.querySelector('figure[data-chart="' + c.key + '"]');
      fig.dataset.samples = String(b.samples.t.length);
      fig.dataset.points = String(data.slice(1).reduce((n, col) => n + col.filter(v => v != null && v > 0).length, 0));
    }
    const boot = b.samples.bootText.reduce((a, v) => a + v, 0);
    const note = b.panel.querySelector('.health-boottext');
    note.hidden = boot === 0;
    note.textContent = boot === 0 ? '' : 'Boot text from the board\'s ROM while it started — not a fault. ' +
      'The board started or was reset ' + (boot === 1 ? 'once' : boot + ' times') + ' in the last 10 minutes; ' +
      'the ESP32 prints this text at every reset, before the firmware speaks, and the bridge drops it.';
  }

  // ------------------------------------------------------------------ the samples

  function request(id) {
    if (document.hidden) return;
    const b = board(id);
    page.send({ type: 'health', id: 'health:' + id + ':' + b.gen, device: id, since: b.since });
  }

  page.on('health', msg => {
    const b = board(msg.device);
    if (msg.id !== 'health:' + msg.device + ':' + b.gen) return; // answers a request from before a reconnect
    b.capacity = msg.capacity;
    const s = msg.samples;
    for (let i = 0; i < s.t.length; i++) {
      if (s.t[i] <= b.since) continue;
      for (const c of COLUMNS) b.samples[c].push(s[c][i]);
      b.since = s.t[i];
    }
    const extra = b.samples.t.length - b.capacity;
    if (extra > 0) for (const c of COLUMNS) b.samples[c].splice(0, extra);
    draw(msg.device);
  });

  // A (re)connect: the bridge may have restarted, so its ring is read again from the start.
  page.on('hello', () => {
    for (const [id, b] of boards) {
      b.samples = emptySamples();
      b.since = 0;
      b.gen++;
      draw(id);
      request(id);
    }
  });

  setInterval(() => { for (const id of boards.keys()) request(id); }, POLL_MS);
  document.addEventListener('visibilitychange', () => { for (const id of boards.keys()) request(id); });
})();
