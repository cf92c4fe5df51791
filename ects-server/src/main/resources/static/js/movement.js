/*
 * One movement: summary, map (corridor, geofences, track, latest position), its alerts and its timeline, all
 * following the live stream; its chain of custody, with the form officers record steps with (photos included) while
 * the movement is active, and the dialog that cancels it.
 */
(function () {
  'use strict';

  const { api, apiAll, el, time, age, label, movement, inAlert, live, page } = window.Ects;

  const root = document.getElementById('movement');
  const movementId = root.dataset.movementId;
  const path = '/movements/' + encodeURIComponent(movementId);
  const map = EctsMap.create(document.getElementById('map'));
  const timeline = document.getElementById('timeline');
  const ALERT_TYPES = ['CORRIDOR_LEFT', 'SEAL_OPENED', 'SEAL_TAMPERED', 'REPORTING_GAP'];

  let view = null;
  let layers = null;
  let track = null;
  let trustDots = null;
  let marker = null;
  let events = [];

  const alerts = new EctsAlerts.AlertList(document.getElementById('alert-list'), {
    movementId: movementId,
    count: document.getElementById('open-alert-count'),
    onChange: () => { renderSummary(); renderTimeline(); }
  });

  const text = (id, value) => { document.getElementById(id).textContent = value || '–'; };

  function openAlerts() {
    return alerts.openCounts().get(String(movementId)) || 0;
  }

  function markerState() {
    if (!view || !view.active) {
      return 'inactive';
    }
    return inAlert(Object.assign({}, view, { openAlerts: openAlerts() })) ? 'alert' : 'ok';
  }

  function renderSummary() {
    if (!view) {
      return;
    }
    document.title = view.reference + ' · OpenECTS';
    text('movement-reference', view.reference);
    const state = document.getElementById('movement-state');
    const s = markerState();
    state.textContent = view.state ? label(view.state) : s;
    state.className = 'state-badge ' + s + (view.state ? ' state-' + String(view.state).toLowerCase() : '');
    text('movement-device', view.devices.length > 1
      ? view.devices.map((d) => d.deviceId + ' (' + label(d.role) + ')').join(', ')
      : view.deviceId);
    text('movement-vehicle', view.vehicle);
    text('movement-route', (view.origin || '?') + ' → ' + (view.destination || '?'));
    text('movement-seal', view.seal ? label(view.seal) : null);
    text('movement-last-report', view.lastReportAt ? time(view.lastReportAt) + ' (' + age(view.lastReportAt) + ')' : 'no report yet');
    text('movement-last-trust', view.lastTrust ? EctsMap.trustLabel(view.lastTrust) : null);
    text('movement-open-alerts', String(openAlerts()));
    text('movement-distance', view.estimatedDistanceMeters === null ? null
      : (view.estimatedDistanceMeters / 1000).toFixed(1) + ' km');
    text('movement-transit', view.estimatedTransitSeconds === null ? null : duration(view.estimatedTransitSeconds));
    text('movement-time-limit', view.timeLimit ? time(view.timeLimit) : null);
    renderEnded();
    custody.setActive(view.holdsDevices);
    cancelling.setActive(view.allowedNextStates.indexOf('CANCELLED') >= 0);
    if (marker) {
      EctsMap.setMarkerState(marker, s);
    }
  }

  /** Seconds as hours and minutes: 26 h 05 min. */
  function duration(seconds) {
    const minutes = Math.round(seconds / 60);
    return Math.floor(minutes / 60) + ' h ' + String(minutes % 60).padStart(2, '0') + ' min';
  }

  /** The movement's transitions, oldest first: from, to, when, who, where and why. */
  async function loadTransitions() {
    try {
      const list = await api(path + '/transitions');
      document.getElementById('transition-list').replaceChildren(...list.map((t) => el('li', {
        class: 'transition state-' + String(t.to).toLowerCase(), dataset: { to: t.to }
      }, [
        el('strong', {}, (t.from ? label(t.from) + ' → ' : '') + label(t.to)), ' ',
        el('time', { datetime: t.at, title: age(t.at) }, time(t.at)),
        ' by ', el('span', { class: 'actor' }, t.actor),
        t.place ? ' at ' + t.place : '',
        ': ', el('span', { class: 'reason' }, t.reason)
      ])));
    } catch (err) {
      console.warn('could not read the transitions', err);
    }
  }

  /** How the movement ended (seals removed, closed or cancelled), when, by whom and why. */
  function renderEnded() {
    const line = document.getElementById('movement-ended');
    if (view.active || !view.endedAt) {
      line.hidden = true;
      line.replaceChildren();
      return;
    }
    const parts = [
      el('strong', { class: 'ended-state' }, label(view.state)),
      ' ',
      el('time', { class: 'ended-at', datetime: view.endedAt, title: age(view.endedAt) }, time(view.endedAt))
    ];
    if (view.endedBy) {
      parts.push(' by ', el('span', { class: 'ended-by' }, view.endedBy));
    }
    if (view.endReason) {
      parts.push(': ', el('span', { class: 'end-reason' }, view.endReason));
    }
    line.replaceChildren(...parts);
    line.className = 'movement-ended state-' + String(view.state).toLowerCase();
    line.hidden = false;
  }

  /** Reads the movement again for its state and how it ended (after a custody step or a cancellation). */
  async function refreshState() {
    try {
      const fresh = movement(await api(path));
      if (view) {
        ['state', 'active', 'holdsDevices', 'finalState', 'allowedNextStates', 'endedAt', 'endedBy', 'endReason']
          .forEach((key) => { view[key] = fresh[key]; });
        renderSummary();
        loadTransitions();
      }
    } catch (err) {
      console.warn('could not re-read the movement', err);
    }
  }

  /** Whether an event raised an alert: the API says so, or it has an alert's type, or the time and type of one. */
  function isAlert(event) {
    if (event.alert === true || ALERT_TYPES.indexOf(String(event.type)) >= 0) {
      return true;
    }
    let match = false;
    alerts.alerts.forEach((a) => {
      match = match || (a.type === event.type && a.raisedAt === event.at);
    });
    return match;
  }

  function renderTimeline() {
    const items = events.map((e) => {
      const located = e.latitude !== undefined && e.latitude !== null;
      const classes = ['timeline-item'];
      if (isAlert(e)) {
        classes.push('is-alert');
      }
      if (e.late) {
        classes.push('is-late');
      }
      if (located) {
        classes.push('located');
      }
      const severity = e.severity ? String(e.severity).toLowerCase() : null;
      return el('li', {
        class: classes.join(' '),
        dataset: { type: String(e.type), at: String(e.at) },
        onclick: located ? () => {
          map.setView([e.latitude, e.longitude], Math.max(map.getZoom(), 11));
          L.popup().setLatLng([e.latitude, e.longitude])
            .setContent(EctsMap.text(label(e.type) + ' · ' + time(e.at))).openOn(map);
        } : null
      },
      el('div', { class: 'line' },
        el('span', { class: 'type' }, label(e.type)),
        severity ? el('span', { class: 'badge sev-' + severity }, severity) : null,
        e.late ? el('span', { class: 'badge late', title: 'Detected late, from buffered history' }, 'late') : null,
        el('time', { class: 'time', datetime: e.at }, time(e.at))),
      e.detail ? el('div', { class: 'detail' }, e.detail) : null);
    });
    if (items.length === 0) {
      items.push(el('li', { class: 'empty' }, 'No events yet.'));
    }
    timeline.replaceChildren(...items);
  }

  function addEvent(e) {
    let index = events.length;
    while (index > 0 && String(events[index - 1].at) > String(e.at)) {
      index--;
    }
    events.splice(index, 0, e);
    renderTimeline();
  }

  function placeMarker(point) {
    const latLng = [point.latitude, point.longitude];
    if (marker) {
      marker.setLatLng(latLng);
    } else {
      marker = EctsMap.positionMarker(map, latLng, markerState(), view ? view.reference : null, false);
    }
  }

  async function load() {
    try {
      const [detail, points, list] = await Promise.all([
        api(path), apiAll(path + '/track'), api(path + '/events')
      ]);
      view = movement(detail);
      if (layers) {
        layers.remove();
      }
      if (track) {
        track.line.remove();
      }
      if (trustDots) {
        trustDots.layer.remove();
      }
      layers = EctsMap.routePlan(map, view.routePlan, view.reference);
      track = EctsMap.track(map, points || []);
      trustDots = EctsMap.trustPoints(map, points || []);
      const latest = track.latest() || view.last;
      if (latest) {
        placeMarker(latest);
        view.lastReportAt = view.lastReportAt || latest.at;
        view.lastTrust = latest.trust || view.lastTrust;
      }
      events = (list || []).slice().sort((a, b) => String(a.at).localeCompare(String(b.at)));
      EctsMap.fit(map, [layers.getBounds(), track.line.getBounds()]);
      renderSummary();
      renderTimeline();
    } catch (err) {
      const error = document.getElementById('movement-error');
      error.textContent = err.status === 404 || err.status === 403
        ? 'This movement does not exist or is not visible to you.'
        : 'Could not load the movement: ' + err.message;
      error.hidden = false;
      timeline.replaceChildren(el('li', { class: 'empty' }, 'No events.'));
    }
  }

  function onPosition(p) {
    if (String(p.movementId) !== String(movementId) || !track) {
      return;
    }
    trustDots.add(p);
    if (track.add(p)) {
      placeMarker(p);
      view.lastReportAt = p.at;
      view.lastTrust = p.trust;
      if (p.seal) {
        view.seal = p.seal;
      }
      renderSummary();
    }
  }

  function onEvent(e) {
    if (String(e.movementId) === String(movementId)) {
      addEvent(e);
    }
  }

  // ---- Chain of custody ----

  const SEAL_STATES = ['INTACT', 'BROKEN', 'MISSING', 'REPLACED'];
  const SEAL_ALERTS = ['BROKEN', 'MISSING'];
  const MAX_PHOTOS = 6;
  const MAX_PHOTO_BYTES = 10 * 1024 * 1024;

  /** Problem details' field errors, or none. */
  function fieldErrors(err) {
    return err && err.problem && Array.isArray(err.problem.errors) ? err.problem.errors : [];
  }

  function kilobytes(bytes) {
    return bytes >= 1024 * 1024 ? (bytes / 1024 / 1024).toFixed(1) + ' MiB' : Math.max(1, Math.round(bytes / 1024)) + ' KiB';
  }

  const custody = (function () {
    const list = document.getElementById('custody-list');
    const count = document.getElementById('custody-count');
    const record = document.getElementById('custody-record');
    const form = document.getElementById('custody-form');
    let steps = [];
    let loaded = false;
    let touched = false;
    let active = false;
    let sent = [];

    function photoLink(photo) {
      const digest = String(photo.sha256);
      const short = digest.substring(0, 12);
      return el('a', {
        class: 'photo',
        href: page(photo.url),
        target: '_blank',
        rel: 'noopener',
        title: 'SHA-256 ' + digest + '\n' + photo.width + ' × ' + photo.height + ' · '
          + String(photo.contentType).replace('image/', '').toUpperCase() + ' · ' + kilobytes(photo.sizeBytes),
        dataset: { sha256: digest }
      },
      el('img', { src: page(photo.thumbnailUrl), alt: 'Photo ' + short }),
      el('code', { class: 'digest' }, short));
    }

    function item(step) {
      const kind = String(step.kind);
      const seals = step.seals || [];
      const photos = step.photos || [];
      const flagged = seals.some((seal) => SEAL_ALERTS.indexOf(String(seal.state)) >= 0);
      const classes = ['custody-step', 'kind-' + kind.toLowerCase()];
      if (flagged) {
        classes.push('seal-alert');
      }
      return el('li', { class: classes.join(' '), dataset: { stepId: String(step.id), kind: kind } },
        el('div', { class: 'line' },
          el('span', { class: 'badge kind kind-' + kind.toLowerCase() }, label(kind)),
          el('span', { class: 'place' }, step.place),
          el('time', { class: 'time', datetime: step.recordedAt, title: age(step.recordedAt) }, time(step.recordedAt))),
        el('div', { class: 'meta' }, 'by ', el('span', { class: 'officer' }, step.recordedBy)),
        step.fromParty || step.toParty
          ? el('div', { class: 'parties' },
            el('span', { class: 'from' }, step.fromParty || '?'), ' → ', el('span', { class: 'to' }, step.toParty || '?'))
          : null,
        seals.length
          ? el('ul', { class: 'seals' }, seals.map((seal) => {
            const state = String(seal.state);
            return el('li', {
              class: 'seal seal-' + state.toLowerCase() + (SEAL_ALERTS.indexOf(state) >= 0 ? ' flagged' : ''),
              dataset: { state: state }
            },
            el('span', { class: 'number' }, seal.number),
            el('span', { class: 'badge seal-state' }, label(state)));
          }))
          : null,
        step.note ? el('div', { class: 'note' }, step.note) : null,
        photos.length ? el('div', { class: 'photos' }, photos.map(photoLink)) : null);
    }

    let rendered = null;

    /** Draws the chain; steps never change once recorded, so the same steps are not drawn again. */
    function render() {
      const key = steps.map((step) => step.id).join(',');
      if (key === rendered) {
        return;
      }
      const items = steps.map(item);
      if (items.length === 0) {
        items.push(el('li', { class: 'empty' }, 'No custody steps recorded.'));
      }
      list.replaceChildren(...items);
      rendered = key;
      count.textContent = String(steps.length);
    }

    async function load() {
      try {
        steps = (await api(path + '/custody')) || [];
        loaded = true;
        render();
        if (form && !touched) {
          prefill();
        }
      } catch (err) {
        list.replaceChildren(el('li', { class: 'empty error' }, 'Custody steps unavailable: ' + err.message));
        rendered = null;
      }
    }

    /** Shows the form only while the movement is active (and the steps are known). */
    function setActive(isActive) {
      active = !!isActive;
      if (record) {
        record.hidden = !(active && loaded);
      }
    }

    if (!form) {
      return { load: async () => { await load(); setActive(active); }, setActive: setActive };
    }

    const kind = form.elements.kind;
    const parties = document.getElementById('custody-parties');
    const sealList = document.getElementById('custody-seals');
    const photos = document.getElementById('custody-photos');
    const general = document.getElementById('custody-error');
    const submit = document.getElementById('custody-submit');

    function showParties() {
      parties.hidden = kind.value !== 'HANDOVER';
    }

    function sealRow(number, state) {
      const numberInput = el('input', {
        type: 'text', class: 'seal-number', maxlength: '64', autocomplete: 'off', spellcheck: 'false',
        placeholder: 'seal number', 'aria-label': 'Seal number'
      });
      const stateSelect = el('select', { class: 'seal-state', 'aria-label': 'Seal state' },
        SEAL_STATES.map((s) => el('option', { value: s }, label(s))));
      const row = el('li', { class: 'seal-row' },
        numberInput,
        stateSelect,
        el('button', {
          type: 'button', class: 'remove-seal', title: 'Remove this seal', 'aria-label': 'Remove this seal',
          onclick: () => {
            row.remove();
            if (sealList.children.length === 0) {
              sealList.appendChild(sealRow('', 'INTACT'));
            }
          }
        }, '×'),
        el('p', { class: 'field-error seal-error', hidden: true }));
      numberInput.value = number || '';
      stateSelect.value = state || 'INTACT';
      const flag = () => row.classList.toggle('flagged', SEAL_ALERTS.indexOf(stateSelect.value) >= 0);
      stateSelect.addEventListener('change', flag);
      flag();
      return row;
    }

    /**
     * An untouched form starts from the chain so far: ARMED when there is no step yet, VERIFIED after; the seals of
     * the last step (a replacement seal is now the one in place), each to be checked again.
     */
    function prefill() {
      kind.value = steps.length === 0 ? 'ARMED' : 'VERIFIED';
      showParties();
      const last = steps.length ? steps[steps.length - 1].seals || [] : [];
      const rows = last.map((seal) => sealRow(seal.number, seal.state === 'REPLACED' ? 'INTACT' : seal.state));
      sealList.replaceChildren(...(rows.length ? rows : [sealRow('', 'INTACT')]));
    }

    function clearErrors() {
      form.querySelectorAll('.field-error').forEach((p) => { p.hidden = true; p.replaceChildren(); });
      form.querySelectorAll('.invalid').forEach((f) => f.classList.remove('invalid'));
      general.hidden = true;
      general.textContent = '';
    }

    function say(slot, message, input) {
      slot.appendChild(document.createTextNode((slot.textContent ? '; ' : '') + message));
      slot.hidden = false;
      if (input) {
        input.classList.add('invalid');
      }
    }

    /** Puts each field error next to its field (a seal's in its row, a photo's under the file input), the rest in one line. */
    function showProblem(err, files) {
      const errors = fieldErrors(err);
      const unplaced = [];
      errors.forEach((e) => {
        const field = String(e.field);
        const seal = /^seals\[(\d+)\](?:\.(number|state))?$/.exec(field);
        const photo = /^photo(?:\[(\d+)\])?$/.exec(field);
        if (seal && sent[Number(seal[1])]) {
          const row = sent[Number(seal[1])];
          say(row.querySelector('.seal-error'), e.message,
            row.querySelector(seal[2] === 'state' ? '.seal-state' : '.seal-number'));
        } else if (photo) {
          const index = photo[1] === undefined ? null : Number(photo[1]);
          const file = index === null ? null : files[index];
          const prefix = index === null ? '' : 'Photo ' + (index + 1) + (file ? ' (' + file.name + ')' : '') + ': ';
          say(form.querySelector('.field-error[data-field="photo"]'), prefix + e.message, photos);
        } else {
          const slot = form.querySelector('.field-error[data-field="' + CSS.escape(field) + '"]');
          if (slot) {
            if (field === 'fromParty' || field === 'toParty') {
              parties.hidden = false;
            }
            say(slot, e.message, form.elements[field] || null);
          } else {
            unplaced.push(field + ': ' + e.message);
          }
        }
      });
      if (errors.length === 0) {
        unplaced.push(err.status === 413 ? 'The photos are too large to send together: ' + err.message : err.message);
      }
      if (unplaced.length) {
        general.textContent = unplaced.join('; ');
        general.hidden = false;
      }
      const first = form.querySelector('.field-error:not([hidden]), #custody-error:not([hidden])');
      if (first) {
        first.scrollIntoView({ block: 'nearest' });
      }
    }

    /** What the browser can tell before sending: too many photos, or one too large for the server to take. */
    function checkFiles(files) {
      const problems = [];
      if (files.length > MAX_PHOTOS) {
        problems.push({ field: 'photo', message: 'at most ' + MAX_PHOTOS + ' photos per step (' + files.length + ' chosen)' });
      }
      files.forEach((file, i) => {
        if (file.size > MAX_PHOTO_BYTES) {
          problems.push({ field: 'photo[' + i + ']', message: kilobytes(file.size) + '; at most 10 MiB' });
        }
      });
      return problems;
    }

    function step() {
      const rows = Array.from(sealList.querySelectorAll('.seal-row'));
      const filled = rows.filter((row) => row.querySelector('.seal-number').value.trim() !== '');
      sent = filled;
      const value = (name) => form.elements[name].value.trim();
      const body = {
        kind: kind.value,
        place: value('place'),
        seals: filled.map((row) => ({
          number: row.querySelector('.seal-number').value.trim(),
          state: row.querySelector('.seal-state').value
        }))
      };
      if (kind.value === 'HANDOVER') {
        body.fromParty = value('fromParty') || null;
        body.toParty = value('toParty') || null;
      }
      body.note = value('note') || null;
      return body;
    }

    kind.addEventListener('change', showParties);
    form.addEventListener('input', () => { touched = true; });
    form.addEventListener('change', () => { touched = true; });
    document.getElementById('custody-add-seal').addEventListener('click', () => {
      const row = sealRow('', 'INTACT');
      sealList.appendChild(row);
      row.querySelector('.seal-number').focus();
    });

    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      clearErrors();
      const files = Array.from(photos.files || []);
      const body = step();
      const local = checkFiles(files);
      if (local.length) {
        showProblem({ problem: { errors: local } }, files);
        return;
      }
      const data = new FormData();
      data.append('step', new Blob([JSON.stringify(body)], { type: 'application/json' }));
      files.forEach((file) => data.append('photo', file, file.name));
      submit.disabled = true;
      try {
        const recorded = await api(path + '/custody', { method: 'POST', body: data });
        form.reset();
        touched = false;
        record.open = false;
        await Promise.all([load(), refreshState()]);
        const shown = list.querySelector('.custody-step[data-step-id="' + CSS.escape(String(recorded.id)) + '"]');
        if (shown) {
          shown.classList.add('fresh');
          shown.scrollIntoView({ block: 'nearest' });
        }
      } catch (err) {
        showProblem(err, files);
        if (err.status === 409) {
          refreshState();
        }
      } finally {
        submit.disabled = false;
      }
    });

    showParties();
    return { load: async () => { await load(); setActive(active); }, setActive: setActive };
  })();

  // ---- Cancelling the movement ----

  const cancelling = (function () {
    const button = document.getElementById('cancel-movement');
    const dialog = document.getElementById('cancel-dialog');
    if (!button || !dialog) {
      return { setActive: () => {} };
    }
    const form = document.getElementById('cancel-form');
    const reason = document.getElementById('cancel-reason');
    const error = document.getElementById('cancel-error');
    const confirm = document.getElementById('cancel-confirm');

    button.addEventListener('click', () => {
      document.getElementById('cancel-subject').textContent =
        (view ? view.reference : movementId) + (view && view.vehicle ? ' · ' + view.vehicle : '');
      error.hidden = true;
      dialog.showModal();
      reason.focus();
    });
    document.getElementById('cancel-dismiss').addEventListener('click', () => dialog.close());
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const why = reason.value.trim();
      if (!why) {
        error.textContent = 'Give a reason.';
        error.hidden = false;
        return;
      }
      confirm.disabled = true;
      try {
        const ended = movement(await api(path + '/cancel', { method: 'POST', body: { reason: why } }));
        ['state', 'active', 'endedAt', 'endedBy', 'endReason'].forEach((key) => { view[key] = ended[key]; });
        reason.value = '';
        dialog.close();
        renderSummary();
      } catch (err) {
        const errors = fieldErrors(err);
        error.textContent = 'Could not cancel: '
          + (errors.length ? errors.map((x) => x.field + ' ' + x.message).join('; ') : err.message);
        error.hidden = false;
        if (err.status === 409) {
          refreshState();
        }
      } finally {
        confirm.disabled = false;
      }
    });

    return {
      setActive: (active) => {
        button.hidden = !active;
        if (!active && dialog.open) {
          dialog.close();
        }
      }
    };
  })();

  async function loadAll() {
    await Promise.all([alerts.load(), load(), custody.load(), loadTransitions()]);
    renderSummary();
  }

  const mine = (update) => String(update.movementId) === String(movementId);
  live({
    position: onPosition,
    alert: (a) => alerts.upsert(a),
    event: onEvent,
    custody: (c) => { if (mine(c)) { custody.load(); } },
    'movement-state': (m) => { if (mine(m)) { refreshState(); } }
  }, loadAll);
  loadAll();
  window.setInterval(renderSummary, 30000);
})();
