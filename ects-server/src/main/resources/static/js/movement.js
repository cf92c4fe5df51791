/*
 * One movement: summary, map (corridor, geofences, track, latest position), its alerts and its timeline, all
 * following the live stream.
 */
(function () {
  'use strict';

  const { api, el, time, age, label, movement, inAlert, live } = window.Ects;

  const root = document.getElementById('movement');
  const movementId = root.dataset.movementId;
  const path = '/movements/' + encodeURIComponent(movementId);
  const map = EctsMap.create(document.getElementById('map'));
  const timeline = document.getElementById('timeline');
  const ALERT_TYPES = ['CORRIDOR_LEFT', 'SEAL_OPENED', 'SEAL_TAMPERED', 'REPORTING_GAP'];

  let view = null;
  let layers = null;
  let track = null;
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
    state.className = 'state-badge ' + s;
    text('movement-device', view.deviceId);
    text('movement-vehicle', view.vehicle);
    text('movement-route', (view.origin || '?') + ' → ' + (view.destination || '?'));
    text('movement-seal', view.seal ? label(view.seal) : null);
    text('movement-last-report', view.lastReportAt ? time(view.lastReportAt) + ' (' + age(view.lastReportAt) + ')' : 'no report yet');
    text('movement-open-alerts', String(openAlerts()));
    if (marker) {
      EctsMap.setMarkerState(marker, s);
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
            .setContent(label(e.type) + ' · ' + time(e.at)).openOn(map);
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
        api(path), api(path + '/track'), api(path + '/events')
      ]);
      view = movement(detail);
      if (layers) {
        layers.remove();
      }
      if (track) {
        track.line.remove();
      }
      layers = EctsMap.routePlan(map, view.routePlan, view.reference);
      track = EctsMap.track(map, points || []);
      const latest = track.latest() || view.last;
      if (latest) {
        placeMarker(latest);
        view.lastReportAt = view.lastReportAt || latest.at;
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
    if (track.add(p)) {
      placeMarker(p);
      view.lastReportAt = p.at;
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

  async function loadAll() {
    await Promise.all([alerts.load(), load()]);
    renderSummary();
  }

  live({ position: onPosition, alert: (a) => alerts.upsert(a), event: onEvent }, loadAll);
  loadAll();
  window.setInterval(renderSummary, 30000);
})();
