/*
 * OpenECTS maps: a Leaflet map that needs no tile server (a plain background with a light graticule, unless a tile
 * URL is configured), and the vector layers of a movement: corridor band, geofences, track, latest position.
 */
(function () {
  'use strict';

  const COLOURS = {
    corridor: '#1e88e5',
    corridorLine: '#1565c0',
    origin: '#2e7d32',
    destination: '#6a1b9a',
    track: '#263238',
    identified: '#ef6c00',
    ok: '#2e7d32',
    alert: '#d32f2f',
    inactive: '#90a4ae'
  };

  const EARTH_CIRCUMFERENCE = 40075016.686;

  /** Lines every few degrees, so that a map without tiles still shows scale and orientation. */
  const Graticule = L.LayerGroup.extend({
    onAdd: function (map) {
      L.LayerGroup.prototype.onAdd.call(this, map);
      map.on('moveend zoomend', this.redraw, this);
      this.redraw();
    },
    onRemove: function (map) {
      map.off('moveend zoomend', this.redraw, this);
      L.LayerGroup.prototype.onRemove.call(this, map);
    },
    redraw: function () {
      const map = this._map;
      if (!map) {
        return;
      }
      this.clearLayers();
      const bounds = map.getBounds();
      const span = Math.max(bounds.getEast() - bounds.getWest(), bounds.getNorth() - bounds.getSouth());
      const steps = [0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 15, 30];
      const step = steps.find((s) => span / s <= 12) || 30;
      const style = { color: '#9aa8b6', weight: 1, opacity: 0.45, interactive: false };
      const south = Math.max(-85, Math.floor(bounds.getSouth() / step) * step);
      const north = Math.min(85, Math.ceil(bounds.getNorth() / step) * step);
      const west = Math.floor(bounds.getWest() / step) * step;
      const east = Math.ceil(bounds.getEast() / step) * step;
      for (let lat = south; lat <= north + 1e-9; lat += step) {
        this.addLayer(L.polyline([[lat, west], [lat, east]], style));
        if (Math.abs(lat) < 1e-9) {
          this.addLayer(L.polyline([[0, west], [0, east]], Object.assign({}, style, { weight: 2, opacity: 0.6 })));
        }
      }
      for (let lon = west; lon <= east + 1e-9; lon += step) {
        this.addLayer(L.polyline([[south, lon], [north, lon]], style));
      }
    }
  });

  /** Creates the map in {@code element}; the tile URL comes from the element's data-tile-url (empty: no tiles). */
  function create(element) {
    const tileUrl = (element.dataset.tileUrl || '').trim();
    const map = L.map(element, {
      zoomControl: true,
      attributionControl: !!tileUrl,
      worldCopyJump: true,
      zoomSnap: 0.25,
      minZoom: 2
    });
    if (tileUrl) {
      L.tileLayer(tileUrl, { maxZoom: 19, attribution: element.dataset.tileAttribution || '' }).addTo(map);
    } else {
      element.classList.add('no-tiles');
      map.createPane('graticule');
      map.getPane('graticule').style.zIndex = 250;
      new Graticule({ pane: 'graticule' }).addTo(map);
    }
    L.control.scale({ imperial: false }).addTo(map);
    map.setView([0, 20], 3);
    return map;
  }

  function metresPerPixel(map, latitude) {
    return EARTH_CIRCUMFERENCE * Math.cos(latitude * Math.PI / 180) / Math.pow(2, map.getZoom() + 8);
  }

  /**
   * Draws a route plan: the corridor as a translucent band as wide as the corridor (at least a few pixels), its
   * centre line, and the origin and destination geofences as circles. Answers the layer group; its getBounds()
   * covers all of it.
   */
  /**
   * Leaflet puts a string given to bindTooltip, bindPopup or setContent into the page as HTML. Names and references
   * come from users (a movement's reference, a geofence's name): they go in as a text node, never parsed.
   */
  function text(value) {
    const span = document.createElement('span');
    span.textContent = value === null || value === undefined ? '' : String(value);
    return span;
  }

  function routePlan(map, plan, title) {
    const group = L.featureGroup();
    const path = plan && plan.corridor && Array.isArray(plan.corridor.path) ? plan.corridor.path : [];
    if (path.length >= 2) {
      const width = plan.corridor.widthMeters || 1000;
      const midLatitude = path.reduce((sum, p) => sum + p[0], 0) / path.length;
      const band = L.polyline(path, {
        className: 'corridor-band',
        color: COLOURS.corridor,
        opacity: 0.18,
        lineCap: 'round',
        lineJoin: 'round',
        weight: 6
      });
      const resize = () => band.setStyle({ weight: Math.max(6, width / metresPerPixel(map, midLatitude)) });
      map.on('zoomend', resize);
      group.on('remove', () => map.off('zoomend', resize));
      band.on('add', resize);
      group.addLayer(band);
      group.addLayer(L.polyline(path, {
        className: 'corridor-line',
        color: COLOURS.corridorLine,
        weight: 1.5,
        opacity: 0.8,
        dashArray: '6 6',
        interactive: false
      }));
      if (title) {
        band.bindTooltip(() => text(title), { sticky: true });
      }
    }
    [['origin', COLOURS.origin], ['destination', COLOURS.destination]].forEach(([key, colour]) => {
      const fence = plan && plan[key];
      if (fence && fence.latitude !== undefined) {
        group.addLayer(L.circle([fence.latitude, fence.longitude], {
          className: 'geofence geofence-' + key,
          radius: fence.radiusMeters || 1000,
          color: colour,
          weight: 2,
          fillOpacity: 0.12
        }).bindTooltip(() => text((key === 'origin' ? 'Origin: ' : 'Destination: ') + (fence.name || ''))));
        // A ring of constant size, so that a geofence a few kilometres wide still shows on a country-wide view.
        group.addLayer(L.circleMarker([fence.latitude, fence.longitude], {
          radius: 5,
          color: colour,
          weight: 2,
          fillColor: '#ffffff',
          fillOpacity: 1,
          interactive: false
        }));
      }
    });
    group.addTo(map);
    return group;
  }

  /** The track so far as a line; answers an object to add points to as they arrive, in device-time order. */
  function track(map, points) {
    const sorted = (points || []).filter((p) => p.latitude !== undefined).slice();
    sorted.sort((a, b) => String(a.at).localeCompare(String(b.at)));
    const line = L.polyline(sorted.map((p) => [p.latitude, p.longitude]), {
      className: 'track',
      color: COLOURS.track,
      weight: 3,
      opacity: 0.85,
      interactive: false
    }).addTo(map);
    return {
      line: line,
      points: sorted,
      /** Adds a position; buffered history lands at its device-time place. Answers true when it is the latest. */
      add: function (point) {
        let index = this.points.length;
        while (index > 0 && String(this.points[index - 1].at) > String(point.at)) {
          index--;
        }
        this.points.splice(index, 0, point);
        line.setLatLngs(this.points.map((p) => [p.latitude, p.longitude]));
        return index === this.points.length - 1;
      },
      latest: function () {
        return this.points.length ? this.points[this.points.length - 1] : null;
      }
    };
  }

  /** How far a report can be trusted, as people read it. */
  const TRUST_LABELS = {
    SIGNED: 'signed by the device',
    CHANNEL_AUTHENTICATED: 'authenticated channel',
    IDENTIFIED: 'identified only (unsigned: anyone knowing the device id could send it)'
  };

  function trustLabel(trust) {
    return TRUST_LABELS[trust] || 'trust unknown';
  }

  /**
   * Each report of the track as a small dot that says how far it can be trusted: filled dark for signed or
   * channel-authenticated reports, hollow orange for reports only identified by their device id. Click a dot for its
   * time and trust level. Drawn on a canvas (tracks can be long). Answers an object to add points to as they arrive.
   */
  function trustPoints(map, points) {
    const renderer = L.canvas({ padding: 0.2 });
    const group = L.layerGroup().addTo(map);
    function add(p) {
      if (p.latitude === undefined || p.longitude === undefined) {
        return;
      }
      const identified = p.trust === 'IDENTIFIED';
      L.circleMarker([p.latitude, p.longitude], {
        renderer: renderer,
        className: 'track-point trust-' + String(p.trust || 'unknown').toLowerCase(),
        radius: identified ? 4 : 2.5,
        weight: identified ? 2 : 1,
        color: identified ? COLOURS.identified : COLOURS.track,
        fill: !identified,
        fillColor: COLOURS.track,
        fillOpacity: identified ? 0 : 0.9
      }).bindPopup(popup(p)).addTo(group);
    }
    (points || []).forEach(add);
    return { layer: group, add: add };
  }

  /** A track point's popup, built as text (nothing in it is read as HTML). */
  function popup(p) {
    const content = document.createElement('div');
    const when = document.createElement('div');
    when.textContent = String(p.at) + (p.history ? ' (buffered history)' : '');
    const trust = document.createElement('div');
    trust.className = 'trust';
    trust.textContent = trustLabel(p.trust);
    content.append(when, trust);
    return content;
  }

  /**
   * The latest position as a circle marker coloured by state ('ok', 'alert' or 'inactive'), labelled with the
   * movement reference (always shown when {@code permanent}, else on hover).
   */
  function positionMarker(map, latLng, state, label, permanent) {
    const marker = L.circleMarker(latLng, {
      className: 'position-marker',
      radius: 8,
      weight: 2,
      color: '#ffffff',
      fillOpacity: 1
    }).addTo(map);
    setMarkerState(marker, state);
    if (label) {
      marker.bindTooltip(() => text(label),
        { permanent: !!permanent, direction: 'right', offset: [8, 0], className: 'movement-label' });
    }
    return marker;
  }

  function setMarkerState(marker, state) {
    marker.setStyle({ fillColor: COLOURS[state] || COLOURS.ok });
    const element = marker.getElement && marker.getElement();
    if (element) {
      element.classList.remove('state-ok', 'state-alert', 'state-inactive');
      element.classList.add('state-' + state);
    }
    marker.ectsState = state;
  }

  /** Fits the map to the union of the given bounds (ignoring invalid ones). */
  function fit(map, boundsList) {
    let union = null;
    boundsList.forEach((b) => {
      if (b && b.isValid && b.isValid()) {
        union = union ? union.extend(b) : L.latLngBounds(b.getSouthWest(), b.getNorthEast());
      }
    });
    if (union) {
      map.fitBounds(union, { padding: [30, 30], maxZoom: 13 });
    }
    return union;
  }

  window.EctsMap = {
    create, routePlan, track, trustPoints, trustLabel, positionMarker, setMarkerState, fit, text, COLOURS
  };
})();
