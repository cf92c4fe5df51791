/*
 * The ingress page (administrators): received messages counted by outcome and reason, device ids seen but not
 * registered (each with a link that pre-fills the register form of the device page), the latest rejected messages.
 */
(function () {
  'use strict';

  const { api, el, time, age, label, page } = window.Ects;

  const DIGEST_SHOWN = 12;

  const statsRows = document.getElementById('stats-rows');
  const unknownRows = document.getElementById('unknown-rows');
  const rejectionRows = document.getElementById('rejection-rows');
  const error = document.getElementById('ingress-error');

  function emptyRow(columns, text) {
    return el('tr', { class: 'empty-row' }, el('td', { colspan: columns, class: 'empty' }, text));
  }

  function outcomeClass(outcome) {
    return 'badge outcome outcome-' + String(outcome || '').toLowerCase();
  }

  function renderStats(stats) {
    const total = stats.reduce((sum, s) => sum + s.count, 0);
    document.getElementById('message-total').textContent = String(total);
    if (stats.length === 0) {
      statsRows.replaceChildren(emptyRow(3, 'No messages received yet.'));
      return;
    }
    statsRows.replaceChildren(...stats.map((s) => el('tr', {
      class: 'stats-row', dataset: { outcome: s.outcome, reason: s.reason || '' }
    },
    el('td', {}, el('span', { class: outcomeClass(s.outcome) }, label(s.outcome))),
    el('td', {}, s.reason ? label(s.reason) : '–'),
    el('td', { class: 'number' }, s.count.toLocaleString()))));
  }

  function renderUnknown(unknown) {
    document.getElementById('unknown-count').textContent = String(unknown.length);
    if (unknown.length === 0) {
      unknownRows.replaceChildren(emptyRow(4, 'Every device heard from is registered.'));
      return;
    }
    unknownRows.replaceChildren(...unknown.map((u) => el('tr', {
      class: 'unknown-row', dataset: { deviceId: u.deviceId }
    },
    el('td', { class: 'mono' }, u.deviceId),
    el('td', { title: time(u.firstSeen) + ' – ' + time(u.lastSeen) },
      'seen ' + u.seen + (u.seen === 1 ? ' time' : ' times') + ' since ' + time(u.firstSeen)),
    el('td', { title: time(u.lastSeen) }, age(u.lastSeen)),
    el('td', { class: 'row-actions' },
      el('a', {
        class: 'button-link register-unknown',
        href: page('/devices?register=' + encodeURIComponent(u.deviceId))
      }, 'Register')))));
  }

  function renderRejections(rejections) {
    document.getElementById('rejection-count').textContent = String(rejections.length);
    if (rejections.length === 0) {
      rejectionRows.replaceChildren(emptyRow(7, 'No message rejected.'));
      return;
    }
    rejectionRows.replaceChildren(...rejections.map((r) => el('tr', {
      class: 'rejection-row', dataset: { rejectionId: r.id }
    },
    el('td', { class: 'nowrap', title: age(r.receivedAt) }, time(r.receivedAt)),
    el('td', {}, r.transport),
    el('td', { class: 'mono' }, r.source),
    el('td', { class: 'mono' }, r.claimedDeviceId || '–'),
    el('td', {}, el('span', { class: 'badge reason' }, label(r.reason))),
    el('td', { class: 'detail' }, r.detail || ''),
    el('td', { class: 'mono digest', title: 'SHA-256 ' + r.digest },
      r.digest && r.digest.length > DIGEST_SHOWN ? r.digest.substring(0, DIGEST_SHOWN) + '…' : r.digest))));
  }

  async function load() {
    try {
      const [stats, unknown, rejections] = await Promise.all([
        api('/ingress/stats'), api('/ingress/unknown-devices'), api('/ingress/rejections')
      ]);
      renderStats(stats || []);
      renderUnknown(unknown || []);
      renderRejections(rejections || []);
      error.hidden = true;
    } catch (err) {
      error.textContent = 'Ingress figures unavailable: ' + err.message;
      error.hidden = false;
    }
  }

  document.getElementById('ingress-refresh').addEventListener('click', load);
  load();
  window.setInterval(load, 30000);
})();
