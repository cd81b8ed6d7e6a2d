// hilbridge live LED view: each light drawn pixel by pixel as the board shows it (effects and fades included),
// from the `pixels` messages of protocol-spec/websocket-api.md. Subscribes while the page is visible, so a tab in
// the background costs the board's link nothing. Uses window.hilbridgePage only (app.js owns the connection).
'use strict';

(() => {
  const page = window.hilbridgePage;
  if (!page) return;
  const views = new Map(); // device id -> Map<light id, [cell elements]>
  let subscribed = false;

  function subscribe(want) {
    if (want === subscribed) return;
    subscribed = want;
    page.send({ type: want ? 'pixels.subscribe' : 'pixels.unsubscribe' });
  }

  // A (re)connect starts a new session on the bridge: nothing is subscribed there yet.
  page.on('hello', () => { subscribed = false; subscribe(!document.hidden); });
  document.addEventListener('visibilitychange', () => subscribe(!document.hidden));

  page.onDevice(dev => {
    let panel = dev.extras.querySelector('.pixels-panel');
    if (panel) panel.remove();
    panel = document.createElement('section');
    panel.className = 'pixels-panel';
    const title = document.createElement('h3');
    title.className = 'pixels-title';
    title.id = 'pixels-title-' + dev.id;
    title.textContent = 'Live view';
    panel.setAttribute('aria-labelledby', title.id);
    panel.appendChild(title);
    const lights = new Map();
    for (const light of dev.info.lights || []) {
      const row = document.createElement('div');
      row.className = 'pixels-row';
      const label = document.createElement('span');
      label.className = 'pixels-label';
      label.textContent = light.name;
      const strip = document.createElement('div');
      strip.className = 'pixels-strip';
      strip.setAttribute('role', 'img');
      strip.setAttribute('aria-label', light.name + ': what its ' + light.pixels + ' pixel(s) show now');
      strip.dataset.device = dev.id;
      strip.dataset.light = String(light.id);
      const cells = [];
      for (let i = 0; i < light.pixels; i++) {
        const cell = document.createElement('span');
        cell.className = 'pixels-cell';
        cell.dataset.color = '#000000';
        strip.appendChild(cell);
        cells.push(cell);
      }
      row.append(label, strip);
      panel.appendChild(row);
      lights.set(light.id, cells);
    }
    dev.extras.appendChild(panel);
    views.set(dev.id, lights);
  });

  page.on('pixels', msg => {
    const cells = views.get(msg.device) && views.get(msg.device).get(msg.light);
    if (!cells) return;
    msg.colors.forEach((color, i) => {
      const cell = cells[msg.first + i];
      if (!cell || cell.dataset.color === color) return;
      cell.dataset.color = color;
      cell.style.backgroundColor = color;
    });
  });
})();
