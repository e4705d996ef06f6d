// Map pin picker without a tile server: an SVG of Seoul (bounding box, district centre labels, a rough
// Han river line) drawn from the JSON in data-map (suggestions.geo.map_data; or a json_script block named by data-source).
//   data-map-picker="edit": click/tap drops a pin and fills the lat/lon inputs (5 decimals), selects the
//     nearest district unless the partner chose one, and announces the place in the aria-live status.
//     Keyboard: the map is focusable; arrow keys move the pin (Shift: bigger steps), Enter confirms,
//     Escape goes back to the confirmed pin. Typing lat/lon moves the pin.
//   data-map-picker="view": a read-only map with the pin at data-lat/data-lon.
(function () {
  "use strict";
  var NS = "http://www.w3.org/2000/svg";
  var W = 640;

  function el(name, attrs, text) {
    var node = document.createElementNS(NS, name);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }
  function readJSON(id) {
    var node = document.getElementById(id);
    try { return node ? JSON.parse(node.textContent) : null; } catch (e) { return null; }
  }

  function Geo(data) {
    var bb = data.bbox;
    var cos = Math.cos((bb.south + bb.north) / 2 * Math.PI / 180);
    this.bb = bb;
    this.data = data;
    this.W = W;
    this.H = Math.round(W * (bb.north - bb.south) / ((bb.east - bb.west) * cos));
    this.cos = cos;
  }
  Geo.prototype.x = function (lon) { return (lon - this.bb.west) / (this.bb.east - this.bb.west) * this.W; };
  Geo.prototype.y = function (lat) { return (this.bb.north - lat) / (this.bb.north - this.bb.south) * this.H; };
  Geo.prototype.lon = function (x) { return this.bb.west + x / this.W * (this.bb.east - this.bb.west); };
  Geo.prototype.lat = function (y) { return this.bb.north - y / this.H * (this.bb.north - this.bb.south); };
  Geo.prototype.inside = function (lat, lon) {
    var b = this.bb;
    return lat >= b.south && lat <= b.north && lon >= b.west && lon <= b.east;
  };
  Geo.prototype.clamp = function (lat, lon) {
    var b = this.bb;
    return [Math.min(b.north, Math.max(b.south, lat)), Math.min(b.east, Math.max(b.west, lon))];
  };
  // Same rule as suggestions.geo.nearest_district (equirectangular, longitude scaled by cos φ).
  Geo.prototype.nearest = function (lat, lon) {
    var best = "", bestD = Infinity, districts = this.data.districts, cos = this.cos;
    Object.keys(districts).forEach(function (name) {
      var p = districts[name], dy = p[0] - lat, dx = (p[1] - lon) * cos, d = dy * dy + dx * dx;
      if (d < bestD) { bestD = d; best = name; }
    });
    return best;
  };

  function drawMap(container, geo) {
    var svg = el("svg", {
      viewBox: "0 0 " + geo.W + " " + geo.H, width: "100%", "class": "seoul-map",
      "aria-hidden": "true", focusable: "false", preserveAspectRatio: "xMidYMid meet"
    });
    svg.appendChild(el("rect", { x: 0, y: 0, width: geo.W, height: geo.H, "class": "map-bg" }));
    for (var i = 1; i < 8; i++) {
      svg.appendChild(el("line", { x1: i * geo.W / 8, x2: i * geo.W / 8, y1: 0, y2: geo.H, "class": "grid" }));
      svg.appendChild(el("line", { x1: 0, x2: geo.W, y1: i * geo.H / 8, y2: i * geo.H / 8, "class": "grid" }));
    }
    if (geo.data.river && geo.data.river.length) {
      var points = geo.data.river.map(function (p) { return geo.x(p[1]).toFixed(1) + "," + geo.y(p[0]).toFixed(1); });
      svg.appendChild(el("polyline", { points: points.join(" "), "class": "river" }));
    }
    Object.keys(geo.data.districts).forEach(function (name) {
      var p = geo.data.districts[name];
      svg.appendChild(el("circle", { cx: geo.x(p[1]), cy: geo.y(p[0]), r: 2, "class": "district-dot" }));
      svg.appendChild(el("text", { x: geo.x(p[1]), y: geo.y(p[0]) - 5, "text-anchor": "middle", "class": "district-label" }, name));
    });
    var pin = el("g", { "class": "pin", visibility: "hidden" });
    pin.appendChild(el("path", { d: "M0,0 C-9,-12 -9,-24 0,-24 C9,-24 9,-12 0,0 Z", "class": "pin-head" }));
    pin.appendChild(el("circle", { cx: 0, cy: -16, r: 3.5, "class": "pin-eye" }));
    svg.appendChild(pin);
    container.appendChild(svg);
    return { svg: svg, pin: pin };
  }

  function placePin(parts, geo, lat, lon, pending) {
    if (lat === null || lon === null) { parts.pin.setAttribute("visibility", "hidden"); return; }
    parts.pin.setAttribute("transform", "translate(" + geo.x(lon).toFixed(1) + "," + geo.y(lat).toFixed(1) + ")");
    parts.pin.setAttribute("visibility", "visible");
    parts.pin.setAttribute("class", pending ? "pin pending" : "pin");
  }

  // Status texts: Korean defaults, translated ones from the template's data-msg-* attributes.
  var MESSAGES = {
    picked: "선택한 위치", confirmed: "위치를 확정했습니다", moving: "핀 이동", "confirm-hint": "Enter로 확정",
    "start-hint": "화살표 키로 옮기고 Enter로 확정", cancelled: "핀 이동을 취소했습니다.", cleared: "지도 위치를 지웠습니다.",
    outside: "서울시 밖의 좌표입니다. 지도에서 위치를 고르거나 주소를 입력해 주세요.", near: "{district} 부근"
  };
  var container_ = null;
  function msg(key) {
    var text = container_ && container_.getAttribute("data-msg-" + key);
    return text || MESSAGES[key];
  }
  function describe(geo, lat, lon) {
    return lat.toFixed(5) + ", " + lon.toFixed(5) + " (" + msg("near").replace("{district}", geo.nearest(lat, lon)) + ")";
  }

  function initView(container, geo) {
    var lat = parseFloat(container.getAttribute("data-lat"));
    var lon = parseFloat(container.getAttribute("data-lon"));
    var parts = drawMap(container, geo);
    if (!isNaN(lat) && !isNaN(lon) && geo.inside(lat, lon)) { placePin(parts, geo, lat, lon, false); }
  }

  function initEdit(container, geo) {
    var latInput = document.getElementById(container.getAttribute("data-lat-input") || "id_lat");
    var lonInput = document.getElementById(container.getAttribute("data-lon-input") || "id_lon");
    var district = document.getElementById(container.getAttribute("data-district-input") || "id_district");
    var status = document.getElementById(container.getAttribute("data-status") || "location-status");
    var wrap = container.closest("[data-map-wrap]");
    if (!latInput || !lonInput) { return; }
    container_ = container;
    var parts = drawMap(container, geo);
    // A district the partner picked is never overwritten; one that we picked may be.
    var districtByUser = !!(district && district.value);
    var autoDistrict = "";
    var confirmed = null;  // [lat, lon] in the inputs
    var pending = null;    // [lat, lon] moved with the keyboard, not yet confirmed

    function say(text) { if (status) { status.textContent = text; } }
    function fromInputs() {
      var lat = parseFloat(latInput.value), lon = parseFloat(lonInput.value);
      return (!isNaN(lat) && !isNaN(lon) && geo.inside(lat, lon)) ? [lat, lon] : null;
    }
    function chooseDistrict(lat, lon) {
      if (!district || districtByUser) { return; }
      autoDistrict = geo.nearest(lat, lon);
      district.value = autoDistrict;
    }
    function commit(lat, lon, verb) {
      lat = Math.round(lat * 1e5) / 1e5;
      lon = Math.round(lon * 1e5) / 1e5;
      latInput.value = lat.toFixed(5);
      lonInput.value = lon.toFixed(5);
      confirmed = [lat, lon];
      pending = null;
      chooseDistrict(lat, lon);
      placePin(parts, geo, lat, lon, false);
      container.setAttribute("data-pin", lat.toFixed(5) + "," + lon.toFixed(5));
      say((verb || msg("picked")) + ": " + describe(geo, lat, lon));
    }

    if (district) {
      district.addEventListener("change", function () {
        districtByUser = district.value !== "" && district.value !== autoDistrict;
      });
    }
    parts.svg.addEventListener("click", function (event) {
      var ctm = parts.svg.getScreenCTM();
      if (!ctm) { return; }
      var pt = parts.svg.createSVGPoint();
      pt.x = event.clientX;
      pt.y = event.clientY;
      var p = pt.matrixTransform(ctm.inverse());
      var c = geo.clamp(geo.lat(p.y), geo.lon(p.x));
      commit(c[0], c[1]);
    });
    container.addEventListener("keydown", function (event) {
      var step = event.shiftKey ? 0.01 : 0.002;
      var start = pending || confirmed || [37.5665, 126.9780];  // 서울시청 when there is no pin yet
      var moves = { ArrowUp: [step, 0], ArrowDown: [-step, 0], ArrowLeft: [0, -step], ArrowRight: [0, step] };
      if (moves[event.key]) {
        event.preventDefault();
        var first = !pending && !confirmed;
        pending = first ? start : geo.clamp(start[0] + moves[event.key][0], start[1] + moves[event.key][1]);
        placePin(parts, geo, pending[0], pending[1], true);
        say(msg("moving") + ": " + describe(geo, pending[0], pending[1]) + " — " + msg("confirm-hint"));
      } else if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        if (pending) { commit(pending[0], pending[1], msg("confirmed")); }
        else if (!confirmed) {
          pending = start;
          placePin(parts, geo, start[0], start[1], true);
          say(msg("moving") + ": " + describe(geo, start[0], start[1]) + " — " + msg("start-hint"));
        }
      } else if (event.key === "Escape" && pending) {
        event.preventDefault();
        pending = null;
        placePin(parts, geo, confirmed ? confirmed[0] : null, confirmed ? confirmed[1] : null, false);
        say(confirmed ? msg("picked") + ": " + describe(geo, confirmed[0], confirmed[1]) : msg("cancelled"));
      }
    });
    function onTyped() {
      var p = fromInputs();
      pending = null;
      if (p) {
        confirmed = p;
        chooseDistrict(p[0], p[1]);
        placePin(parts, geo, p[0], p[1], false);
        container.setAttribute("data-pin", p[0].toFixed(5) + "," + p[1].toFixed(5));
        say(msg("picked") + ": " + describe(geo, p[0], p[1]));
      } else {
        confirmed = null;
        placePin(parts, geo, null, null, false);
        container.removeAttribute("data-pin");
        if (latInput.value && lonInput.value) { say(msg("outside")); }
      }
    }
    latInput.addEventListener("input", onTyped);
    lonInput.addEventListener("input", onTyped);
    var clear = wrap ? wrap.querySelector("[data-map-clear]") : null;
    if (clear) {
      clear.addEventListener("click", function () {
        latInput.value = "";
        lonInput.value = "";
        if (district && !districtByUser && district.value === autoDistrict) { district.value = ""; }
        onTyped();
        say(msg("cleared"));
      });
    }
    var initial = fromInputs();  // a form shown again after an error keeps its pin
    if (initial) {
      confirmed = initial;
      placePin(parts, geo, initial[0], initial[1], false);
      container.setAttribute("data-pin", initial[0].toFixed(5) + "," + initial[1].toFixed(5));
    }
    if (wrap) { wrap.hidden = false; }
  }

  function init() {
    document.querySelectorAll("[data-map-picker]").forEach(function (container) {
      if (container.hasAttribute("data-drawn")) { return; }
      var data = null;
      try { data = JSON.parse(container.getAttribute("data-map") || "null"); } catch (e) { data = null; }
      if (!data && container.hasAttribute("data-source")) { data = readJSON(container.getAttribute("data-source")); }
      if (!data || !data.bbox) { return; }
      var geo = new Geo(data);
      if (container.getAttribute("data-map-picker") === "edit") { initEdit(container, geo); }
      else { initView(container, geo); }
      container.setAttribute("data-drawn", "1");
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
