/*
 * The device registry page: the devices the user may see with a filter; for administrators and seal providers the
 * register and CSV import forms and the lifecycle select; for administrators key rotation and revocation. Keys go
 * only to the device's seal provider: an administrator's registration or rotation leaves the key waiting, and the
 * provider takes it ("Take key", the provisioning claim). Keys are shown once in the key box, to copy or download,
 * and are kept nowhere else.
 */
(function () {
  'use strict';

  const { api, ApiError, el, time, age, label, base } = window.Ects;

  const LIFECYCLES = ['IN_STOCK', 'ASSIGNED', 'ARMED', 'REMOVED', 'RETURNED', 'LOST', 'MAINTENANCE'];
  const KINDS = { E_SEAL: 'E-seal', E_LOCK: 'E-lock', TRACKER: 'Tracker' };
  const LOW_BATTERY = 20;

  const page = document.getElementById('devices');
  const managesDevices = page.dataset.managesDevices === 'true';
  const administers = page.dataset.administers === 'true';
  const providesSeals = page.dataset.providesSeals === 'true';
  const rows = document.getElementById('device-rows');
  const count = document.getElementById('device-count');
  const filter = document.getElementById('device-filter');
  const pageError = document.getElementById('device-error');
  const columns = administers ? 10 : 9;

  /** Device id → device, as last read from the API. */
  const devices = new Map();
  /** Device ids registered in this page view, highlighted once. */
  const fresh = new Set();

  // ---- API calls with a text body (the CSV import); ects.js sends JSON only ----

  function meta(name) {
    const element = document.querySelector('meta[name="' + name + '"]');
    return element ? element.getAttribute('content') : null;
  }

  async function postText(path, text, contentType) {
    const headers = { Accept: 'application/json', 'Content-Type': contentType };
    const token = meta('_csrf');
    if (token) {
      headers[meta('_csrf_header') || 'X-CSRF-TOKEN'] = token;
    }
    const response = await fetch(base + '/api/v1' + path, {
      method: 'POST', headers, body: text, credentials: 'same-origin'
    });
    if (response.status === 401) {
      window.location.assign(base + '/login');
      throw new ApiError(401, null);
    }
    const body = await response.text();
    let parsed = null;
    try {
      parsed = body ? JSON.parse(body) : null;
    } catch (e) {
      parsed = null;
    }
    if (!response.ok) {
      throw new ApiError(response.status, parsed);
    }
    return parsed;
  }

  // ---- The table ----

  function showPageError(message) {
    pageError.textContent = message;
    pageError.hidden = !message;
  }

  /** Reads the registry again; a periodic reload leaves the table alone while a lifecycle is being chosen. */
  async function load(periodic) {
    if (periodic && rows.contains(document.activeElement) && document.activeElement.tagName === 'SELECT') {
      return;
    }
    let list;
    try {
      list = await api('/devices');
    } catch (err) {
      rows.replaceChildren(emptyRow('Devices unavailable: ' + err.message));
      return;
    }
    devices.clear();
    (list || []).forEach((d) => devices.set(d.deviceId, d));
    render();
  }

  function emptyRow(text) {
    return el('tr', { class: 'empty-row' }, el('td', { colspan: columns, class: 'empty' }, text));
  }

  function sorted() {
    // Newest registrations first: what was just registered or imported is on top.
    return Array.from(devices.values()).sort((a, b) =>
      String(b.createdAt).localeCompare(String(a.createdAt)) || a.deviceId.localeCompare(b.deviceId));
  }

  function render() {
    const list = sorted();
    if (list.length === 0) {
      rows.replaceChildren(emptyRow(managesDevices ? 'No devices yet: register one.' : 'No devices.'));
    } else {
      rows.replaceChildren(...list.map(row));
    }
    fresh.clear(); // highlighted once, not again at the next reload
    applyFilter();
  }

  function row(d) {
    const revoked = !!d.revokedAt;
    const tr = el('tr', {
      class: 'device-row' + (revoked ? ' revoked' : '') + (fresh.has(d.deviceId) ? ' fresh' : ''),
      dataset: { deviceId: d.deviceId, search: searchText(d) }
    },
    el('td', { class: 'mono device-id' }, d.deviceId),
    el('td', {}, KINDS[d.kind] || label(d.kind)),
    el('td', {}, protocolText(d)),
    el('td', {}, d.sealClass || '–'),
    el('td', { class: 'lifecycle' }, lifecycleCell(d)),
    el('td', { class: 'last-seen', title: d.lastSeenAt ? time(d.lastSeenAt) : 'never reported' },
      d.lastSeenAt ? age(d.lastSeenAt) : 'never'),
    el('td', { class: 'number battery' + (d.batteryPercent !== null && d.batteryPercent !== undefined
      && d.batteryPercent < LOW_BATTERY ? ' low' : '') },
    d.batteryPercent === null || d.batteryPercent === undefined ? '–' : d.batteryPercent + ' %'),
    el('td', {}, d.firmware || '–'),
    el('td', { class: 'status' }, revoked
      ? el('span', { class: 'badge revoked', title: 'Revoked ' + time(d.revokedAt) }, 'revoked')
      : [el('span', { class: 'badge state', title: 'Key version ' + d.keyVersion }, 'active'),
        d.keyAwaitingProvider ? keyWaiting(d) : null]));
    if (administers) {
      tr.appendChild(el('td', { class: 'row-actions' }, revoked ? null : [
        el('button', { type: 'button', class: 'rotate-key', onclick: () => rotateKey(d) }, 'Rotate key'),
        el('button', { type: 'button', class: 'danger revoke', onclick: () => openRevoke(d) }, 'Revoke…')
      ]));
    }
    return tr;
  }

  /** A key waiting for its seal provider: the provider takes it here, others see that it waits. */
  function keyWaiting(d) {
    if (providesSeals) {
      return el('button', { type: 'button', class: 'take-key', onclick: () => takeKey(d) }, 'Take key');
    }
    return el('span', { class: 'badge key-waiting', title: 'Key version ' + d.keyVersion
      + ' waits for the seal provider to take it' }, 'key waiting');
  }

  async function takeKey(d) {
    try {
      const answer = await api('/devices/' + encodeURIComponent(d.deviceId) + '/provisioning', { method: 'POST' });
      devices.set(answer.device.deviceId, answer.device);
      showPageError('');
      render();
      keyBox.show([answer], 'taken');
    } catch (err) {
      showPageError('Could not take the key of ' + d.deviceId + ': ' + err.message);
    }
  }

  function lifecycleCell(d) {
    if (!managesDevices) {
      return label(d.lifecycle);
    }
    const select = el('select', { class: 'lifecycle-select', 'aria-label': 'Lifecycle of ' + d.deviceId },
      LIFECYCLES.map((l) => el('option', { value: l, selected: l === d.lifecycle }, label(l))));
    select.addEventListener('change', async () => {
      select.disabled = true;
      try {
        const updated = await api('/devices/' + encodeURIComponent(d.deviceId) + '/lifecycle', {
          method: 'POST', body: { lifecycle: select.value }
        });
        devices.set(updated.deviceId, updated);
        showPageError('');
        render();
      } catch (err) {
        select.value = d.lifecycle;
        select.disabled = false;
        showPageError('Could not change the lifecycle of ' + d.deviceId + ': ' + err.message);
      }
    });
    return select;
  }

  /** The protocol, with the payload format of Iridium devices: "iridium (t622)". */
  function protocolText(d) {
    if (!d.protocol) {
      return '–';
    }
    return d.payloadFormat ? d.protocol + ' (' + d.payloadFormat + ')' : d.protocol;
  }

  function searchText(d) {
    return [d.deviceId, d.kind, KINDS[d.kind], d.protocol, d.payloadFormat, d.sealClass, d.lifecycle, label(d.lifecycle),
      d.firmware, d.revokedAt ? 'revoked' : 'active'].filter(Boolean).join(' ').toLowerCase();
  }

  function applyFilter() {
    const words = filter.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
    let shown = 0;
    rows.querySelectorAll('tr.device-row').forEach((tr) => {
      const match = words.every((w) => tr.dataset.search.indexOf(w) >= 0);
      tr.hidden = !match;
      shown += match ? 1 : 0;
    });
    count.textContent = words.length ? shown + ' / ' + devices.size : String(devices.size);
  }

  filter.addEventListener('input', applyFilter);

  // ---- Key rotation and revocation (administrators) ----

  async function rotateKey(d) {
    if (!window.confirm('Rotate the key of ' + d.deviceId + '? The current key stops verifying at once: the device\'s '
        + 'seal provider must take the new one and load it into the device.')) {
      return;
    }
    try {
      const answer = await api('/devices/' + encodeURIComponent(d.deviceId) + '/key', { method: 'POST' });
      devices.set(answer.device.deviceId, answer.device);
      showPageError('');
      render();
      keyBox.show([answer], 'rotated');
    } catch (err) {
      showPageError('Could not rotate the key of ' + d.deviceId + ': ' + err.message);
    }
  }

  const revokeDialog = document.getElementById('revoke-dialog');
  let revoking = null;

  function openRevoke(d) {
    revoking = d;
    document.getElementById('revoke-subject').textContent = d.deviceId + ' · ' + (KINDS[d.kind] || d.kind)
      + ' · ' + (d.protocol || '');
    document.getElementById('revoke-reason').value = '';
    document.getElementById('revoke-error').hidden = true;
    revokeDialog.showModal();
    document.getElementById('revoke-reason').focus();
  }

  if (revokeDialog) {
    document.getElementById('revoke-cancel').addEventListener('click', () => revokeDialog.close());
    document.getElementById('revoke-form').addEventListener('submit', async (e) => {
      e.preventDefault();
      const reason = document.getElementById('revoke-reason').value.trim();
      const error = document.getElementById('revoke-error');
      if (!reason) {
        error.textContent = 'Give a reason.';
        error.hidden = false;
        return;
      }
      const confirm = document.getElementById('revoke-confirm');
      confirm.disabled = true;
      try {
        const updated = await api('/devices/' + encodeURIComponent(revoking.deviceId) + '/revoke', {
          method: 'POST', body: { reason }
        });
        devices.set(updated.deviceId, updated);
        render();
        revokeDialog.close();
      } catch (err) {
        error.textContent = 'Could not revoke: ' + problemText(err);
        error.hidden = false;
      } finally {
        confirm.disabled = false;
      }
    });
  }

  // ---- The key box: keys shown once ----

  const keyBox = (function () {
    const box = document.getElementById('key-box');
    if (!box) {
      return { show: () => {} };
    }
    const list = document.getElementById('key-list');
    const download = document.getElementById('key-download');
    /** The keys on show, newest first: { deviceId, key, protocol, why }. */
    let shown = [];

    function copy(text, button) {
      const done = () => {
        const before = button.textContent;
        button.textContent = 'Copied';
        window.setTimeout(() => { button.textContent = before; }, 1500);
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(done, () => fallbackCopy(text) && done());
      } else if (fallbackCopy(text)) {
        done();
      }
    }

    /** Copies through a selected text area, for pages served over plain HTTP (no clipboard API there). */
    function fallbackCopy(text) {
      const area = el('textarea', { class: 'offscreen', readonly: true }, text);
      document.body.appendChild(area);
      area.select();
      let ok = false;
      try {
        ok = document.execCommand('copy');
      } catch (e) {
        ok = false;
      }
      area.remove();
      return ok;
    }

    function csv() {
      return 'deviceId,base64key\n' + shown.filter((k) => k.key).map((k) => k.deviceId + ',' + k.key).join('\n')
        + '\n';
    }

    function render() {
      list.replaceChildren(...shown.map((k) => el('li', { class: 'key-item', dataset: { deviceId: k.deviceId } },
        el('div', { class: 'key-title' },
          el('span', { class: 'mono' }, k.deviceId),
          el('span', { class: 'key-why' }, k.why)),
        k.key
          ? el('div', { class: 'key-line' },
            el('input', { class: 'key-value mono', type: 'text', readonly: true, value: k.key,
              'aria-label': 'Key of ' + k.deviceId, onfocus: (e) => e.target.select() }),
            el('button', { type: 'button', class: 'copy-key', onclick: (e) => copy(k.key, e.target) }, 'Copy'))
          : el('div', { class: 'hint' }, k.waiting
            ? 'Key held for the device\'s seal provider: it takes it on its devices page.'
            : 'No key: ' + k.protocol + ' devices do not sign their messages.'))));
      const withKeys = shown.filter((k) => k.key).length;
      download.hidden = withKeys === 0;
      document.getElementById('key-copy-all').hidden = withKeys < 2;
      download.href = withKeys ? 'data:text/csv;charset=utf-8,' + encodeURIComponent(csv()) : '#';
      box.hidden = shown.length === 0;
    }

    document.getElementById('key-copy-all').addEventListener('click', (e) => copy(csv(), e.target));
    document.getElementById('key-done').addEventListener('click', () => {
      shown = [];
      render();
    });
    window.addEventListener('beforeunload', (e) => {
      if (shown.some((k) => k.key)) {
        // Leaving forgets the keys for good: let the browser ask first.
        e.preventDefault();
        e.returnValue = '';
      }
    });

    return {
      /** Shows the keys of registered or rotated devices ({device, key} answers) on top of those already shown. */
      show: function (answers, why) {
        const added = answers.map((a) => ({
          deviceId: a.device.deviceId, key: a.key || null, protocol: protocolText(a.device), why,
          waiting: !!a.device.keyAwaitingProvider
        }));
        const ids = new Set(added.map((k) => k.deviceId));
        shown = added.concat(shown.filter((k) => !ids.has(k.deviceId)));
        render();
        box.scrollIntoView({ block: 'nearest' });
      }
    };
  })();

  // ---- Register and import forms (administrators and seal providers) ----

  function problemText(err) {
    const errors = err.problem && Array.isArray(err.problem.errors) ? err.problem.errors : [];
    return errors.length ? errors.map((e) => e.field + ' ' + e.message).join('; ') : err.message;
  }

  function clearErrors(form, general) {
    form.querySelectorAll('.field-error').forEach((p) => { p.hidden = true; p.replaceChildren(); });
    form.querySelectorAll('.invalid').forEach((f) => f.classList.remove('invalid'));
    if (general) {
      general.hidden = true;
    }
  }

  /** Puts each error a problem names next to its field; what names no field of the form goes to {@code general}. */
  function showProblem(form, err, general) {
    const errors = err.problem && Array.isArray(err.problem.errors) ? err.problem.errors.slice() : [];
    if (err.status === 409 && errors.length === 0) {
      errors.push({ field: 'deviceId', message: err.message });
    }
    const unplaced = [];
    errors.forEach((e) => {
      const slot = form.querySelector('.field-error[data-field="' + CSS.escape(String(e.field)) + '"]');
      if (slot) {
        slot.appendChild(document.createTextNode((slot.textContent ? '; ' : '') + e.message));
        slot.hidden = false;
        const input = form.elements[e.field];
        if (input) {
          input.classList.add('invalid');
        }
      } else {
        unplaced.push(e.field + ': ' + e.message);
      }
    });
    if (errors.length === 0) {
      unplaced.push(err.message);
    }
    if (unplaced.length) {
      general.textContent = unplaced.join('; ');
      general.hidden = false;
    }
  }

  const registerForm = document.getElementById('register-form');
  if (registerForm) {
    const kind = registerForm.elements.kind;
    const sealClass = registerForm.elements.sealClass;
    const general = document.getElementById('register-error');

    // Trackers carry no seal: no ISO 17712 class.
    kind.addEventListener('change', () => {
      const tracker = kind.value === 'TRACKER';
      sealClass.disabled = tracker;
      if (tracker) {
        sealClass.value = '';
      } else if (!sealClass.value) {
        sealClass.value = 'H';
      }
    });

    registerForm.addEventListener('submit', async (e) => {
      e.preventDefault();
      clearErrors(registerForm, general);
      const f = registerForm.elements;
      const body = {
        deviceId: f.deviceId.value.trim(),
        kind: f.kind.value,
        sealClass: f.sealClass.value || null,
        protocol: f.protocol.value,
        payloadFormat: f.protocol.value === 'iridium' ? f.payloadFormat.value : null,
        firmware: f.firmware.value.trim() || null
      };
      if (f.ownerOrganisationId && f.ownerOrganisationId.value) {
        body.ownerOrganisationId = Number(f.ownerOrganisationId.value);
      }
      const submit = document.getElementById('register-submit');
      submit.disabled = true;
      try {
        const answer = await api('/devices', { method: 'POST', body });
        devices.set(answer.device.deviceId, answer.device);
        fresh.add(answer.device.deviceId);
        filter.value = '';
        render();
        keyBox.show([answer], 'registered');
        f.deviceId.value = '';
        f.firmware.value = '';
      } catch (err) {
        showProblem(registerForm, err, general);
      } finally {
        submit.disabled = false;
      }
    });

    // The payload format is asked for Iridium devices only.
    const payloadFormatRow = document.getElementById('register-payload-format-row');
    const showPayloadFormat = () => {
      payloadFormatRow.hidden = registerForm.elements.protocol.value !== 'iridium';
    };
    registerForm.elements.protocol.addEventListener('change', showPayloadFormat);
    showPayloadFormat();

    // Coming from the ingress page: "Register" on an unknown device fills its id in.
    const params = new URLSearchParams(window.location.search);
    const wanted = params.get('register');
    if (wanted) {
      registerForm.elements.deviceId.value = wanted;
      const protocol = params.get('protocol');
      if (protocol && Array.from(registerForm.elements.protocol.options).some((o) => o.value === protocol)) {
        registerForm.elements.protocol.value = protocol;
        showPayloadFormat();
      }
      registerForm.scrollIntoView({ block: 'nearest' });
      registerForm.elements.deviceId.focus();
    }
  }

  const importForm = document.getElementById('import-form');
  if (importForm) {
    const text = document.getElementById('import-csv');
    const file = document.getElementById('import-file');
    const errors = document.getElementById('import-errors');

    file.addEventListener('change', async () => {
      if (file.files.length) {
        text.value = await file.files[0].text();
      }
    });

    importForm.addEventListener('submit', async (e) => {
      e.preventDefault();
      errors.hidden = true;
      errors.replaceChildren();
      const csv = text.value.trim();
      if (!csv) {
        errors.replaceChildren(el('li', {}, 'Choose a file or paste the lines first.'));
        errors.hidden = false;
        return;
      }
      const submit = document.getElementById('import-submit');
      submit.disabled = true;
      try {
        const answers = await postText('/devices/import', csv + '\n', 'text/csv');
        (answers || []).forEach((a) => {
          devices.set(a.device.deviceId, a.device);
          fresh.add(a.device.deviceId);
        });
        filter.value = '';
        render();
        keyBox.show(answers || [], 'imported');
        text.value = '';
        file.value = '';
      } catch (err) {
        const problems = err.problem && Array.isArray(err.problem.errors) ? err.problem.errors : [];
        const lines = problems.length
          ? problems.map((p) => p.field + ': ' + p.message)
          : [err.message];
        errors.replaceChildren(...lines.map((line) => el('li', {}, line)));
        errors.hidden = false;
      } finally {
        submit.disabled = false;
      }
    });
  }

  // Administrators name the seal provider owning a device: the one that will take its key.
  const owner = document.getElementById('register-owner');
  if (owner) {
    api('/organisations').then((list) => {
      (list || []).filter((o) => o.type === 'SEAL_PROVIDER')
        .forEach((o) => owner.appendChild(el('option', { value: String(o.id) }, o.name)));
    }).catch(() => {});
  }

  load();
  // Last seen ages move on; the figures themselves come with the next load.
  window.setInterval(() => load(true), 60000);
})();
