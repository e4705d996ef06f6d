/* HQ charts (the hotspot map is js/map-hotspots.js), drawn as SVG from JSON blocks (<script type="application/json">).
   No external libraries, no inline script (strict CSP); every label goes in via textContent. */
(function () {
  "use strict";
  var NS = "http://www.w3.org/2000/svg";
  // Django's JavaScript catalog (/jsi18n/, loaded by base.html); Korean msgids when it is missing.
  var gettext = window.gettext || function (s) { return s; };
  var interpolate = window.interpolate || function (s, o) { return s.replace(/%\((\w+)\)s/g, function (m, k) { return o[k]; }); };
  var COLORS = ["#2f6db5", "#e07b39", "#3c9d5d", "#b54a8f", "#8a6d3b", "#5b5ea6", "#c0392b", "#16a085"];

  function el(name, attrs, text) {
    var node = document.createElementNS(NS, name);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = String(text);
    return node;
  }
  function readJSON(id) {
    var block = document.getElementById(id);
    if (!block) return null;
    try { return JSON.parse(block.textContent); } catch (e) { return null; }
  }
  function svgRoot(w, h) {
    return el("svg", { viewBox: "0 0 " + w + " " + h, width: "100%", preserveAspectRatio: "xMidYMid meet", "class": "svg-chart" });
  }
  function empty(container, message) {
    var p = document.createElement("p");
    p.className = "muted";
    p.textContent = message;
    container.appendChild(p);
  }

  function stackedBars(container, data) {
    if (!data || !data.buckets || !data.buckets.length) { empty(container, gettext("데이터 없음")); return; }
    var W = 720, H = 260, L = 40, B = 46, T = 10, R = 10;
    var max = Math.max.apply(null, data.buckets.map(function (b) { return b.total; }).concat([1]));
    var svg = svgRoot(W, H + 24 * Math.ceil(data.fields.length / 4));
    var n = data.buckets.length, slot = (W - L - R) / n, bw = Math.max(2, slot * 0.7);
    for (var g = 0; g <= 4; g++) {
      var v = Math.round(max * g / 4), y = T + (H - T - B) * (1 - g / 4);
      svg.appendChild(el("line", { x1: L, x2: W - R, y1: y, y2: y, "class": "grid" }));
      // Label only whole-number grid lines (a rounded 1.5 labelled "2" misreads the bars).
      if (v === max * g / 4) svg.appendChild(el("text", { x: L - 6, y: y + 4, "text-anchor": "end", "class": "axis" }, v));
    }
    data.buckets.forEach(function (b, i) {
      var x = L + i * slot + (slot - bw) / 2, y = H - B;
      data.fields.forEach(function (f, fi) {
        var count = b.by_field[f] || 0;
        if (!count) return;
        var h = (H - T - B) * count / max;
        y -= h;
        var rect = el("rect", { x: x, y: y, width: bw, height: h, fill: COLORS[fi % COLORS.length], "class": "hq-bar" });
        rect.appendChild(el("title", {}, b.key + " · " + f + ": " + count));
        svg.appendChild(rect);
      });
      var every = Math.ceil(n / 12);
      if (i % every === 0) {
        var label = data.interval === "month" ? b.key.slice(0, 7) : b.key.slice(5);
        svg.appendChild(el("text", { x: x + bw / 2, y: H - B + 16, "text-anchor": "middle", "class": "axis" }, label));
      }
    });
    data.fields.forEach(function (f, fi) {
      var lx = L + (fi % 4) * 170, ly = H + 8 + Math.floor(fi / 4) * 22;
      svg.appendChild(el("rect", { x: lx, y: ly - 10, width: 12, height: 12, fill: COLORS[fi % COLORS.length] }));
      svg.appendChild(el("text", { x: lx + 18, y: ly, "class": "legend" }, f));
    });
    container.appendChild(svg);
  }

  function hours(container, data) {
    if (!data) { empty(container, gettext("데이터 없음")); return; }
    var W = 480, H = 220, L = 30, B = 30, T = 10;
    var max = Math.max.apply(null, data.map(function (d) { return d.count; }).concat([1]));
    var svg = svgRoot(W, H), slot = (W - L - 10) / 24;
    var base = container.getAttribute("data-hour-url");
    var selected = container.getAttribute("data-selected-hour");
    data.forEach(function (d) {
      var h = (H - T - B) * d.count / max, x = L + d.hour * slot;
      var cls = "hq-bar hour-bar" + (String(d.hour) === selected ? " selected" : "");
      var rect = el("rect", { x: x + 1, y: H - B - h, width: slot - 2, height: Math.max(h, 1), "class": cls });
      rect.appendChild(el("title", {}, interpolate(gettext("%(hour)s시: %(count)s건"), { hour: d.hour, count: d.count }, true)));
      if (base) {
        var link = el("a", { href: base + "hour=" + d.hour, "class": "hour-link" });
        link.appendChild(rect);
        svg.appendChild(link);
      } else {
        svg.appendChild(rect);
      }
      if (d.hour % 3 === 0) svg.appendChild(el("text", { x: x + slot / 2, y: H - B + 14, "text-anchor": "middle", "class": "axis" }, d.hour));
    });
    svg.appendChild(el("text", { x: L - 4, y: T + 8, "text-anchor": "end", "class": "axis" }, max));
    container.appendChild(svg);
  }

  var DRAW = { "stacked-bars": stackedBars, hours: hours };
  function init() {
    document.querySelectorAll("[data-chart]").forEach(function (container) {
      var draw = DRAW[container.getAttribute("data-chart")];
      if (draw && !container.hasAttribute("data-drawn")) {
        draw(container, readJSON(container.getAttribute("data-source")));
        container.setAttribute("data-drawn", "1");
      }
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
