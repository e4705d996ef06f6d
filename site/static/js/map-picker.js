/* The filing form's pin picker and the detail page's read-only map, on the map component (map.js).
     data-map-picker="edit": click/tap or drag the pin → the lat/lon inputs (5 decimals); the place
       (자치구·법정동) comes from the server (data-resolve-url, point-in-polygon) and fills the district
       select unless the partner chose one; outside Seoul's boundary the server's error is announced.
       Keyboard: the map is focusable; arrow keys move the pin (Shift: bigger steps), Enter confirms,
       Escape goes back to the confirmed pin, +/- zoom. Typing lat/lon moves the pin. The district
       select and the address field stay the text alternative.
     data-map-picker="view": read-only. data-lat/data-lon: the exact pin (police); data-area
       ("south,west,north,east"): the coarsened cell the server sent (everyone else); data-approximate:
       placed from the address, not a pin. Coarsening is never computed here. */
(function () {
  "use strict";
  var CM = window.CheongMap;
  if (!CM) { return; }
  var L = window.L;
  var CITY_HALL = [37.5665, 126.9780];  // where the keyboard starts when there is no pin yet

  var MESSAGES = {
    picked: "선택한 위치", confirmed: "위치를 확정했습니다", moving: "핀 이동", "confirm-hint": "Enter로 확정",
    "start-hint": "화살표 키로 옮기고 Enter로 확정", cancelled: "핀 이동을 취소했습니다.", cleared: "지도 위치를 지웠습니다.",
    outside: "서울시 밖의 좌표입니다. 지도에서 위치를 고르거나 주소를 입력해 주세요.",
    "resolve-error": "자치구를 확인하지 못했습니다. 자치구를 직접 골라 주세요.", pin: "선택한 현장 위치"
  };
  function say(container, key) { return CM.msg(container, key, MESSAGES[key]); }
  function fmt(lat, lon) { return lat.toFixed(5) + ", " + lon.toFixed(5); }

  function initView(container) {
    var built = CM.create(container, { keyboard: false });
    var map = built.map;
    map.dragging.disable();
    map.doubleClickZoom.disable();
    var lat = parseFloat(container.getAttribute("data-lat"));
    var lon = parseFloat(container.getAttribute("data-lon"));
    var area = (container.getAttribute("data-area") || "").split(",").map(parseFloat);
    var approximate = container.hasAttribute("data-approximate");
    if (area.length === 4 && area.every(function (v) { return !isNaN(v); })) {
      var rect = L.rectangle([[area[0], area[1]], [area[2], area[3]]], {
        className: "map-area" + (approximate ? " approximate" : ""), color: "#d1242f", weight: 2,
        fillColor: "#d1242f", fillOpacity: 0.25, interactive: false
      }).addTo(map);
      map.fitBounds(rect.getBounds(), { maxZoom: 14, padding: [30, 30] });
    } else if (!isNaN(lat) && !isNaN(lon)) {
      L.marker([lat, lon], {
        icon: CM.pinIcon(approximate ? "approximate" : ""), interactive: false, keyboard: false
      }).addTo(map);
      map.setView([lat, lon], 14);
    }
    container.setAttribute("data-drawn", "1");
  }

  function initEdit(container) {
    var latInput = document.getElementById(container.getAttribute("data-lat-input") || "id_lat");
    var lonInput = document.getElementById(container.getAttribute("data-lon-input") || "id_lon");
    var district = document.getElementById(container.getAttribute("data-district-input") || "id_district");
    var status = document.getElementById(container.getAttribute("data-status") || "location-status");
    var resolveUrl = container.getAttribute("data-resolve-url");
    var wrap = container.closest("[data-map-wrap]");
    if (!latInput || !lonInput) { return; }
    if (wrap) { wrap.hidden = false; }  // before Leaflet measures the container
    var built = CM.create(container, { keyboard: false, scrollWheelZoom: true });
    var map = built.map;
    var marker = null;
    // A district the partner picked is never overwritten; one that we picked may be.
    var districtByUser = !!(district && district.value);
    var autoDistrict = "";
    var confirmed = null;  // [lat, lon] in the inputs
    var pending = null;    // [lat, lon] moved with the keyboard, not yet confirmed
    var asked = 0;         // the latest resolve request (older answers are dropped)

    function announce(text) { if (status) { status.textContent = text; } }
    function fromInputs() {
      var lat = parseFloat(latInput.value), lon = parseFloat(lonInput.value);
      return (!isNaN(lat) && !isNaN(lon) && built.bounds.pad(0.2).contains([lat, lon])) ? [lat, lon] : null;
    }
    function showPin(p, state) {
      if (!p) {
        if (marker) { map.removeLayer(marker); marker = null; }
        container.removeAttribute("data-pin-state");
        return;
      }
      if (!marker) {
        marker = L.marker(p, { icon: CM.pinIcon(), draggable: true, keyboard: false, title: say(container, "pin") });
        marker.on("dragend", function () { var ll = marker.getLatLng(); commit(ll.lat, ll.lng); });
        marker.addTo(map);
      }
      marker.setLatLng(p);
      var el = marker.getElement();
      if (el) { el.classList.toggle("pending", state === "pending"); el.classList.toggle("outside", state === "outside"); }
      container.setAttribute("data-pin-state", state || "set");
      if (!map.getBounds().pad(-0.1).contains(p)) { map.panTo(p); }
    }
    function resolve(lat, lon, prefix) {
      if (!resolveUrl) { return; }
      var ticket = ++asked;
      var url = resolveUrl + (resolveUrl.indexOf("?") < 0 ? "?" : "&") + "lat=" + lat.toFixed(5) + "&lon=" + lon.toFixed(5);
      container.setAttribute("data-resolving", "1");
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } }).then(function (r) {
        return r.json().then(function (body) { return { ok: r.ok, body: body }; });
      }).then(function (answer) {
        if (ticket !== asked) { return; }
        container.removeAttribute("data-resolving");
        var body = answer.body || {};
        if (!answer.ok || !body.district) {
          showPin([lat, lon], "outside");
          container.setAttribute("data-place", "");
          var problem = body.error || body.detail || (body.lat && body.lat[0]) || (body.lon && body.lon[0]);
          announce(problem || say(container, "outside"));
          return;
        }
        var place = body.district + (body.dong ? " " + body.dong : "");
        container.setAttribute("data-place", place);
        if (district && !districtByUser) { autoDistrict = body.district; district.value = body.district; }
        announce(prefix + ": " + fmt(lat, lon) + " (" + place + ")");
      }).catch(function () {
        if (ticket !== asked) { return; }
        container.removeAttribute("data-resolving");
        announce(prefix + ": " + fmt(lat, lon) + " — " + say(container, "resolve-error"));
      });
    }
    function commit(lat, lon, verb) {
      lat = Math.round(lat * 1e5) / 1e5;
      lon = Math.round(lon * 1e5) / 1e5;
      latInput.value = lat.toFixed(5);
      lonInput.value = lon.toFixed(5);
      confirmed = [lat, lon];
      pending = null;
      showPin(confirmed, "set");
      container.setAttribute("data-pin", lat.toFixed(5) + "," + lon.toFixed(5));
      var prefix = verb || say(container, "picked");
      announce(prefix + ": " + fmt(lat, lon));
      resolve(lat, lon, prefix);
    }

    if (district) {
      district.addEventListener("change", function () {
        districtByUser = district.value !== "" && district.value !== autoDistrict;
      });
    }
    map.on("click", function (event) { commit(event.latlng.lat, event.latlng.lng); });
    container.addEventListener("keydown", function (event) {
      if (event.target !== container) { return; }  // the zoom buttons keep their own keys
      var step = event.shiftKey ? 0.01 : 0.002;
      var start = pending || confirmed || CITY_HALL;
      var moves = { ArrowUp: [step, 0], ArrowDown: [-step, 0], ArrowLeft: [0, -step], ArrowRight: [0, step] };
      if (moves[event.key]) {
        event.preventDefault();
        var first = !pending && !confirmed;
        pending = first ? start : [start[0] + moves[event.key][0], start[1] + moves[event.key][1]];
        showPin(pending, "pending");
        announce(say(container, "moving") + ": " + fmt(pending[0], pending[1]) + " — " + say(container, "confirm-hint"));
      } else if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        if (pending) { commit(pending[0], pending[1], say(container, "confirmed")); }
        else if (!confirmed) {
          pending = start;
          showPin(start, "pending");
          announce(say(container, "moving") + ": " + fmt(start[0], start[1]) + " — " + say(container, "start-hint"));
        }
      } else if (event.key === "Escape" && pending) {
        event.preventDefault();
        pending = null;
        showPin(confirmed, "set");
        announce(confirmed ? say(container, "picked") + ": " + fmt(confirmed[0], confirmed[1]) : say(container, "cancelled"));
      } else if (event.key === "+" || event.key === "=" || event.key === "-") {
        event.preventDefault();
        var around = pending || confirmed;  // zoom on the pin, where the partner is looking
        var zoom = map.getZoom() + (event.key === "-" ? -1 : 1);
        if (around) { map.setView(around, zoom); } else { map.setZoom(zoom); }
      }
    });
    function onTyped() {
      var p = fromInputs();
      pending = null;
      if (p) {
        confirmed = p;
        showPin(p, "set");
        container.setAttribute("data-pin", fmt(p[0], p[1]).replace(", ", ","));
        announce(say(container, "picked") + ": " + fmt(p[0], p[1]));
        resolve(p[0], p[1], say(container, "picked"));
      } else {
        confirmed = null;
        asked++;
        showPin(null);
        container.removeAttribute("data-pin");
        if (latInput.value && lonInput.value) { announce(say(container, "outside")); }
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
        announce(say(container, "cleared"));
      });
    }
    var initial = fromInputs();  // a form shown again after an error keeps its pin
    if (initial) {
      confirmed = initial;
      showPin(initial, "set");
      map.setView(initial, 14);
      container.setAttribute("data-pin", fmt(initial[0], initial[1]).replace(", ", ","));
    }
    container.setAttribute("data-drawn", "1");
  }

  function init() {
    document.querySelectorAll("[data-map-picker]").forEach(function (container) {
      if (container.hasAttribute("data-drawn")) { return; }
      if (container.getAttribute("data-map-picker") === "edit") { initEdit(container); } else { initView(container); }
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
