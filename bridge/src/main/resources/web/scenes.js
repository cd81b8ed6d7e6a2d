// Scenes panel (protocol-spec/websocket-api.md section 5): save the lights of a board as a named scene, apply,
// rename, delete, and mark the scene applied after power-on. Talks only through window.hilbridgePage; every
// browser sees every change because the bridge broadcasts scene.list after each one.
(() => {
  'use strict';
  const page = window.hilbridgePage;
  if (!page) return;
  const MAX_NAME = 40;
  const lists = new Map();   // device id -> last scene.list message
  const panels = new Map();  // device id -> panel element
  const pending = new Map(); // request id -> device id
  let seq = 0;

  function el(tag, props, ...children) {
    const e = document.createElement(tag);
    Object.assign(e, props || {});
    for (const c of children) if (c != null) e.append(c);
    return e;
  }

  function request(device, msg) {
    const id = 'scene-' + (++seq);
    pending.set(id, device);
    if (!page.send(Object.assign({ id, device }, msg))) {
      pending.delete(id);
      status(device, 'Not connected to the bridge.', true);
    }
  }

  function status(device, text, bad) {
    const p = panels.get(device);
    if (!p) return;
    const line = p.querySelector('.scene-status');
    line.textContent = text;
    line.classList.toggle('scene-bad', !!bad);
  }

  function buildPanel(dev) {
    const old = dev.extras.querySelector('.scenes');
    if (old) old.remove();
    const titleId = 'scenes-title-' + dev.id;
    const inputId = 'scene-name-' + dev.id;
    const panel = el('section', { className: 'scenes' });
    panel.setAttribute('aria-labelledby', titleId);
    const input = el('input', { id: inputId, className: 'scene-name-input', type: 'text', maxLength: MAX_NAME,
      required: true, autocomplete: 'off', placeholder: 'e.g. Evening' });
    const form = el('form', { className: 'scene-save' },
      el('label', { htmlFor: inputId, textContent: 'Save current lights as' }), input,
      el('button', { type: 'submit', className: 'scene-save-btn', textContent: 'Save scene' }));
    form.addEventListener('submit', ev => {
      ev.preventDefault();
      const name = input.value.trim();
      if (!name) { status(dev.id, 'Give the scene a name.', true); return; }
      request(dev.id, { type: 'scene.save', name });
      input.value = '';
    });
    panel.append(
      el('h3', { id: titleId, className: 'scenes-title', textContent: 'Scenes' }),
      form,
      el('p', { className: 'scene-problem', hidden: true }),
      el('ul', { className: 'scene-list' }),
      el('p', { className: 'scene-status', role: 'status' }));
    panel.querySelector('.scene-status').setAttribute('aria-live', 'polite');
    dev.extras.append(panel);
    panels.set(dev.id, panel);
    if (lists.has(dev.id)) render(dev.id);
    request(dev.id, { type: 'scene.list' });
  }

  function render(device) {
    const panel = panels.get(device);
    const msg = lists.get(device);
    if (!panel || !msg) return;
    const problem = panel.querySelector('.scene-problem');
    problem.hidden = !msg.problem;
    problem.textContent = msg.problem ? 'Scenes cannot be saved: ' + msg.problem : '';
    const ul = panel.querySelector('.scene-list');
    ul.replaceChildren();
    if (msg.scenes.length === 0) {
      ul.append(el('li', { className: 'scene-empty', textContent: 'No scenes yet.' }));
      return;
    }
    for (const s of msg.scenes) ul.append(sceneRow(device, s));
  }

  function sceneRow(device, s) {
    const li = el('li', { className: 'scene' });
    li.dataset.scene = s.name;
    const name = el('span', { className: 'scene-name', textContent: s.name });
    const apply = el('button', { type: 'button', className: 'scene-apply', textContent: 'Apply' });
    apply.setAttribute('aria-label', 'Apply scene ' + s.name);
    apply.addEventListener('click', () => {
      status(device, 'Applying “' + s.name + '”…');
      request(device, { type: 'scene.apply', name: s.name });
    });
    const rename = el('button', { type: 'button', className: 'scene-rename', textContent: 'Rename' });
    rename.setAttribute('aria-label', 'Rename scene ' + s.name);
    rename.addEventListener('click', () => startRename(device, li, s.name));
    const del = el('button', { type: 'button', className: 'scene-delete', textContent: 'Delete' });
    del.setAttribute('aria-label', 'Delete scene ' + s.name);
    del.addEventListener('click', () => request(device, { type: 'scene.delete', name: s.name }));
    const box = el('input', { type: 'checkbox', className: 'scene-poweron', checked: s.powerOn });
    box.addEventListener('change', () =>
      request(device, { type: 'scene.powerOn', name: box.checked ? s.name : null }));
    const mark = el('label', { className: 'scene-poweron-label' }, box, ' After power-on');
    li.append(name, el('span', { className: 'scene-actions' }, apply, rename, del, mark));
    return li;
  }

  function startRename(device, li, current) {
    const inputId = 'scene-rename-' + device + '-' + (++seq);
    const input = el('input', { id: inputId, type: 'text', className: 'scene-rename-input', value: current,
      maxLength: MAX_NAME, required: true, autocomplete: 'off' });
    const form = el('form', { className: 'scene-rename-form' },
      el('label', { htmlFor: inputId, className: 'visually-hidden', textContent: 'New name for ' + current }),
      input,
      el('button', { type: 'submit', textContent: 'OK' }),
      el('button', { type: 'button', className: 'scene-rename-cancel', textContent: 'Cancel' }));
    form.addEventListener('submit', ev => {
      ev.preventDefault();
      const to = input.value.trim();
      if (to && to !== current) request(device, { type: 'scene.rename', name: current, to });
      else render(device);
    });
    form.querySelector('.scene-rename-cancel').addEventListener('click', () => render(device));
    li.replaceChildren(form);
    input.focus();
    input.select();
  }

  page.onDevice(buildPanel);

  // (Re)connected: ask again, the lists may have changed while this page was away.
  for (const type of ['hello', 'snapshot']) {
    page.on(type, () => { for (const device of panels.keys()) request(device, { type: 'scene.list' }); });
  }

  page.on('scene.list', msg => {
    lists.set(msg.device, msg);
    render(msg.device);
    if (msg.id != null && pending.delete(msg.id)) status(msg.device, '');
  });

  page.on('scene.applied', msg => {
    pending.delete(msg.id);
    status(msg.device, 'Applied “' + msg.name + '”.');
  });

  page.on('error', msg => {
    if (msg.id == null || !pending.has(msg.id)) return;
    const device = pending.get(msg.id);
    pending.delete(msg.id);
    status(device, msg.message + ' (' + msg.code + ')', true);
  });
})();
