/*
 * The seal requests page: a trader's requests and their state, a seal provider's with the devices assigned, and for
 * officers (and the customs system) the pending requests first, each with "Approve" and "Refuse…" (with a reason).
 * A refusal the server names (not enough stock, say) is shown above the table.
 */
(function () {
  'use strict';

  const { api, el, time } = window.Ects;

  const page = document.getElementById('seal-requests');
  const decides = page.dataset.decides === 'true';
  const rows = document.getElementById('request-rows');
  const count = document.getElementById('request-count');
  const pageError = document.getElementById('request-error');
  const columns = decides ? 10 : 9;

  let requests = [];

  function showPageError(message) {
    pageError.textContent = message;
    pageError.hidden = !message;
  }

  /** The problem's rule and message, or the error's message. */
  function problemText(err) {
    const errors = err.problem && Array.isArray(err.problem.errors) ? err.problem.errors : [];
    return errors.length
      ? errors.map((e) => e.field + ' ' + e.message + (e.rule ? ' (' + e.rule + ')' : '')).join('; ')
      : err.message;
  }

  async function load() {
    try {
      requests = (await api('/seal-requests')) || [];
    } catch (err) {
      rows.replaceChildren(el('tr', { class: 'empty-row' },
        el('td', { colspan: columns, class: 'empty' }, 'Seal requests unavailable: ' + err.message)));
      return;
    }
    render();
  }

  function sorted() {
    // Officers work the queue: pending requests first, oldest first; then the rest, newest first.
    if (!decides) {
      return requests;
    }
    const pending = requests.filter((r) => r.state === 'REQUESTED').sort((a, b) => a.id - b.id);
    return pending.concat(requests.filter((r) => r.state !== 'REQUESTED'));
  }

  function render() {
    const list = sorted();
    const pending = requests.filter((r) => r.state === 'REQUESTED').length;
    count.textContent = decides ? pending + ' pending / ' + requests.length : String(requests.length);
    if (list.length === 0) {
      rows.replaceChildren(el('tr', { class: 'empty-row' }, el('td', { colspan: columns, class: 'empty' },
        'No seal requests.')));
      return;
    }
    rows.replaceChildren(...list.map(row));
  }

  function row(r) {
    const d = r.declaration || {};
    const state = String(r.state);
    const tr = el('tr', { class: 'request-row', dataset: { requestId: String(r.id), state } },
      el('td', { class: 'mono' }, '#' + r.id),
      el('td', {}, d.documentType + ' ', el('span', { class: 'mono' }, d.reference)),
      el('td', {}, (d.officeOfDeparture || '') + ' → ' + (d.officeOfDestination || '')),
      el('td', {}, (d.vehiclePlates || []).join(', '),
        el('span', { class: 'sub mono' }, (d.containerNumbers || []).join(', '))),
      el('td', { class: 'number' }, String(r.seals)),
      el('td', {}, r.tractorTracker ? 'yes' : 'no'),
      el('td', { title: r.requestedBy }, time(r.requestedAt)),
      el('td', { class: 'state' },
        el('span', { class: 'badge request-' + state.toLowerCase() }, state.toLowerCase()),
        r.decidedBy ? el('span', { class: 'sub' }, 'by ' + r.decidedBy + ' ' + time(r.decidedAt)) : null,
        r.reason ? el('span', { class: 'sub reason' }, r.reason) : null),
      el('td', { class: 'devices mono' }, (r.devices || []).length
        ? (r.devices || []).map((dv) => el('span', { class: 'sub device', dataset: { role: dv.role } },
          dv.deviceId + ' (' + String(dv.role).toLowerCase() + ')'))
        : '–'));
    if (decides) {
      tr.appendChild(el('td', { class: 'row-actions' }, state === 'REQUESTED' ? [
        el('button', { type: 'button', class: 'primary approve', onclick: (e) => approve(r, e.target) }, 'Approve'),
        el('button', { type: 'button', class: 'danger refuse', onclick: () => openRefuse(r) }, 'Refuse…')
      ] : null));
    }
    return tr;
  }

  function replace(updated) {
    requests = requests.map((r) => (r.id === updated.id ? updated : r));
    render();
  }

  async function approve(r, button) {
    button.disabled = true;
    try {
      replace(await api('/seal-requests/' + r.id + '/approve', { method: 'POST' }));
      showPageError('');
    } catch (err) {
      button.disabled = false;
      showPageError('Could not approve request #' + r.id + ': ' + problemText(err));
    }
  }

  const dialog = document.getElementById('refuse-dialog');
  let refusing = null;

  function openRefuse(r) {
    refusing = r;
    document.getElementById('refuse-subject').textContent = '#' + r.id + ' · ' + r.declaration.documentType + ' '
      + r.declaration.reference;
    document.getElementById('refuse-reason').value = '';
    document.getElementById('refuse-error').hidden = true;
    dialog.showModal();
    document.getElementById('refuse-reason').focus();
  }

  if (dialog) {
    document.getElementById('refuse-cancel').addEventListener('click', () => dialog.close());
    document.getElementById('refuse-form').addEventListener('submit', async (e) => {
      e.preventDefault();
      const error = document.getElementById('refuse-error');
      const confirm = document.getElementById('refuse-confirm');
      confirm.disabled = true;
      try {
        replace(await api('/seal-requests/' + refusing.id + '/refuse', {
          method: 'POST', body: { reason: document.getElementById('refuse-reason').value }
        }));
        dialog.close();
      } catch (err) {
        error.textContent = problemText(err);
        error.hidden = false;
      } finally {
        confirm.disabled = false;
      }
    });
  }

  load();
  window.setInterval(load, 30000);
})();
