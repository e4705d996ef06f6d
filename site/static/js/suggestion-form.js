// Filing form: show the field-report fieldset only for 현장 의견; optional "use my location".
(function () {
  "use strict";
  var gettext = window.gettext || function (s) { return s; };  // Django's /jsi18n/ catalog
  var form = document.getElementById("suggestion-form");
  if (!form) { return; }
  var fieldset = document.getElementById("field-report-fields");
  function currentKind() {
    var checked = form.querySelector("input[name='kind']:checked");
    return checked ? checked.value : "proposal";
  }
  function sync() {
    var isReport = currentKind() === "field_report";
    fieldset.hidden = !isReport;
    fieldset.disabled = !isReport;
  }
  form.querySelectorAll("input[name='kind']").forEach(function (el) { el.addEventListener("change", sync); });
  sync();

  var button = document.getElementById("use-my-location");
  var status = document.getElementById("location-status");
  if (button && navigator.geolocation) {
    button.hidden = false;
    button.addEventListener("click", function () {
      status.textContent = gettext("위치를 확인하는 중…");
      navigator.geolocation.getCurrentPosition(function (pos) {
        document.getElementById("id_lat").value = pos.coords.latitude.toFixed(5);
        document.getElementById("id_lon").value = pos.coords.longitude.toFixed(5);
        status.textContent = gettext("현재 위치를 넣었습니다.");
        // map-picker.js moves its pin (and announces the place) when the coordinates change
        document.getElementById("id_lon").dispatchEvent(new Event("input", { bubbles: true }));
      }, function () {
        status.textContent = gettext("위치를 가져올 수 없습니다. 주소를 입력해 주세요.");
      }, { timeout: 8000 });
    });
  }
})();
