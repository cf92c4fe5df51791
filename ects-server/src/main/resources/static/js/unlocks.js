/*
 * The unlock authorisations page: every authorisation the API lists (officers, operators, administrators), live; for
 * officers, the form that authorises an unlock (field errors shown next to their field, other refusals above the
 * list) and the confirm (two-person option) and revoke actions on each row.
 */
(function () {
  'use strict';

  const { api, el, time, label, live } = window.Ects;

  const page = document.getElementById('unlocks');
  const authorises = page.dataset.authorises === 'true';
  const viewer = page.dataset.viewer;
  const rows = document.getElementById('unlock-rows');
  const error = document.getElementById('unlocks-error');
  const form = document.getElementById('authorise-form');

  function showError(message) {
    error.textContent = message;
    error.hidden = !message;
  }

  function placeText(place) {
    return place.kind === 'OFFICE' ? place.code + ' ' + place.name : label(place.kind) + ': ' + place.name;
  }

  function actions(a) {
    if (!authorises) {
      return el('td', {});
    }
    const buttons = [];
    if (a.state === 'AWAITING_CONFIRMATION') {
      const confirm = el('button', { type: 'button', class: 'confirm-unlock' }, 'Confirm');
      if (a.authorisedBy === viewer) {
        confirm.title = 'Two-person rule: another officer confirms';
      }
      confirm.addEventListener('click', () => act(a.reference, 'confirm', null));
      buttons.push(confirm);
    }
    if (a.state === 'AWAITING_CONFIRMATION' || a.state === 'EFFECTIVE') {
      const revoke = el('button', { type: 'button', class: 'revoke-unlock' }, 'Revoke');
      revoke.addEventListener('click', () => act(a.reference, 'revoke', { reason: 'revoked on the unlocks page' }));
      buttons.push(revoke);
    }
    return el('td', { class: 'row-actions' }, ...buttons);
  }

  function render(list) {
    document.getElementById('unlock-count').textContent = String(list.length);
    if (list.length === 0) {
      rows.replaceChildren(el('tr', { class: 'empty-row' },
        el('td', { colspan: 10, class: 'empty' }, 'No unlock authorisations.')));
      return;
    }
    rows.replaceChildren(...list.map((a) => el('tr', {
      class: 'unlock-row', dataset: { reference: a.reference, state: a.state }
    },
    el('td', { class: 'mono' }, a.reference),
    el('td', { class: 'mono' }, a.deviceId),
    el('td', {}, a.movementReference),
    el('td', {}, placeText(a.place)),
    el('td', {}, label(a.method)),
    el('td', {}, el('span', { class: 'badge unlock-state state-' + a.state.toLowerCase() }, label(a.state)),
      a.ackStatus ? ' (' + label(a.ackStatus) + ')' : ''),
    el('td', {}, a.confirmedBy ? a.authorisedBy + ' + ' + a.confirmedBy : a.authorisedBy),
    el('td', { title: time(a.validFrom) + ' – ' + time(a.validUntil) }, time(a.validUntil)),
    el('td', {}, a.reason),
    actions(a))));
  }

  async function load() {
    try {
      render(await api('/unlock-authorisations'));
    } catch (e) {
      showError('The unlock authorisations could not be read: ' + e.message);
    }
  }

  async function act(reference, what, body) {
    showError('');
    try {
      await api('/unlock-authorisations/' + encodeURIComponent(reference) + '/' + what, { method: 'POST', body: body === null ? undefined : body });
      await load();
    } catch (e) {
      showError(e.message);
    }
  }

  function clearFieldErrors() {
    form.querySelectorAll('.field-error').forEach((span) => { span.textContent = ''; });
  }

  if (form) {
    const officeRow = document.getElementById('office-row');
    const placeKind = document.getElementById('place-kind');
    const stopRow = document.getElementById('stop-row');
    placeKind.addEventListener('change', () => {
      officeRow.hidden = placeKind.value !== 'OFFICE';
      stopRow.hidden = placeKind.value !== 'STOP';
    });
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearFieldErrors();
      showError('');
      const data = new FormData(form);
      const body = {
        deviceId: data.get('deviceId'),
        placeKind: data.get('placeKind'),
        method: data.get('method'),
        reason: data.get('reason'),
        validUntil: new Date(Date.now() + Number(data.get('hours')) * 3600 * 1000).toISOString()
      };
      if (body.placeKind === 'OFFICE') {
        body.officeCode = data.get('officeCode');
      }
      if (body.placeKind === 'STOP') {
        body.stopName = data.get('stopName');
      }
      try {
        await api('/unlock-authorisations', { method: 'POST', body });
        form.reset();
        officeRow.hidden = false;
        stopRow.hidden = true;
        await load();
      } catch (e) {
        const errors = (e.problem && e.problem.errors) || [];
        if (errors.length === 0) {
          showError(e.message);
        }
        errors.forEach((problem) => {
          const span = form.querySelector('.field-error[data-field="' + problem.field + '"]');
          if (span) {
            span.textContent = problem.message;
          } else {
            showError(problem.field + ': ' + problem.message);
          }
        });
      }
    });
  }

  document.getElementById('unlocks-refresh').addEventListener('click', load);
  live({ 'unlock-authorisation': load }, load);
  load();
}());
