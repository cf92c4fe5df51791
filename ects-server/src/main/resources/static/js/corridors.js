/*
 * The route library page: the corridors (latest version of each) in a table, the selected version on the map
 * (centreline and its width, border posts, authorised stops, restricted zones, coverage holes, each with a popup),
 * its versions, its GeoJSON / KML / GPX downloads, and for administrators and officers the import form, which shows
 * the problem details of a refused file field by field.
 */
(function () {
  'use strict';

  const { api, el, time, base, ApiError } = window.Ects;
  const { text } = window.EctsMap;

  const COLOURS = {
    borderPost: '#6a1b9a',
    stop: '#2e7d32',
    zone: '#d32f2f',
    hole: '#ef6c00'
  };

  const map = EctsMap.create(document.getElementById('map'));
  const rows = document.getElementById('corridor-rows');
  const pageError = document.getElementById('corridors-error');
  const selectedPanel = document.getElementById('selected');
  const versionSelect = document.getElementById('version-select');
  let layer = null;
  let selectedId = null;

  function showError(message) {
    pageError.textContent = message || '';
    pageError.hidden = !message;
  }

  function km(metres) {
    return (metres / 1000).toLocaleString(undefined, { maximumFractionDigits: 1 }) + ' km';
  }

  function duration(seconds) {
    const hours = Math.floor(seconds / 3600);
    const minutes = Math.round((seconds % 3600) / 60);
    return hours + ' h ' + String(minutes).padStart(2, '0');
  }

  function latLng(point) {
    return [point.latitude, point.longitude];
  }

  /** A popup's content, built as text: names come from imported files. */
  function popup(title, lines) {
    const content = el('div', { class: 'corridor-popup' }, el('div', { class: 'popup-title' }));
    content.firstChild.appendChild(text(title));
    lines.forEach((line) => content.appendChild(el('div', {}, line)));
    return content;
  }

  async function loadList(select) {
    try {
      const corridors = await api('/corridors');
      document.getElementById('corridor-count').textContent = String(corridors.length);
      if (corridors.length === 0) {
        rows.replaceChildren(el('tr', { class: 'empty-row' },
          el('td', { colspan: 4, class: 'empty' }, 'No corridor in the library yet.')));
        return;
      }
      rows.replaceChildren(...corridors.map((c) => el('tr', {
        class: 'corridor-row' + (c.id === selectedId ? ' selected' : ''),
        dataset: { corridorId: c.id },
        onclick: () => select(c.id, null)
      },
      el('td', {}, el('div', { class: 'corridor-name' }, c.name), el('div', { class: 'mono corridor-id' }, c.id)),
      el('td', { class: 'number' }, 'v' + c.version),
      el('td', { class: 'number nowrap' }, km(c.lengthMeters)),
      el('td', { class: 'number nowrap' }, (c.widthMeters / 1000).toLocaleString() + ' km'))));
      showError(null);
    } catch (err) {
      showError('Corridors unavailable: ' + err.message);
    }
  }

  function draw(corridor) {
    if (layer) {
      map.removeLayer(layer);
    }
    layer = L.featureGroup();
    const path = corridor.centreline.map(latLng);
    // The corridor as wide as it is: a translucent band around the centreline, resized with the zoom.
    const midLatitude = path.reduce((sum, p) => sum + p[0], 0) / path.length;
    const band = L.polyline(path, {
      className: 'corridor-band', color: '#1e88e5', opacity: 0.22, lineCap: 'round', lineJoin: 'round', weight: 6
    });
    const resize = () => {
      const metresPerPixel = 40075016.686 * Math.cos(midLatitude * Math.PI / 180) / Math.pow(2, map.getZoom() + 8);
      band.setStyle({ weight: Math.max(6, corridor.widthMeters / metresPerPixel) });
    };
    map.on('zoomend', resize);
    layer.on('remove', () => map.off('zoomend', resize));
    band.on('add', resize);
    band.bindPopup(() => popup(corridor.name, [
      corridor.id + ', version ' + corridor.version,
      km(corridor.lengthMeters) + ', ' + corridor.widthMeters + ' m wide',
      'Estimated transit ' + duration(corridor.estimatedTransitSeconds)
    ]));
    layer.addLayer(band);
    layer.addLayer(L.polyline(path, {
      className: 'corridor-line', color: '#1565c0', weight: 1.5, opacity: 0.9, dashArray: '6 6', interactive: false
    }));
    corridor.restrictedZones.forEach((zone) => layer.addLayer(L.polygon(zone.ring.map(latLng), {
      className: 'restricted-zone', color: COLOURS.zone, weight: 2, fillOpacity: 0.18
    }).bindPopup(() => popup(zone.name, ['Restricted zone']))));
    corridor.coverageHoles.forEach((hole) => layer.addLayer(L.polygon(hole.ring.map(latLng), {
      className: 'coverage-hole', color: COLOURS.hole, weight: 2, dashArray: '4 4', fillOpacity: 0.12
    }).bindPopup(() => popup(hole.name, ['Known coverage hole: reports may arrive late']))));
    corridor.borderPosts.forEach((post) => {
      layer.addLayer(L.circle(latLng(post.position), {
        className: 'border-post', radius: post.radiusMeters, color: COLOURS.borderPost, weight: 2, fillOpacity: 0.15
      }).bindPopup(() => popup(post.name, ['Border post, ' + post.radiusMeters + ' m'])));
      layer.addLayer(L.circleMarker(latLng(post.position), {
        className: 'border-post-marker', radius: 6, color: COLOURS.borderPost, weight: 3, fillColor: '#fff', fillOpacity: 1
      }).bindPopup(() => popup(post.name, ['Border post, ' + post.radiusMeters + ' m'])));
    });
    corridor.authorisedStops.forEach((stop) => {
      const lines = ['Authorised stop, ' + stop.radiusMeters + ' m', 'Longest stay ' + duration(stop.maxStayMinutes * 60)];
      layer.addLayer(L.circle(latLng(stop.position), {
        className: 'authorised-stop', radius: stop.radiusMeters, color: COLOURS.stop, weight: 2, fillOpacity: 0.15
      }).bindPopup(() => popup(stop.name, lines)));
      layer.addLayer(L.circleMarker(latLng(stop.position), {
        className: 'authorised-stop-marker', radius: 5, color: COLOURS.stop, weight: 2, fillColor: '#fff', fillOpacity: 1
      }).bindPopup(() => popup(stop.name, lines)));
    });
    layer.addTo(map);
    EctsMap.fit(map, [layer.getBounds()]);
  }

  function facts(corridor) {
    const grid = document.getElementById('corridor-facts');
    const entries = [
      ['Id', corridor.id],
      ['Length', km(corridor.lengthMeters)],
      ['Width', corridor.widthMeters + ' m'],
      ['Estimated transit', duration(corridor.estimatedTransitSeconds)],
      ['Border posts', corridor.borderPosts.map((p) => p.name).join(', ') || '–'],
      ['Authorised stops', String(corridor.authorisedStops.length)],
      ['Restricted zones', String(corridor.restrictedZones.length)],
      ['Coverage holes', String(corridor.coverageHoles.length)],
      ['Stored', time(corridor.createdAt) + ' by ' + corridor.createdBy]
    ];
    grid.replaceChildren(...entries.flatMap(([term, value]) => [el('dt', {}, term), el('dd', {}, value)]));
  }

  async function select(id, version) {
    try {
      const query = version ? '?version=' + encodeURIComponent(version) : '';
      const [corridor, versions] = await Promise.all([
        api('/corridors/' + encodeURIComponent(id) + query),
        api('/corridors/' + encodeURIComponent(id) + '/versions')
      ]);
      selectedId = id;
      rows.querySelectorAll('tr.corridor-row').forEach((row) => {
        row.classList.toggle('selected', row.dataset.corridorId === id);
      });
      selectedPanel.hidden = false;
      selectedPanel.dataset.corridorId = corridor.id;
      selectedPanel.dataset.version = String(corridor.version);
      document.getElementById('selected-name').textContent = corridor.name;
      versionSelect.replaceChildren(...versions.slice().reverse().map((v) => el('option', {
        value: String(v.version), selected: v.version === corridor.version
      }, 'v' + v.version + ' · ' + time(v.createdAt) + ' · ' + v.createdBy)));
      ['geojson', 'kml', 'gpx'].forEach((format) => {
        const link = document.getElementById('export-' + format);
        link.href = base + '/api/v1/corridors/' + encodeURIComponent(corridor.id)
          + '?version=' + corridor.version + '&format=' + format;
        link.setAttribute('download', corridor.id + '-v' + corridor.version + '.' + format);
      });
      facts(corridor);
      draw(corridor);
      showError(null);
    } catch (err) {
      showError('Corridor ' + id + ' unavailable: ' + err.message);
    }
  }

  versionSelect.addEventListener('change', () => select(selectedId, versionSelect.value));

  // ---- Import (administrators and officers) ----

  function meta(name) {
    const element = document.querySelector('meta[name="' + name + '"]');
    return element ? element.getAttribute('content') : null;
  }

  const MEDIA_TYPES = {
    geojson: 'application/geo+json',
    kml: 'application/vnd.google-earth.kml+xml',
    gpx: 'application/gpx+xml',
    json: 'application/json'
  };

  function formatOf(fileName) {
    const match = /\.([a-z]+)$/i.exec(fileName || '');
    const extension = match ? match[1].toLowerCase() : '';
    return extension === 'json' ? 'json' : (MEDIA_TYPES[extension] ? extension : '');
  }

  async function postDocument(query, body, contentType) {
    const headers = { Accept: 'application/json', 'Content-Type': contentType };
    const token = meta('_csrf');
    if (token) {
      headers[meta('_csrf_header') || 'X-CSRF-TOKEN'] = token;
    }
    const response = await fetch(base + '/api/v1/corridors?' + query, {
      method: 'POST', headers, body, credentials: 'same-origin'
    });
    if (response.status === 401) {
      window.location.assign(base + '/login');
      throw new ApiError(401, null);
    }
    const answer = await response.text();
    let parsed = null;
    try {
      parsed = answer ? JSON.parse(answer) : null;
    } catch (e) {
      parsed = null;
    }
    if (!response.ok) {
      throw new ApiError(response.status, parsed);
    }
    return parsed;
  }

  const importForm = document.getElementById('import-form');
  if (importForm) {
    const errors = document.getElementById('import-errors');
    const showProblems = (lines) => {
      errors.replaceChildren(...lines.map((line) => el('li', {}, line)));
      errors.hidden = lines.length === 0;
    };
    importForm.addEventListener('submit', async (e) => {
      e.preventDefault();
      showProblems([]);
      const file = importForm.elements.file.files[0];
      if (!file) {
        showProblems(['Choose a GeoJSON, KML, GPX or JSON file first.']);
        return;
      }
      const format = importForm.elements.format.value || formatOf(file.name);
      if (!format) {
        showProblems(['format: choose the format (the file name does not say it)']);
        return;
      }
      const params = new URLSearchParams({ format: format });
      ['id', 'name', 'widthMeters'].forEach((field) => {
        const value = importForm.elements[field].value.trim();
        if (value) {
          params.set(field, value);
        }
      });
      const submit = document.getElementById('import-submit');
      submit.disabled = true;
      try {
        const stored = await postDocument(params.toString(), await file.arrayBuffer(), MEDIA_TYPES[format]);
        importForm.reset();
        await loadList(select);
        await select(stored.id, stored.version);
      } catch (err) {
        const problems = err.problem && Array.isArray(err.problem.errors) ? err.problem.errors : [];
        showProblems(problems.length ? problems.map((p) => p.field + ': ' + p.message) : [err.message]);
      } finally {
        submit.disabled = false;
      }
    });
  }

  loadList(select).then(() => {
    const wanted = new URLSearchParams(window.location.search).get('corridor');
    const first = rows.querySelector('tr.corridor-row');
    if (wanted) {
      select(wanted, null);
    } else if (first) {
      select(first.dataset.corridorId, null);
    }
  });
})();
