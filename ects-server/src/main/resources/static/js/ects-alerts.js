/*
 * OpenECTS alert list: open alerts first (then by time, newest first), severity colours, late flag, and the
 * acknowledge and resolve actions for operators and administrators. Kept up to date by live "alert" events.
 */
(function () {
  'use strict';

  const { api, el, time, age, label, page, handlesAlerts } = window.Ects;

  const CLOSED_STATES = ['RESOLVED', 'FALSE_ALARM', 'CLOSED'];

  function isOpen(alert) {
    return CLOSED_STATES.indexOf(String(alert.state).toUpperCase()) < 0;
  }

  function compare(a, b) {
    const open = (isOpen(b) ? 1 : 0) - (isOpen(a) ? 1 : 0);
    if (open !== 0) {
      return open;
    }
    return String(b.raisedAt).localeCompare(String(a.raisedAt));
  }

  /** The dialog asking how an alert was closed; one per page. */
  const resolveDialog = (function () {
    let pending = null;
    const dialog = () => document.getElementById('resolve-dialog');
    document.addEventListener('DOMContentLoaded', () => {
      const d = dialog();
      if (!d) {
        return;
      }
      document.getElementById('resolve-cancel').addEventListener('click', () => d.close());
      document.getElementById('resolve-form').addEventListener('submit', async (e) => {
        e.preventDefault();
        const form = e.target;
        const reason = form.elements.reason.value.trim();
        const error = document.getElementById('resolve-error');
        if (!reason) {
          error.textContent = 'Give a reason.';
          error.hidden = false;
          return;
        }
        const resolution = form.elements.resolution.value;
        try {
          document.getElementById('resolve-confirm').disabled = true;
          await pending.submit(resolution, reason);
          d.close();
        } catch (err) {
          error.textContent = 'Could not resolve: ' + err.message;
          error.hidden = false;
        } finally {
          document.getElementById('resolve-confirm').disabled = false;
        }
      });
    });
    return {
      open: function (alert, submit) {
        const d = dialog();
        pending = { alert, submit };
        document.getElementById('resolve-subject').textContent =
          label(alert.type) + ' · ' + (alert.movementReference || '') + ' · ' + time(alert.raisedAt);
        document.getElementById('resolve-reason').value = '';
        document.getElementById('resolve-error').hidden = true;
        d.showModal();
        document.getElementById('resolve-reason').focus();
      }
    };
  })();

  class AlertList {
    /**
     * @param list the list element (#alert-list)
     * @param options movementId: show only that movement's alerts; count: element showing the open count;
     *     showClosed: checkbox that shows closed alerts too (closed ones are shown when absent); onChange: called
     *     with the list after every change
     */
    constructor(list, options) {
      this.list = list;
      this.options = options || {};
      this.alerts = new Map();
      this.fresh = new Set();
      if (this.options.showClosed) {
        this.options.showClosed.addEventListener('change', () => this.render());
      }
    }

    async load() {
      try {
        const alerts = await api('/alerts');
        this.alerts.clear();
        (alerts || []).filter((a) => this.accepts(a)).forEach((a) => this.alerts.set(String(a.id), a));
        this.render();
      } catch (err) {
        this.list.replaceChildren(el('li', { class: 'empty error' }, 'Alerts unavailable: ' + err.message));
      }
    }

    accepts(alert) {
      return !this.options.movementId || String(alert.movementId) === String(this.options.movementId);
    }

    /** Takes a new or changed alert (from the live stream or an action). */
    upsert(alert) {
      if (!this.accepts(alert)) {
        return;
      }
      const id = String(alert.id);
      const known = this.alerts.get(id);
      if (!known || known.state !== alert.state) {
        this.fresh.add(id);
      }
      this.alerts.set(id, Object.assign({}, known || {}, alert));
      this.render();
    }

    /** Open alerts per movement id. */
    openCounts() {
      const counts = new Map();
      this.alerts.forEach((a) => {
        if (isOpen(a)) {
          const key = String(a.movementId);
          counts.set(key, (counts.get(key) || 0) + 1);
        }
      });
      return counts;
    }

    openCount() {
      let n = 0;
      this.alerts.forEach((a) => { n += isOpen(a) ? 1 : 0; });
      return n;
    }

    render() {
      const showClosed = !this.options.showClosed || this.options.showClosed.checked;
      const alerts = Array.from(this.alerts.values()).filter((a) => showClosed || isOpen(a)).sort(compare);
      const items = alerts.map((a) => this.item(a));
      if (items.length === 0) {
        items.push(el('li', { class: 'empty' }, this.alerts.size ? 'No open alerts.' : 'No alerts.'));
      }
      this.list.replaceChildren(...items);
      this.fresh.clear();
      const count = this.options.count;
      if (count) {
        const open = this.openCount();
        count.textContent = open;
        count.classList.toggle('zero', open === 0);
      }
      if (this.options.onChange) {
        this.options.onChange(this);
      }
    }

    item(alert) {
      const id = String(alert.id);
      const severity = String(alert.severity || 'info').toLowerCase();
      const state = String(alert.state || 'OPEN').toUpperCase();
      const open = isOpen(alert);
      const classes = ['alert-item', 'sev-' + severity, 'state-' + state.toLowerCase().replace(/_/g, '-')];
      if (!open) {
        classes.push('closed');
      }
      if (this.fresh.has(id)) {
        classes.push('fresh');
      }
      const reference = alert.movementReference || alert.movementId;
      const actions = [];
      if (handlesAlerts && open) {
        if (state === 'OPEN') {
          actions.push(el('button', {
            type: 'button', class: 'acknowledge', onclick: () => this.acknowledge(alert)
          }, 'Acknowledge'));
        }
        actions.push(el('button', {
          type: 'button', class: 'resolve', onclick: () => this.resolve(alert)
        }, 'Resolve…'));
      }
      return el('li', {
        class: classes.join(' '),
        dataset: { alertId: id, movementId: String(alert.movementId), state: state, severity: severity }
      },
      el('span', { class: 'badge severity' }, severity),
      el('span', { class: 'title' },
        el('span', { class: 'type' }, label(alert.type)),
        el('span', { class: 'badge state state-' + state.toLowerCase() }, label(state)),
        alert.late ? el('span', { class: 'badge late', title: 'Detected late, from buffered history' }, 'late') : null),
      el('time', { class: 'time', datetime: alert.raisedAt, title: age(alert.raisedAt) }, time(alert.raisedAt)),
      el('div', { class: 'meta' },
        el('a', { class: 'movement-ref', href: page('/movements/' + encodeURIComponent(alert.movementId)) }, reference),
        alert.deviceId ? el('span', { class: 'device' }, alert.deviceId) : null),
      alert.detail ? el('div', { class: 'detail' }, alert.detail) : null,
      actions.length ? el('div', { class: 'actions' }, actions) : null);
    }

    async acknowledge(alert) {
      try {
        const updated = await api('/alerts/' + encodeURIComponent(alert.id) + '/acknowledge', { method: 'POST' });
        this.upsert(updated && updated.id !== undefined ? updated : Object.assign({}, alert, { state: 'ACKNOWLEDGED' }));
      } catch (err) {
        window.alert('Could not acknowledge: ' + err.message);
      }
    }

    resolve(alert) {
      resolveDialog.open(alert, async (resolution, reason) => {
        const updated = await api('/alerts/' + encodeURIComponent(alert.id) + '/resolve', {
          method: 'POST',
          body: { resolution, reason }
        });
        this.upsert(updated && updated.id !== undefined ? updated : Object.assign({}, alert, { state: resolution }));
      });
    }
  }

  window.EctsAlerts = { AlertList, isOpen };
})();
