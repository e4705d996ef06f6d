/* The HQ hotspot map on the map component (map.js): density cells (from the json_script named by
   data-source: {"cells": [{key, count, south, west, north, east, polygon?, district, approximate?}]})
   over the 자치구/법정동 boundaries. Clicking a cell — or its button in the table below, the
   keyboard path — lists its reports from data-cell-url (the page's filters are kept). */
(function () {
  "use strict";
  var CM = window.CheongMap;
  if (!CM) { return; }
  var L = window.L;
  var gettext = window.gettext || function (s) { return s; };
  var interpolate = window.interpolate || function (s, o) { return s.replace(/%\((\w+)\)s/g, function (m, k) { return o[k]; }); };
  var RAMP = ["#fee8c8", "#fdbb84", "#fc8d59", "#e34a33", "#b30000"];

  function readJSON(id) {
    var block = document.getElementById(id);
    try { return block ? JSON.parse(block.textContent) : null; } catch (e) { return null; }
  }
  function colour(count, max) {
    var i = Math.min(RAMP.length - 1, Math.floor(RAMP.length * Math.sqrt(count / max)));
    return RAMP[Math.max(0, i)];
  }
  function node(tag, text, className) {
    var el = document.createElement(tag);
    if (text !== undefined) { el.textContent = text; }
    if (className) { el.className = className; }
    return el;
  }

  function listReports(container, key, label) {
    var list = document.getElementById(container.getAttribute("data-list") || "hotspot-reports");
    var base = container.getAttribute("data-cell-url");
    if (!list || !base) { return; }
    var query = window.location.search.replace(/^\?/, "");
    var url = base + (base.indexOf("?") < 0 ? "?" : "&") + (query ? query + "&" : "") + "key=" + encodeURIComponent(key);
    list.setAttribute("aria-busy", "true");
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } }).then(function (r) {
      if (!r.ok) { throw new Error(String(r.status)); }
      return r.json();
    }).then(function (body) {
      var reports = body.reports || body.results || [];
      list.textContent = "";
      list.appendChild(node("h2", interpolate(gettext("%(place)s: 현장 의견 %(count)s건"), { place: label, count: reports.length }, true)));
      var ol = node("ol", undefined, "hotspot-report-list");
      reports.forEach(function (r) {
        var li = node("li");
        var a = node("a", r.title);
        a.href = r.url || ("/suggestions/" + r.id + "/");
        li.appendChild(a);
        var meta = [r.district, r.dong, r.station, r.time_band, (r.created || r.created_at || "").slice(0, 10)].filter(Boolean).join(" · ");
        if (meta) { li.appendChild(node("span", " " + meta, "muted")); }
        if (r.approximate || r.location_approximate) { li.appendChild(node("span", " " + gettext("대략적 위치"), "badge")); }
        ol.appendChild(li);
      });
      list.appendChild(ol);
      list.removeAttribute("aria-busy");
      list.setAttribute("data-cell", key);
    }).catch(function () {
      list.textContent = gettext("보고서 목록을 불러오지 못했습니다.");
      list.removeAttribute("aria-busy");
    });
  }

  function draw(container) {
    var data = readJSON(container.getAttribute("data-source")) || {};
    var cells = data.cells || [];
    var built = CM.create(container, { keyboard: true, scrollWheelZoom: true });
    var map = built.map;
    var max = Math.max.apply(null, cells.map(function (c) { return c.count; }).concat([1]));
    var layer = L.featureGroup();
    cells.forEach(function (c) {
      var style = {
        className: "hotspot-cell", color: "#7a1f00", weight: 0.6, fillColor: colour(c.count, max), fillOpacity: 0.75
      };
      var shape = c.polygon ? L.polygon(c.polygon, style) : L.rectangle([[c.south, c.west], [c.north, c.east]], style);
      var place = c.district || "";
      shape.bindTooltip(place + " " + interpolate(gettext("%(count)s건"), { count: c.count }, true), { sticky: true });
      shape.on("click", function () { listReports(container, c.key, place || c.key); });
      layer.addLayer(shape);
    });
    layer.addTo(map);
    built.ready.then(function () { layer.bringToFront(); });
    container.setAttribute("data-cells", String(cells.length));
    document.querySelectorAll("[data-cell-key]").forEach(function (button) {
      button.addEventListener("click", function () {
        listReports(container, button.getAttribute("data-cell-key"), button.getAttribute("data-cell-label") || "");
      });
    });
    container.setAttribute("data-drawn", "1");
  }

  function init() {
    document.querySelectorAll("[data-hotspot-map]").forEach(function (container) {
      if (!container.hasAttribute("data-drawn")) { draw(container); }
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
