/*
 * An office's queue (officers, administrators): choose an office of destination (remembered in the URL's ?office= and
 * in localStorage), then the arrivals due there, earliest time limit first, and every movement in enquiry or overdue,
 * the chosen office's first. Read from GET /movements with its destinationOffice and state filters; read again every
 * 15 s and when a movement changes state.
 */
(function () {
  'use strict';

  const { api, el, time, label, live, page } = window.Ects;

  /** The states in which the office of destination must still receive the movement or finish with it. */
  const ARRIVING = ['IN_TRANSIT', 'AT_BORDER', 'INCIDENT', 'DIVERTED', 'OVERDUE', 'ARRIVED', 'SEALS_VERIFIED', 'DISARMED'];
  const ENQUIRY = ['ENQUIRY', 'OVERDUE'];
  const STORAGE_KEY = 'ects.queue.office';
  const REFRESH_MS = 15000;

  const select = document.getElementById('office-select');
  const error = document.getElementById('queue-error');
  const arrivalRows = document.getElementById('arrival-rows');
  const enquiryRows = document.getElementById('enquiry-rows');
  let office = new URLSearchParams(window.location.search).get('office') || window.localStorage.getItem(STORAGE_KEY) || '';
  let officeNames = {};

  function showError(message) {
    error.textContent = message;
    error.hidden = !message;
  }

  /** 50700 s becomes "14 h 05 min"; under an hour "42 min"; a day or more "2 d 3 h". */
  function duration(seconds) {
    if (seconds === null || seconds === undefined || isNaN(seconds)) {
      return '–';
    }
    const total = Math.max(0, Math.round(seconds / 60));
    const days = Math.floor(total / 1440);
    const hours = Math.floor((total % 1440) / 60);
    const minutes = total % 60;
    if (days > 0) {
      return days + ' d ' + hours + ' h';
    }
    if (hours > 0) {
      return hours + ' h ' + String(minutes).padStart(2, '0') + ' min';
    }
    return minutes + ' min';
  }

  function distance(meters) {
    if (meters === null || meters === undefined) {
      return '–';
    }
    return Math.round(meters / 1000).toLocaleString('en') + ' km';
  }

  function since(iso) {
    return iso ? duration((Date.now() - new Date(iso).getTime()) / 1000) : '–';
  }

  function past(iso) {
    return !!iso && new Date(iso).getTime() < Date.now();
  }

  function officeText(code) {
    if (!code) {
      return '–';
    }
    return officeNames[code] ? code + ' ' + officeNames[code] : code;
  }

  function reference(m) {
    return el('td', {}, el('a', { href: page('/movements/' + encodeURIComponent(m.id)), class: 'mono' }, m.reference));
  }

  function stateBadge(m) {
    return el('span', { class: 'badge movement-state mstate-' + m.state.toLowerCase() }, label(m.state));
  }

  function limitCell(m) {
    return el('td', { class: past(m.timeLimit) ? 'time-limit past' : 'time-limit' }, time(m.timeLimit));
  }

  function byTimeLimit(a, b) {
    const ta = a.timeLimit ? new Date(a.timeLimit).getTime() : Infinity;
    const tb = b.timeLimit ? new Date(b.timeLimit).getTime() : Infinity;
    return ta - tb;
  }

  function empty(rows, columns, text) {
    rows.replaceChildren(el('tr', { class: 'empty-row' }, el('td', { colspan: columns, class: 'empty' }, text)));
  }

  function renderArrivals(list) {
    document.getElementById('arrival-count').textContent = String(list.length);
    if (list.length === 0) {
      empty(arrivalRows, 8, 'No arrivals due at ' + officeText(office) + '.');
      return;
    }
    arrivalRows.replaceChildren(...list.slice().sort(byTimeLimit).map((m) => el('tr', {
      class: 'queue-row arrival-row', dataset: { id: m.id, state: m.state }
    },
    reference(m),
    el('td', {}, m.vehicle || '–'),
    el('td', {}, stateBadge(m)),
    el('td', { title: time(m.stateSince) }, since(m.stateSince)),
    limitCell(m),
    el('td', {}, duration(m.estimatedTransitSeconds)),
    el('td', {}, distance(m.estimatedDistanceMeters)),
    el('td', {}, officeText(m.departureOffice)))));
  }

  function renderEnquiries(list) {
    document.getElementById('enquiry-count').textContent = String(list.length);
    if (list.length === 0) {
      empty(enquiryRows, 7, 'No movement in enquiry or overdue.');
      return;
    }
    const sorted = list.slice().sort((a, b) => {
      const mineA = a.destinationOffice === office ? 0 : 1;
      const mineB = b.destinationOffice === office ? 0 : 1;
      return mineA - mineB || byTimeLimit(a, b);
    });
    enquiryRows.replaceChildren(...sorted.map((m) => el('tr', {
      class: 'queue-row enquiry-row' + (m.destinationOffice === office ? ' this-office' : ''),
      dataset: { id: m.id, state: m.state, office: m.destinationOffice || '' }
    },
    reference(m),
    el('td', {}, m.vehicle || '–'),
    el('td', {}, stateBadge(m)),
    el('td', {}, officeText(m.destinationOffice)),
    limitCell(m),
    past(m.timeLimit)
      ? el('td', { class: 'overdue-by' }, duration((Date.now() - new Date(m.timeLimit).getTime()) / 1000))
      : el('td', {}, '–'),
    el('td', { title: time(m.stateSince) }, since(m.stateSince)))));
  }

  function query(params) {
    const search = new URLSearchParams();
    Object.entries(params).forEach(([key, values]) => [].concat(values).forEach((v) => search.append(key, v)));
    return '/movements?' + search.toString();
  }

  async function load() {
    showError('');
    try {
      const enquiries = api(query({ state: ENQUIRY }));
      if (office) {
        document.getElementById('arrivals-title').textContent = 'Arrivals due at ' + officeText(office);
        renderArrivals(await api(query({ destinationOffice: office, state: ARRIVING })));
      } else {
        document.getElementById('arrivals-title').textContent = 'Arrivals due';
        empty(arrivalRows, 8, 'Choose an office.');
      }
      renderEnquiries(await enquiries);
    } catch (e) {
      showError('The queue could not be read: ' + e.message);
    }
  }

  function choose(code) {
    office = code;
    window.localStorage.setItem(STORAGE_KEY, code);
    const url = new URL(window.location.href);
    if (code) {
      url.searchParams.set('office', code);
    } else {
      url.searchParams.delete('office');
    }
    window.history.replaceState(null, '', url);
    load();
  }

  async function loadOffices() {
    try {
      const offices = (await api('/customs-offices')).filter((o) => (o.roles || []).indexOf('DESTINATION') >= 0);
      officeNames = {};
      offices.forEach((o) => { officeNames[o.code] = o.name; });
      select.replaceChildren(el('option', { value: '' }, 'Choose an office'),
        ...offices.map((o) => el('option', { value: o.code }, o.code + ' ' + o.name)));
      if (office && !officeNames[office]) {
        showError('No office of destination ' + office + '.');
        office = '';
      }
      select.value = office;
      if (office) {
        choose(office);
      } else {
        load();
      }
    } catch (e) {
      showError('The customs offices could not be read: ' + e.message);
    }
  }

  select.addEventListener('change', () => choose(select.value));
  document.getElementById('queue-refresh').addEventListener('click', load);
  let pending = null;
  const scheduleLoad = () => {
    if (pending === null) {
      pending = window.setTimeout(() => { pending = null; load(); }, 500);
    }
  };
  live({ 'movement-state': scheduleLoad, 'movement-ended': scheduleLoad }, load);
  window.setInterval(load, REFRESH_MS);
  loadOffices();
}());
