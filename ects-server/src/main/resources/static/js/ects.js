/*
 * OpenECTS web UI core: calls to the JSON API with the session cookie (and the CSRF header on writes), the live
 * event stream, DOM and formatting helpers. Plain browser JavaScript, no build step.
 */
(function () {
  'use strict';

  const meta = (name) => {
    const element = document.querySelector('meta[name="' + name + '"]');
    return element ? element.getAttribute('content') : null;
  };

  const base = (meta('ects-base') || '/').replace(/\/$/, '');
  const apiRoot = base + '/api/v1';

  /** An API call failed; carries the HTTP status and the RFC 9457 problem detail when there is one. */
  class ApiError extends Error {
    constructor(status, problem) {
      super((problem && (problem.detail || problem.title)) || ('HTTP ' + status));
      this.status = status;
      this.problem = problem;
    }
  }

  /**
   * Calls the API at {@code path} (relative to /api/v1) and answers the parsed JSON body, or null when empty. A body
   * is sent as JSON, except a {@code FormData}, which goes as multipart/form-data with no Content-Type set here (the
   * browser writes it, with the boundary); writes carry the CSRF header either way.
   */
  /**
   * GETs every page of a paginated list (the answer's Link header, rel="next", a query-only reference naming the
   * next page) and answers their items in one array; stops after {@code maxPages} pages. {@code path} may carry a
   * query of its own (a page size, say) for the first page.
   */
  async function apiAll(path, maxPages) {
    const items = [];
    let query = '';
    for (let page = 0; page < (maxPages || 100); page++) {
      const response = await fetch(apiRoot + path + query, {
        headers: { Accept: 'application/json' }, credentials: 'same-origin'
      });
      if (response.status === 401) {
        window.location.assign(base + '/login');
        throw new ApiError(401, null);
      }
      const text = await response.text();
      let body = null;
      try {
        body = text ? JSON.parse(text) : null;
      } catch (e) {
        body = null;
      }
      if (!response.ok) {
        throw new ApiError(response.status, body);
      }
      (body || []).forEach((item) => items.push(item));
      const next = /<(\?[^>]*)>\s*;\s*rel="next"/.exec(response.headers.get('Link') || '');
      if (!next) {
        break;
      }
      // The next page: the same path with the query the link names.
      path = path.split('?')[0];
      query = next[1];
    }
    return items;
  }

  async function api(path, options) {
    const opts = Object.assign({ method: 'GET' }, options || {});
    const headers = { Accept: 'application/json' };
    if (opts.body !== undefined && !(opts.body instanceof FormData)) {
      headers['Content-Type'] = 'application/json';
      opts.body = JSON.stringify(opts.body);
    }
    if (opts.method !== 'GET') {
      const token = meta('_csrf');
      if (token) {
        headers[meta('_csrf_header') || 'X-CSRF-TOKEN'] = token;
      }
    }
    opts.headers = headers;
    opts.credentials = 'same-origin';
    const response = await fetch(apiRoot + path, opts);
    if (response.status === 401) {
      // The session ended: back to the login page, which returns here afterwards.
      window.location.assign(base + '/login');
      throw new ApiError(401, null);
    }
    const text = await response.text();
    let body = null;
    if (text) {
      try {
        body = JSON.parse(text);
      } catch (e) {
        body = null;
      }
    }
    if (!response.ok) {
      throw new ApiError(response.status, body);
    }
    return body;
  }

  /**
   * Follows the live event stream. {@code handlers} maps event names (position, alert, event) to functions taking
   * the parsed data; {@code onReconnect} runs after the stream came back, so that a page can catch up on what it
   * missed. The browser's EventSource retries by itself after a network error; when it gives up (the server answered
   * with an error) this opens a new one with a growing delay.
   */
  function live(handlers, onReconnect) {
    const status = document.getElementById('live-status');
    const setStatus = (state, label) => {
      if (status) {
        status.dataset.state = state;
        status.querySelector('.label').textContent = label;
      }
    };
    let source = null;
    let delay = 1000;
    let everOpen = false;
    let lostSinceOpen = false;

    const connect = () => {
      source = new EventSource(apiRoot + '/live', { withCredentials: true });
      source.onopen = () => {
        setStatus('live', 'live');
        delay = 1000;
        if (everOpen && lostSinceOpen && onReconnect) {
          onReconnect();
        }
        everOpen = true;
        lostSinceOpen = false;
      };
      source.onerror = () => {
        lostSinceOpen = true;
        if (source.readyState === EventSource.CLOSED) {
          setStatus('offline', 'offline, retrying');
          source.close();
          window.setTimeout(connect, delay);
          delay = Math.min(delay * 2, 30000);
        } else {
          setStatus('connecting', 'reconnecting');
        }
      };
      Object.keys(handlers).forEach((name) => {
        source.addEventListener(name, (message) => {
          let data;
          try {
            data = JSON.parse(message.data);
          } catch (e) {
            console.warn('ignoring malformed live event', name, message.data);
            return;
          }
          handlers[name](data);
        });
      });
    };
    connect();
    window.addEventListener('beforeunload', () => source && source.close());
  }

  /** Creates an element: {@code el('li', {class: 'x', dataset: {id: 1}}, 'text', child)}. Text is never parsed as HTML. */
  function el(tag, attributes, ...children) {
    const element = document.createElement(tag);
    Object.entries(attributes || {}).forEach(([key, value]) => {
      if (value === null || value === undefined || value === false) {
        return;
      }
      if (key === 'class') {
        element.className = value;
      } else if (key === 'dataset') {
        Object.entries(value).forEach(([k, v]) => { element.dataset[k] = v; });
      } else if (key.startsWith('on') && typeof value === 'function') {
        element.addEventListener(key.substring(2), value);
      } else {
        element.setAttribute(key, value === true ? '' : value);
      }
    });
    children.flat().forEach((child) => {
      if (child === null || child === undefined || child === false) {
        return;
      }
      element.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
    });
    return element;
  }

  const timeFormat = new Intl.DateTimeFormat(undefined, {
    month: 'short', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false
  });

  /** Formats an ISO-8601 instant in the browser's time zone, or a dash. */
  function time(iso) {
    if (!iso) {
      return '–';
    }
    const date = new Date(iso);
    return isNaN(date) ? String(iso) : timeFormat.format(date);
  }

  /** "3 min ago" style age of an ISO-8601 instant. */
  function age(iso) {
    if (!iso) {
      return '';
    }
    const seconds = Math.round((Date.now() - new Date(iso).getTime()) / 1000);
    if (isNaN(seconds)) {
      return '';
    }
    if (seconds < 60) {
      return 'just now';
    }
    if (seconds < 3600) {
      return Math.floor(seconds / 60) + ' min ago';
    }
    if (seconds < 86400) {
      return Math.floor(seconds / 3600) + ' h ago';
    }
    return Math.floor(seconds / 86400) + ' d ago';
  }

  /** {@code CORRIDOR_LEFT} becomes "Corridor left". */
  function label(code) {
    if (!code) {
      return '';
    }
    const words = String(code).toLowerCase().replace(/_/g, ' ');
    return words.charAt(0).toUpperCase() + words.substring(1);
  }

  const BROKEN_SEAL = ['OPEN', 'TAMPERED'];

  /**
   * The one place that knows the shape of a movement in the API ({@code GET /movements}, {@code /movements/{id}}):
   * answers the fields the pages use. The live status (last report, seal, open alerts) sits in {@code status}.
   */
  function movement(m) {
    const status = m.status || {};
    const plan = m.routePlan || null;
    const state = m.state || null;
    const located = status.latitude !== undefined && status.latitude !== null
      && status.longitude !== undefined && status.longitude !== null;
    return {
      id: String(m.id),
      reference: m.reference || String(m.id),
      deviceId: m.deviceId || null,
      vehicle: m.vehicle || null,
      state: state,
      // the platform says which states are supervised, held and final (MovementState): no list of states here
      active: m.supervised !== false,
      holdsDevices: m.holdsDevices !== false,
      finalState: m.finalState === true,
      allowedNextStates: m.allowedNextStates || [],
      devices: m.devices || [],
      timeLimit: m.timeLimit || null,
      declarationId: m.declarationId === undefined ? null : m.declarationId,
      departureOffice: m.departureOffice || null,
      destinationOffice: m.destinationOffice || null,
      estimatedDistanceMeters: m.estimatedDistanceMeters === undefined ? null : m.estimatedDistanceMeters,
      estimatedTransitSeconds: m.estimatedTransitSeconds === undefined ? null : m.estimatedTransitSeconds,
      seal: status.seal || null,
      insideCorridor: status.insideCorridor !== false,
      openAlerts: status.openAlerts || 0,
      last: located ? { latitude: status.latitude, longitude: status.longitude, at: status.lastReportAt || null } : null,
      lastReportAt: status.lastReportAt || null,
      routePlan: plan,
      origin: m.origin || (plan && plan.origin ? plan.origin.name : null),
      destination: m.destination || (plan && plan.destination ? plan.destination.name : null),
      endedAt: m.endedAt || null,
      endedBy: m.endedBy || null,
      endReason: m.endReason || null
    };
  }

  /** Whether a movement needs attention: open alerts, a seal that is not intact, or outside its corridor. */
  function inAlert(view) {
    return view.openAlerts > 0
      || !view.insideCorridor
      || (!!view.seal && BROKEN_SEAL.indexOf(String(view.seal).toUpperCase()) >= 0);
  }

  /** Whether the signed-in user may acknowledge and resolve alerts. */
  const handlesAlerts = document.body.dataset.handlesAlerts === 'true';

  window.Ects = {
    base, api, apiAll, ApiError, live, el, time, age, label, movement, inAlert, handlesAlerts,
    page: (path) => base + path
  };
})();
