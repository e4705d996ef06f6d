/* Filing form: while the member types a title/body, show up to 5 similar suggestions they may
   support instead of filing a duplicate. Include on the form page with a container
   <div id="similar-suggestions" data-similar-url="{% url 'search:similar_preview' %}"></div>.
   Data is rendered with textContent only (never innerHTML). */
(function () {
  "use strict";
  var gettext = window.gettext || function (s) { return s; };  // Django's /jsi18n/ catalog
  function init() {
    var box = document.getElementById("similar-suggestions");
    if (!box || !box.getAttribute("data-similar-url")) return;
    var url = box.getAttribute("data-similar-url");
    var title = document.getElementById("id_title");
    var body = document.getElementById("id_body");
    if (!title && !body) return;
    var timer = null, seq = 0;
    box.setAttribute("aria-live", "polite");

    function render(results) {
      while (box.firstChild) box.removeChild(box.firstChild);
      if (!results.length) { box.hidden = true; return; }
      box.hidden = false;
      var heading = document.createElement("p");
      heading.className = "similar-hint";
      heading.textContent = box.getAttribute("data-hint") ||
        gettext("비슷한 제안이 이미 있습니다. 새로 등록하는 대신 공감을 눌러 힘을 보탤 수 있어요.");
      box.appendChild(heading);
      var list = document.createElement("ul");
      list.className = "similar-list";
      results.forEach(function (r) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = String(r.url).charAt(0) === "/" ? r.url : "#";  // same-site links only
        a.textContent = r.title;
        li.appendChild(a);
        var status = document.createElement("span");
        status.className = "similar-status";
        status.textContent = " (" + (r.status_label || r.status) + ")";
        li.appendChild(status);
        list.appendChild(li);
      });
      box.appendChild(list);
    }

    function lookup() {
      var t = title ? title.value : "", b = body ? body.value : "";
      if ((t + b).trim().length < 4) { render([]); return; }
      var mine = ++seq;
      // POST, not the query string: the draft must not land in access logs. CSRF token from the form.
      var form = new URLSearchParams({ title: t.slice(0, 200), body: b.slice(0, 2000) });
      var csrf = document.querySelector("input[name=csrfmiddlewaretoken]");
      fetch(url, {
        method: "POST",
        credentials: "same-origin",
        headers: { Accept: "application/json", "X-CSRFToken": csrf ? csrf.value : "" },
        body: form
      })
        .then(function (r) { return r.ok ? r.json() : { results: [] }; })
        .then(function (data) { if (mine === seq) render(data.results || []); })
        .catch(function () { /* the form works without it */ });
    }
    function schedule() { clearTimeout(timer); timer = setTimeout(lookup, 400); }
    [title, body].forEach(function (field) { if (field) field.addEventListener("input", schedule); });
    if ((title && title.value) || (body && body.value)) schedule();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
