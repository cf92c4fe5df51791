/*
 * The declarations page: the declarations the user may see, with the state of their latest seal request; for traders
 * the form that files one (each problem the server names goes next to its field) and, per usable declaration
 * without an open or approved request, the "Request e-seals" dialog.
 */
(function () {
  'use strict';

  const { api, el, time } = window.Ects;

  const page = document.getElementById('declarations');
  const files = page.dataset.filesDeclarations === 'true';
  const rows = document.getElementById('declaration-rows');
  const count = document.getElementById('declaration-count');
  const pageError = document.getElementById('declaration-error');
  const columns = files ? 8 : 7;

  let declarations = [];

  function showPageError(message) {
    pageError.textContent = message;
    pageError.hidden = !message;
  }

  async function load() {
    try {
      declarations = (await api('/declarations')) || [];
    } catch (err) {
      rows.replaceChildren(el('tr', { class: 'empty-row' },
        el('td', { colspan: columns, class: 'empty' }, 'Declarations unavailable: ' + err.message)));
      return;
    }
    render();
  }

  function render() {
    count.textContent = String(declarations.length);
    if (declarations.length === 0) {
      rows.replaceChildren(el('tr', { class: 'empty-row' }, el('td', { colspan: columns, class: 'empty' },
        files ? 'No declarations yet: file one.' : 'No declarations.')));
      return;
    }
    rows.replaceChildren(...declarations.map(row));
  }

  function usable(d) {
    return new Date(d.usableUntil).getTime() > Date.now();
  }

  function requestBadge(d) {
    if (!d.sealRequest) {
      return d.sealRequestsAllowed ? el('span', { class: 'hint' }, 'none') : el('span', { class: 'badge unusable',
        title: 'This document type may not be used for an e-seal request' }, 'not for e-seals');
    }
    const state = String(d.sealRequest.state);
    return el('a', { href: window.Ects.page('/seal-requests'), class: 'badge request-' + state.toLowerCase(),
      title: 'Seal request ' + d.sealRequest.id }, state.toLowerCase());
  }

  function row(d) {
    const tr = el('tr', { class: 'declaration-row', dataset: { declarationId: String(d.id), reference: d.reference } },
      el('td', {}, d.documentType, el('span', { class: 'sub' }, d.documentTypeName)),
      el('td', { class: 'mono reference' }, d.reference),
      el('td', {}, [d.officeOfDeparture].concat(d.transitOffices || [], [d.officeOfDestination]).join(' → ')),
      el('td', {}, (d.vehiclePlates || []).join(', '),
        el('span', { class: 'sub mono' }, (d.containerNumbers || []).join(', '))),
      el('td', { class: 'number' }, String(d.sealsRequired)),
      el('td', { title: 'Usable for a seal request until ' + time(d.usableUntil) }, time(d.timeLimit),
        usable(d) ? null : el('span', { class: 'sub' }, 'expired')),
      el('td', { class: 'seal-request' }, requestBadge(d)));
    if (files) {
      const open = d.sealRequest && d.sealRequest.state !== 'REFUSED';
      tr.appendChild(el('td', { class: 'row-actions' },
        d.sealRequestsAllowed && usable(d) && !open
          ? el('button', { type: 'button', class: 'request-seals', onclick: () => openRequest(d) }, 'Request e-seals')
          : null));
    }
    return tr;
  }

  // ---- Problems next to their fields ----

  function clearErrors(form, general) {
    form.querySelectorAll('.field-error').forEach((p) => { p.hidden = true; p.replaceChildren(); });
    form.querySelectorAll('.invalid').forEach((f) => f.classList.remove('invalid'));
    general.hidden = true;
  }

  /** Each error goes to the slot of its field ("transitOffices[1]" to "transitOffices"); the rest to general. */
  function showProblem(form, err, general) {
    const errors = err.problem && Array.isArray(err.problem.errors) ? err.problem.errors : [];
    const unplaced = [];
    errors.forEach((e) => {
      const field = String(e.field);
      const base = field.replace(/\[\d+\]$/, '');
      const slot = form.querySelector('.field-error[data-field="' + CSS.escape(base) + '"]');
      const text = (field !== base ? field.substring(base.length) + ' ' : '') + e.message
        + (e.rule ? ' (' + e.rule + ')' : '');
      if (slot) {
        slot.appendChild(document.createTextNode((slot.textContent ? '; ' : '') + text));
        slot.hidden = false;
        const input = form.elements[base];
        if (input && input.classList) {
          input.classList.add('invalid');
        }
      } else {
        unplaced.push(field + ': ' + text);
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

  function list(text) {
    return String(text || '').split(',').map((s) => s.trim()).filter(Boolean);
  }

  // ---- Filing (traders) ----

  const form = document.getElementById('declaration-form');
  if (form) {
    const general = document.getElementById('declaration-form-error');
    const hint = document.getElementById('declaration-type-hint');
    const typeSelect = form.elements.documentType;
    let types = [];

    const showHint = () => {
      const type = types.find((t) => t.code === typeSelect.value);
      hint.textContent = type ? 'Reference: ' + type.reference + '.' + (type.sealRequests ? ''
        : ' Not usable for an e-seal request.') : '';
    };
    api('/declarations/document-types').then((list) => {
      types = list || [];
      typeSelect.replaceChildren(...types.map((t) => el('option', { value: t.code }, t.name)));
      showHint();
    }).catch((err) => showPageError('Document types unavailable: ' + err.message));
    typeSelect.addEventListener('change', showHint);
    api('/customs-offices').then((offices) => {
      document.getElementById('office-codes').replaceChildren(...(offices || []).map((o) =>
        el('option', { value: o.code }, o.name + ' (' + (o.roles || []).join(', ').toLowerCase() + ')')));
    }).catch(() => {});
    api('/corridors').then((corridors) => {
      const select = document.getElementById('declaration-corridor');
      (corridors || []).forEach((c) => select.appendChild(
        el('option', { value: c.id }, c.name + ' (version ' + c.version + ', ' + Math.round(c.lengthMeters / 1000) + ' km)')));
    }).catch(() => {});

    // A default time limit three days ahead, in local time.
    const ahead = new Date(Date.now() + 3 * 86400000);
    ahead.setMinutes(ahead.getMinutes() - ahead.getTimezoneOffset());
    form.elements.timeLimit.value = ahead.toISOString().substring(0, 16);

    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      clearErrors(form, general);
      const f = form.elements;
      const limit = f.timeLimit.value ? new Date(f.timeLimit.value) : null;
      const body = {
        documentType: f.documentType.value,
        reference: f.reference.value.trim(),
        officeOfDeparture: f.officeOfDeparture.value.trim(),
        officeOfDestination: f.officeOfDestination.value.trim(),
        transitOffices: list(f.transitOffices.value),
        vehiclePlates: list(f.vehiclePlates.value),
        containerNumbers: list(f.containerNumbers.value),
        goodsSummary: f.goodsSummary.value.trim(),
        sealsRequired: f.sealsRequired.value ? Number(f.sealsRequired.value) : null,
        timeLimit: limit && !isNaN(limit) ? limit.toISOString() : null,
        corridorId: f.corridorId.value || null
      };
      const submit = document.getElementById('declaration-submit');
      submit.disabled = true;
      try {
        const filed = await api('/declarations', { method: 'POST', body });
        declarations = [filed].concat(declarations.filter((d) => d.id !== filed.id));
        render();
        f.reference.value = '';
        f.containerNumbers.value = '';
      } catch (err) {
        showProblem(form, err, general);
      } finally {
        submit.disabled = false;
      }
    });
  }

  // ---- Requesting e-seals (traders) ----

  const dialog = document.getElementById('request-dialog');
  let requesting = null;

  function openRequest(d) {
    requesting = d;
    const requestForm = document.getElementById('request-form');
    clearErrors(requestForm, document.getElementById('request-error'));
    document.getElementById('request-subject').textContent = d.documentType + ' ' + d.reference;
    document.getElementById('request-seals').value = String(d.sealsRequired);
    document.getElementById('request-tracker').checked = false;
    dialog.showModal();
  }

  if (dialog) {
    const requestForm = document.getElementById('request-form');
    const general = document.getElementById('request-error');
    const providers = document.getElementById('request-provider');
    api('/seal-requests/providers').then((list) => {
      providers.replaceChildren(...(list || []).map((p) => el('option', { value: String(p.id) }, p.name)));
    }).catch((err) => showPageError('Seal providers unavailable: ' + err.message));
    document.getElementById('request-cancel').addEventListener('click', () => dialog.close());
    requestForm.addEventListener('submit', async (e) => {
      e.preventDefault();
      clearErrors(requestForm, general);
      const confirm = document.getElementById('request-confirm');
      confirm.disabled = true;
      try {
        const seals = document.getElementById('request-seals').value;
        const request = await api('/seal-requests', {
          method: 'POST',
          body: {
            declarationId: requesting.id,
            providerOrganisationId: providers.value ? Number(providers.value) : null,
            seals: seals ? Number(seals) : null,
            tractorTracker: document.getElementById('request-tracker').checked
          }
        });
        requesting.sealRequest = { id: request.id, state: request.state };
        render();
        dialog.close();
      } catch (err) {
        showProblem(requestForm, err, general);
      } finally {
        confirm.disabled = false;
      }
    });
  }

  load();
  window.setInterval(load, 60000);
})();
