/*
 * The control room: every active movement on the map (corridor, geofences, track, latest position), the alert list
 * and the movement list, all following the live stream.
 */
(function () {
  'use strict';

  const { api, apiAll, el, time, age, label, movement, inAlert, live, page } = window.Ects;

  const map = EctsMap.create(document.getElementById('map'));
  const movementList = document.getElementById('movement-list');
  const movementCount = document.getElementById('movement-count');
  /** Movement id → { view, layers (route plan), track, marker } */
  const movements = new Map();
  let alertsLoaded = false;
  let fitted = false;
  let selected = null;

  const alerts = new EctsAlerts.AlertList(document.getElementById('alert-list'), {
    count: document.getElementById('open-alert-count'),
    showClosed: document.getElementById('show-closed'),
    onChange: () => refreshStates()
  });

  function openAlertsOf(entry) {
    return alertsLoaded ? (alerts.openCounts().get(entry.view.id) || 0) : entry.view.openAlerts;
  }

  function stateOf(entry) {
    if (!entry.view.active) {
      return 'inactive';
    }
    return inAlert(Object.assign({}, entry.view, { openAlerts: openAlertsOf(entry) })) ? 'alert' : 'ok';
  }

  /** Reads the movement list and brings the map and the list in line with it. */
  async function loadMovements() {
    let list;
    try {
      list = await api('/movements');
    } catch (err) {
      movementList.replaceChildren(el('li', { class: 'empty error' }, 'Movements unavailable: ' + err.message));
      return;
    }
    const seen = new Set();
    await Promise.all((list || []).map(async (raw) => {
      const view = movement(raw);
      seen.add(view.id);
      const entry = movements.get(view.id);
      if (entry) {
        entry.view = Object.assign({}, entry.view, withoutEmpty(view));
        if (!view.active) {
          undraw(entry);
        }
      } else {
        const fresh = { view };
        movements.set(view.id, fresh);
        if (view.active) {
          await draw(fresh);
        }
      }
    }));
    movements.forEach((entry, id) => {
      if (!seen.has(id)) {
        undraw(entry);
        movements.delete(id);
      }
    });
    if (!fitted) {
      fitted = !!EctsMap.fit(map, Array.from(movements.values()).map(boundsOf));
    }
    refreshStates();
  }

  function withoutEmpty(view) {
    const copy = {};
    Object.entries(view).forEach(([k, v]) => {
      if (v !== null && v !== undefined) {
        copy[k] = v;
      }
    });
    return copy;
  }

  async function draw(entry) {
    const id = entry.view.id;
    try {
      if (!entry.view.routePlan) {
        const detail = await api('/movements/' + encodeURIComponent(id));
        entry.view = Object.assign({}, movement(detail), withoutEmpty(entry.view), { routePlan: movement(detail).routePlan });
      }
      const points = await apiAll('/movements/' + encodeURIComponent(id) + '/track');
      entry.layers = EctsMap.routePlan(map, entry.view.routePlan, entry.view.reference);
      entry.layers.on('click', () => select(id, false));
      entry.track = EctsMap.track(map, points || []);
      const latest = entry.track.latest() || entry.view.last;
      if (latest) {
        placeMarker(entry, latest);
      }
    } catch (err) {
      console.warn('could not draw movement', id, err);
    }
  }

  function undraw(entry) {
    ['layers', 'marker'].forEach((key) => {
      if (entry[key]) {
        entry[key].remove();
        entry[key] = null;
      }
    });
    if (entry.track) {
      entry.track.line.remove();
      entry.track = null;
    }
  }

  function placeMarker(entry, point) {
    const latLng = [point.latitude, point.longitude];
    if (entry.marker) {
      entry.marker.setLatLng(latLng);
    } else {
      entry.marker = EctsMap.positionMarker(map, latLng, stateOf(entry), entry.view.reference, movements.size <= 20);
      entry.marker.on('click', () => select(entry.view.id, false));
      entry.marker.bindPopup(() => popup(entry));
    }
  }

  function popup(entry) {
    const v = entry.view;
    return el('div', {},
      el('div', { class: 'popup-title' }, v.reference),
      el('div', {}, (v.origin || '?') + ' → ' + (v.destination || '?')),
      el('div', {}, 'Vehicle: ' + (v.vehicle || '–')),
      el('div', {}, 'Last report: ' + time(v.lastReportAt)),
      el('a', { href: page('/movements/' + encodeURIComponent(v.id)) }, 'Open movement'));
  }

  function boundsOf(entry) {
    if (entry.layers && entry.layers.getLayers().length) {
      return entry.layers.getBounds();
    }
    if (entry.marker) {
      return L.latLngBounds([entry.marker.getLatLng()]);
    }
    return null;
  }

  function select(id, zoom) {
    selected = id;
    const entry = movements.get(id);
    if (zoom && entry) {
      const bounds = boundsOf(entry);
      if (bounds) {
        map.fitBounds(bounds, { padding: [30, 30], maxZoom: 13 });
      }
    }
    renderList();
  }

  /** Recolours markers and redraws the movement list after alerts or positions changed. */
  function refreshStates() {
    movements.forEach((entry) => {
      if (entry.marker) {
        const state = stateOf(entry);
        if (entry.marker.ectsState !== state) {
          EctsMap.setMarkerState(entry.marker, state);
        }
      }
    });
    renderList();
  }

  function renderList() {
    const order = { alert: 0, ok: 1, inactive: 2 };
    const entries = Array.from(movements.values());
    entries.sort((a, b) => (order[stateOf(a)] - order[stateOf(b)])
      || String(a.view.reference).localeCompare(String(b.view.reference)));
    const items = entries.map((entry) => {
      const v = entry.view;
      const state = stateOf(entry);
      const open = openAlertsOf(entry);
      return el('li', {
        class: 'movement-item ' + state + (selected === v.id ? ' selected' : ''),
        dataset: { movementId: v.id, state: state },
        onclick: (e) => {
          if (e.target.tagName !== 'A') {
            select(v.id, true);
          }
        }
      },
      el('span', { class: 'marker-dot' }),
      el('a', { class: 'reference', href: page('/movements/' + encodeURIComponent(v.id)) }, v.reference),
      open > 0 ? el('span', { class: 'open-alerts', title: 'Open alerts' }, open) : el('span', {}),
      el('div', { class: 'sub' },
        el('span', { class: 'route' }, (v.origin || '?') + ' → ' + (v.destination || '?')),
        v.vehicle ? el('span', { class: 'vehicle' }, v.vehicle) : null,
        v.deviceId ? el('span', { class: 'device' }, v.deviceId) : null,
        v.state ? el('span', { class: 'state' }, label(v.state)) : null,
        el('span', { class: 'last-report', title: time(v.lastReportAt) },
          v.lastReportAt ? 'reported ' + age(v.lastReportAt) : 'no report yet'),
        entry.lastEvent ? el('span', { class: 'last-event' }, label(entry.lastEvent.type)) : null));
    });
    if (items.length === 0) {
      items.push(el('li', { class: 'empty' }, 'No movements.'));
    }
    movementList.replaceChildren(...items);
    movementCount.textContent = entries.filter((e) => e.view.active).length;
  }

  let reloadTimer = null;
  /** Reloads the movement list soon, once, however many events asked for it. */
  function scheduleReload() {
    if (reloadTimer === null) {
      reloadTimer = window.setTimeout(() => {
        reloadTimer = null;
        loadMovements();
      }, 500);
    }
  }

  function onPosition(p) {
    const entry = movements.get(String(p.movementId));
    if (!entry || !entry.track) {
      scheduleReload();
      return;
    }
    const latest = entry.track.add(p);
    if (latest) {
      placeMarker(entry, p);
      entry.view.lastReportAt = p.at;
      if (p.seal) {
        entry.view.seal = p.seal;
      }
      refreshStates();
    }
  }

  function onAlert(a) {
    alerts.upsert(a);
    if (!movements.has(String(a.movementId))) {
      scheduleReload();
    }
  }

  function onEvent(e) {
    const entry = movements.get(String(e.movementId));
    if (!entry) {
      scheduleReload();
      return;
    }
    entry.lastEvent = e;
    // An event may change the movement's state (arrival, end): read the list again.
    scheduleReload();
  }

  async function loadAll() {
    await Promise.all([
      alerts.load().then(() => { alertsLoaded = true; }),
      loadMovements()
    ]);
    refreshStates();
  }

  // A movement released or cancelled leaves the active ones: read the list again.
  live({ position: onPosition, alert: onAlert, event: onEvent, 'movement-ended': scheduleReload, 'movement-state': scheduleReload }, loadAll);
  loadAll();
  window.setInterval(renderList, 30000);
})();
